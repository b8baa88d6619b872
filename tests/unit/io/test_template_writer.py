"""The blank collection template: the measures due, a frozen header, and no formulas."""

import io

from openpyxl import load_workbook

from councilstat.core.periods import FinancialYear, Month, Quarter
from councilstat.io.template_writer import COLUMNS, TemplateRow, write_template


def read_back(content):
    return load_workbook(io.BytesIO(content)).active


def test_one_row_per_value_due_under_a_frozen_header():
    sheet = read_back(
        write_template(
            [
                TemplateRow("1A1", "Families contacted in 3 days", Month(2019, 7)),
                TemplateRow("1A2", "Looked after children", Quarter(2019, 2)),
                TemplateRow("4C1", "Residents satisfied", FinancialYear(2019)),
            ],
            title="Council Plan 2019/20 Q2",
        )
    )
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert tuple(rows[0]) == COLUMNS
    assert rows[1:] == [
        ["1A1", "Families contacted in 3 days", "2019-07", None, None, None, None],
        ["1A2", "Looked after children", "2019/20 Q2", None, None, None, None],
        ["4C1", "Residents satisfied", "2019/20", None, None, None, None],
    ]
    assert sheet.title == "Observations"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])


def test_formula_like_text_is_escaped():
    sheet = read_back(
        write_template(
            [
                TemplateRow("X1", '=HYPERLINK("http://evil.example","click")', Quarter(2019, 2)),
                TemplateRow("X2", "+44 1234", Quarter(2019, 2)),
                TemplateRow("X3", "-1 of 3", Quarter(2019, 2)),
                TemplateRow("X4", "@SUM(A1)", Quarter(2019, 2)),
                TemplateRow("X5", "Plain title", Quarter(2019, 2)),
            ]
        )
    )
    titles = [sheet.cell(row, 2) for row in range(2, 7)]
    assert [c.value for c in titles] == [
        '\'=HYPERLINK("http://evil.example","click")',
        "'+44 1234",
        "'-1 of 3",
        "'@SUM(A1)",
        "Plain title",
    ]
    assert {c.data_type for c in titles} == {"s"}  # text, never a formula


def test_characters_a_workbook_cannot_hold_are_dropped():
    sheet = read_back(write_template([TemplateRow("X1", "Bell\x07 and NUL\x00", Quarter(2019, 2))]))
    assert sheet["B2"].value == "Bell and NUL"


def test_an_empty_template_still_has_its_header():
    sheet = read_back(write_template([]))
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet.max_row == 1
