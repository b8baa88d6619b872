"""Observations-only files read against a plan already held: the plan reader's rules and
messages, composed from the same row readers."""

from decimal import Decimal as D

import pytest

from councilstat.core.periods import Month, Quarter
from councilstat.io.observation_reader import read_observations
from councilstat.io.plan_reader import read_plan
from councilstat.io.problems import DataFileError
from councilstat.io.template_writer import TemplateRow, write_template
from tests.unit.io.plan_files import write_plan

HEADER = "code,period,value,numerator,denominator,note"


@pytest.fixture
def plan(tmp_path):
    """The io tests' four-measure plan: 1A1 monthly percent, 1A2/2A1/2A2 quarterly."""
    return read_plan(write_plan(tmp_path / "plan")).plan


def csv_file(tmp_path, *lines, name="values.csv"):
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def problems_of(path, plan):
    with pytest.raises(DataFileError) as raised:
        read_observations(path, plan)
    return [str(p) for p in raised.value.problems]


def test_a_valid_csv_gives_every_value(tmp_path, plan):
    path = csv_file(
        tmp_path, HEADER, "1A1,2019-10,81,,,", "1a2,2019/20 Q3,390,,,fewer", "2A1,Q3 2019/20,,6,30,"
    )
    loaded = read_observations(path, plan)
    values = {(o.code, o.period): o for o in loaded.observations}
    assert values[("1A1", Month(2019, 10))].value == D(81)
    assert values[("1A2", Quarter(2019, 3))].note == "fewer"  # code matched ignoring case
    assert values[("2A1", Quarter(2019, 3))].value == D(20)  # 100 x 6 / 30
    assert loaded.warnings == ()


def test_every_problem_is_reported_with_file_row_and_column(tmp_path, plan):
    path = csv_file(
        tmp_path,
        HEADER,
        "9Z9,2019/20 Q3,1,,,",
        "1A1,2019/20 Q3,80,,,",
        "1A2,2019/20 Q3,lots,,,",
        "2A1,2019/20 Q3,120,,,",
        "2A1,2019/20 Q3,20,,,",
    )
    assert problems_of(path, plan) == [
        "values.csv:2:code: unknown measure code '9Z9': it is not in measures",
        "values.csv:3:period: 1A1 is collected monthly, so its periods are months like 2019-07; 2019/20 Q3 is a quarter",
        "values.csv:4:value: 'lots' is not a number",
        "values.csv:5:value: a percentage must be 0 to 100, not 120",
        "values.csv:6:period: 2A1 already has a row for 2019/20 Q3",
    ]


def test_a_missing_value_column_is_a_problem(tmp_path, plan):
    path = csv_file(tmp_path, "code,period", "1A2,2019/20 Q3")
    assert problems_of(path, plan) == [
        "values.csv:1:value: give a value column, or numerator and denominator columns"
    ]


def test_a_row_without_figures_is_skipped_without_a_warning(tmp_path, plan):
    # A blank row is a value not filled in yet: nothing to warn about.
    loaded = read_observations(csv_file(tmp_path, HEADER, "1A2,2019/20 Q3,,,,"), plan)
    assert loaded.observations == ()
    assert loaded.warnings == ()
    assert loaded.blank_rows == 1


def test_a_workbook_reports_its_sheet(tmp_path, plan):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Observations"
    sheet.append(["Code", "Title", "Period", "Value"])
    sheet.append(["1A2", "Looked after children", "2019/20 Q3", 390])
    sheet.append(["1A2", "Looked after children", "2019/20 Q4", "n/a"])
    path = tmp_path / "values.xlsx"
    workbook.save(path)
    assert problems_of(path, plan) == ["values.xlsx:Observations:3:Value: 'n/a' is not a number"]


def test_a_workbook_without_an_observations_sheet_is_refused(tmp_path, plan):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    assert problems_of(path, plan) == ["other.xlsx: the workbook has no observations sheet"]


def test_other_kinds_of_file_are_refused(tmp_path, plan):
    path = tmp_path / "values.txt"
    path.write_text("code,period,value\n")
    assert problems_of(path, plan) == ["values.txt: give a .csv file or an .xlsx workbook"]


def test_the_collection_template_reads_back_once_filled_in(tmp_path, plan):
    from openpyxl import load_workbook

    path = tmp_path / "template.xlsx"
    path.write_bytes(
        write_template(
            [
                TemplateRow("1A1", "Families contacted", Month(2019, 10)),
                TemplateRow("1A2", "Looked after children", Quarter(2019, 3)),
            ]
        )
    )
    workbook = load_workbook(path)
    workbook.active["G2"] = 79.5  # the value column
    workbook.active["E2"] = 80  # a target typed over: a label, ignored
    workbook.save(path)
    loaded = read_observations(path, plan)
    assert [(o.code, o.period, o.value) for o in loaded.observations] == [
        ("1A1", Month(2019, 10), D("79.5"))
    ]
    assert loaded.warnings == ()
    assert loaded.blank_rows == 1
    assert loaded.sheet == "Observations"
    assert loaded.rows == {("1A1", "2019-10"): 2}
