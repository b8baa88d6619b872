"""The blank collection template: the measures due, a frozen header, and no formulas."""

import io
from decimal import Decimal as D

from openpyxl import load_workbook

from councilstat.core.periods import FinancialYear, Month, Quarter
from councilstat.io.template_writer import COLUMNS, LABELS, TemplateRow, write_template


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
    blank = [None] * 7
    assert rows[1:] == [
        ["1A1", "Families contacted in 3 days", "2019-07", *blank],
        ["1A2", "Looked after children", "2019/20 Q2", *blank],
        ["4C1", "Residents satisfied", "2019/20", *blank],
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


def test_each_row_carries_what_helps_fill_it_in_and_what_is_already_stored():
    book = load_workbook(
        io.BytesIO(
            write_template(
                [
                    TemplateRow(
                        "1A1",
                        "Families contacted",
                        Quarter(2019, 2),
                        unit="Per cent",
                        target=D("80"),
                        previous=D("77.5"),
                        value=D("81.2"),
                        numerator=D("406"),
                        denominator=D("500"),
                        note="On track",
                    ),
                    TemplateRow("1A2", "Children", Quarter(2019, 2), unit="Number"),
                ]
            )
        )
    )
    sheet = book["Observations"]
    rows = [
        dict(zip(COLUMNS, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert rows[0] == {
        "code": "1A1",
        "title": "Families contacted",
        "period": "2019/20 Q2",
        "unit": "Per cent",
        "target": 80,
        "previous": 77.5,
        "value": 81.2,
        "numerator": 406,
        "denominator": 500,
        "note": "On track",
    }
    assert rows[1]["value"] is None
    assert rows[1]["target"] is None
    # The helping columns are shaded; the figures' cells take numbers only.
    assert {sheet.cell(2, COLUMNS.index(c) + 1).fill.fgColor.rgb for c in LABELS} == {"00F3F2F1"}
    assert sheet.cell(2, COLUMNS.index("value") + 1).fill.fgColor.rgb == "00000000"
    checks = {str(v.sqref): (v.type, v.operator) for v in sheet.data_validations.dataValidation}
    assert checks == {
        "G2:G3 H2:H3": ("decimal", "between"),
        "I2:I3": ("decimal", "greaterThan"),
        "J2:J3": ("textLength", "lessThanOrEqual"),
    }
    assert all(v.showErrorMessage and v.error for v in sheet.data_validations.dataValidation)
    guide = book["How to fill this in"]
    assert "Fill in the value column" in guide["A1"].value
