"""The file readers refuse every value the store cannot hold, each as FILE:ROW:COLUMN, with the
core's one set of bounds: finite, magnitude below 10^12, at most 6 decimal places, text within
its column's length."""

import pytest

from councilstat.io.observation_reader import read_observations
from councilstat.io.plan_reader import read_plan
from councilstat.io.problems import DataFileError
from councilstat.io.series_reader import read_series
from tests.unit.io.plan_files import MEASURES, OBSERVATIONS, TARGETS, write_plan, write_workbook

TOO_BIG = "must be less than 1,000,000,000,000"
TOO_PRECISE = "no more than 6 decimal places"
HOSTILE = [
    ("1e30", TOO_BIG),
    ("12345678901234567890", TOO_BIG),
    ("1e12", TOO_BIG),
    ("-1e12", TOO_BIG),
    ("1.2345678", TOO_PRECISE),
    ("nan", "not a finite number"),
    ("inf", "not a finite number"),
    ("-inf", "not a finite number"),
]


def problems_of(path):
    with pytest.raises(DataFileError) as raised:
        read_plan(path)
    return [str(p) for p in raised.value.problems]


@pytest.mark.parametrize(("number", "message"), HOSTILE)
def test_hostile_values_targets_and_counts_are_refused(tmp_path, number, message):
    folder = write_plan(
        tmp_path,
        targets=[*TARGETS, f"1A2,2018/19,{number}"],
        observations=[
            *OBSERVATIONS,
            f"1A2,2019/20 Q3,{number},,,",
            f"2A1,2019/20 Q3,,{number},40,",
            f"2A1,2019/20 Q4,,1,{number},",
        ],
    )
    problems = problems_of(folder)
    assert [p.split(": ")[0] for p in problems] == [
        "targets.csv:5:target",
        "observations.csv:8:value",
        "observations.csv:9:numerator",
        "observations.csv:10:denominator",
    ]
    assert all(message in p for p in problems), problems


@pytest.mark.parametrize(("number", "message"), HOSTILE[:5])  # a workbook holds no nan or inf
def test_hostile_values_in_a_workbook_and_a_collection_template(tmp_path, number, message):
    workbook = write_workbook(
        tmp_path / "plan.xlsx", observations=[*OBSERVATIONS, f"1A2,2019/20 Q3,{number},,,"]
    )
    problems = problems_of(workbook)
    assert len(problems) == 1
    assert problems[0].startswith("plan.xlsx:Observations:8:value: ")
    assert message in problems[0]
    plan = read_plan(write_plan(tmp_path / "plan")).plan
    values = tmp_path / "values.csv"
    values.write_text(f"code,period,value\n1A2,2019/20 Q3,{number}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        read_observations(values, plan)
    assert [str(p) for p in raised.value.problems] == [
        f"values.csv:2:value: {problems[0].split(': ', 1)[1]}"
    ]


@pytest.mark.parametrize(("number", "message"), HOSTILE)
def test_hostile_values_in_an_spc_series(tmp_path, number, message):
    path = tmp_path / "series.csv"
    path.write_text(f"date,value\n2019-04,5\n2019-05,{number}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        read_series(path)
    (problem,) = [str(p) for p in raised.value.problems]
    assert problem.startswith("series.csv:3:value: ")
    assert message in problem


def test_values_at_the_bounds_are_kept(tmp_path):
    folder = write_plan(
        tmp_path,
        targets=[*TARGETS, "1A2,2018/19,999999999999.999"],
        observations=[*OBSERVATIONS, "1A2,2019/20 Q3,-999999999.999999,,,"],
    )
    plan = read_plan(folder).plan
    assert str(plan.targets[-1].value) == "999999999999.999"


def _measures_with(column, text):
    """The measures with ``text`` in ``column`` of row 2 (1A1); the other rows leave the priority
    and outcome titles blank, so that they cannot disagree with it."""
    header = MEASURES[0].split(",") + ["definition", "source", "directorate", "owner"]
    rows = [line.split(",") + ["", "", "", ""] for line in MEASURES[1:]]
    for row in rows[1:]:
        row[header.index("priority_title")] = row[header.index("outcome_title")] = ""
    rows[0][header.index(column)] = text
    return [",".join(header), *(",".join(row) for row in rows)]


def _measures_only(folder, measures):
    """A plan of measures only: no target or observation to name a code that changed."""
    return write_plan(folder, measures=measures, targets=TARGETS[:1], observations=OBSERVATIONS[:1])


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        ("code", 20),
        ("title", 300),
        ("source", 300),
        ("definition", 5000),
        ("directorate", 200),
        ("owner", 200),
        ("priority_title", 300),
        ("outcome_title", 300),
    ],
)
def test_text_longer_than_its_column_is_refused(tmp_path, column, limit):
    fits = read_plan(_measures_only(tmp_path / "fits", _measures_with(column, "x" * limit)))
    assert len(fits.plan.measures) == 4
    problems = problems_of(
        _measures_only(tmp_path / "long", _measures_with(column, "x" * (limit + 1)))
    )
    assert len(problems) == 1
    assert problems[0].startswith(f"measures.csv:2:{column}: ")
    assert f"is {limit + 1} characters long: at most {limit} are allowed" in problems[0]


def test_a_hostile_source_of_301_characters(tmp_path):
    problems = problems_of(write_plan(tmp_path, measures=_measures_with("source", "s" * 301)))
    assert problems == [
        "measures.csv:2:source: the source is 301 characters long: at most 300 are allowed"
    ]


def test_a_note_a_plan_title_and_a_tolerance_must_fit_their_columns(tmp_path):
    folder = write_plan(tmp_path, observations=[*OBSERVATIONS, f"1A2,2019/20 Q3,5,,,{'n' * 5001}"])
    (folder / "plan.csv").write_text(f"organisation,title\nCouncil,{'t' * 201}\n", encoding="utf-8")
    problems = problems_of(folder)
    assert problems == [
        "plan.csv:2:title: the plan title is 201 characters long: at most 200 are allowed",
        "observations.csv:8:note: the note is 5001 characters long: at most 5000 are allowed",
    ]
    header, *rows = MEASURES
    spoilt = rows[1].split(",")
    spoilt[9] = "0.00001"
    problems = problems_of(_measures_only(tmp_path / "t", [header, rows[0], ",".join(spoilt)]))
    assert problems == [
        "measures.csv:3:tolerance: give the tolerance with no more than 4 decimal places"
    ]
