from decimal import Decimal as D

import pytest

from councilstat.core.periods import Month, Quarter
from councilstat.core.plan import Band
from councilstat.io.plan_reader import read_plan
from councilstat.io.problems import DataFileError
from tests.unit.io.plan_files import MEASURES, OBSERVATIONS, TARGETS, write_plan, write_workbook


def problems_of(path):
    with pytest.raises(DataFileError) as raised:
        read_plan(path)
    return [str(p) for p in raised.value.problems]


def test_valid_folder_loads_every_record(tmp_path):
    loaded = read_plan(write_plan(tmp_path))
    plan = loaded.plan
    assert [m.code for m in plan.measures] == ["1A1", "1A2", "2A1", "2A2"]
    assert len(plan.targets) == 3
    assert len(plan.observations) == 6
    assert plan.observation("1A1", Month(2019, 8)).value == D(78)  # 100 x 39 / 50
    small = plan.observation("2A1", Quarter(2019, 2))
    assert (small.numerator, small.denominator, small.note) == (D(5), D(30), "small numbers")
    assert loaded.warnings == ()


def test_column_names_match_ignoring_case_spaces_and_underscores(tmp_path):
    header = "Code,Title,PRIORITY,Priority title,Outcome,Outcome_Title,Unit,Polarity,Frequency,Tolerance,aggregation"
    loaded = read_plan(write_plan(tmp_path, measures=[header, *MEASURES[1:]]))
    assert loaded.plan.measures[0].priority.title == "Best start"


def test_utf8_with_bom_and_windows_1252(tmp_path):
    measures = [
        *MEASURES[:-1],
        "2A2,Contacts logged – café,2,Adults,2.A,Healthy,number,none,quarterly,,",
    ]
    for encoding in ("utf-8-sig", "cp1252"):
        loaded = read_plan(write_plan(tmp_path / encoding, measures=measures, encoding=encoding))
        assert loaded.plan.measure("2A2").title == "Contacts logged – café"


def test_blank_trailing_rows_and_extra_columns_are_not_errors(tmp_path):
    observations = [
        OBSERVATIONS[0] + ",checked_by",
        *(line + ",AB" for line in OBSERVATIONS[1:]),
        ",,,,,,",
        "",
    ]
    measures = [MEASURES[0] + ",Colour", *(line + ",blue" for line in MEASURES[1:])]
    loaded = read_plan(write_plan(tmp_path, measures=measures, observations=observations))
    assert len(loaded.plan.observations) == 6
    assert loaded.plan.measure("1A1").attributes == {"Colour": "blue"}
    assert [str(w) for w in loaded.warnings] == [
        "observations.csv:1:checked_by: unknown column, ignored"
    ]


def test_a_row_without_a_value_yet_is_skipped_with_a_warning(tmp_path):
    observations = [*OBSERVATIONS, "1A2,2019/20 Q3,,,,"]
    loaded = read_plan(write_plan(tmp_path, observations=observations))
    assert len(loaded.plan.observations) == 6
    assert [str(w) for w in loaded.warnings] == [
        "observations.csv:8: no value given yet; row skipped"
    ]


@pytest.mark.parametrize(
    ("file", "line", "expected"),
    [
        (
            "targets",
            "9Z9,2019/20,5",
            "targets.csv:5:code: unknown measure code '9Z9': it is not in measures",
        ),
        (
            "observations",
            "9Z9,2019/20 Q2,5,,,",
            "observations.csv:8:code: unknown measure code '9Z9'",
        ),
        (
            "observations",
            "1A2,2019/20 Q7,5,,,",
            "observations.csv:8:period: '2019/20 Q7': a quarter is Q1 to Q4",
        ),
        ("targets", "1A2,next year,5", "targets.csv:5:period: 'next year' is not a period"),
        (
            "observations",
            "1A2,2019/20 Q2,7,,,",
            "observations.csv:8:period: 1A2 already has a row for 2019/20 Q2",
        ),
        ("targets", "1A1,2019/20,81", "targets.csv:5:period: 1A1 already has a row for 2019/20"),
        (
            "observations",
            "1A2,2019/20 Q3,lots,,,",
            "observations.csv:8:value: 'lots' is not a number",
        ),
        ("targets", "1A2,2018/19,n/a", "targets.csv:5:target: 'n/a' is not a number"),
        (
            "observations",
            "2A1,2019/20 Q3,101,,,",
            "observations.csv:8:value: a percentage must be 0 to 100, not 101",
        ),
        (
            "observations",
            "2A1,2019/20 Q3,-1,,,",
            "observations.csv:8:value: a percentage must be 0 to 100, not -1",
        ),
        (
            "targets",
            "2A1,2018/19,120",
            "targets.csv:5:target: a percentage must be 0 to 100, not 120",
        ),
        (
            "observations",
            "2A1,2019/20 Q3,,31,30,",
            "observations.csv:8:numerator: the numerator (31) is above the denominator (30)",
        ),
        (
            "observations",
            "2A1,2019/20 Q3,,0,0,",
            "observations.csv:8:denominator: the denominator must be above zero, not 0",
        ),
        (
            "observations",
            "2A1,2019/20 Q3,,1,-4,",
            "observations.csv:8:denominator: the denominator must be above zero, not -4",
        ),
        (
            "observations",
            "2A1,2019/20 Q3,,3,,",
            "observations.csv:8:denominator: give both numerator and denominator",
        ),
        (
            "observations",
            "2A1,2019/20 Q3,50,3,30,",
            "observations.csv:8:value: the value 50 does not match",
        ),
        (
            "targets",
            "2A2,2019/20,1000",
            "targets.csv:5:target: 2A2 has polarity none, so it cannot have a target",
        ),
        (
            "observations",
            "1A2,2019-07,5,,,",
            "observations.csv:8:period: 1A2 is collected quarterly, so its periods are quarters like 2019/20 Q2; 2019-07 is a month",
        ),
        (
            "observations",
            "1A1,2019/20 Q3,5,,,",
            "observations.csv:8:period: 1A1 is collected monthly, so its periods are months like 2019-07",
        ),
        (
            "targets",
            "1A2,2019-08,5",
            "targets.csv:5:period: 1A2 is collected quarterly, so a target cannot be set for a month",
        ),
    ],
)
def test_each_bad_row_is_reported_with_file_row_and_column(tmp_path, file, line, expected):
    baseline = {"targets": TARGETS, "observations": OBSERVATIONS}
    problems = problems_of(write_plan(tmp_path, **{file: [*baseline[file], line]}))
    assert len(problems) == 1
    assert problems[0].startswith(expected)


@pytest.mark.parametrize(
    ("column", "bad", "expected"),
    [
        (
            "unit",
            "furlongs",
            "measures.csv:3:unit: unknown unit 'furlongs': use one of number, percent",
        ),
        (
            "polarity",
            "up",
            "measures.csv:3:polarity: unknown polarity 'up': use one of higher, lower, none",
        ),
        ("frequency", "weekly", "measures.csv:3:frequency: unknown frequency 'weekly'"),
        ("aggregation", "median", "measures.csv:3:aggregation: unknown aggregation 'median'"),
        ("tolerance", "-5%", "measures.csv:3:tolerance: a tolerance cannot be negative"),
        ("tolerance", "some", "measures.csv:3:tolerance: 'some' is not a number"),
    ],
)
def test_bad_measure_attributes(tmp_path, column, bad, expected):
    header = MEASURES[0].split(",")
    row = MEASURES[2].split(",")
    row[header.index(column)] = bad
    problems = problems_of(
        write_plan(tmp_path, measures=[*MEASURES[:2], ",".join(row), *MEASURES[3:]])
    )
    assert problems == [p for p in problems if p.startswith("measures.csv:3:")]
    assert any(p.startswith(expected) for p in problems)


def test_duplicate_measure_code_and_inconsistent_titles(tmp_path):
    measures = [
        *MEASURES,
        "1A2,Again,1,Best start,1.A,Safe,number,lower,quarterly,2,",
        "3A1,New,1,Other title,1.A,Safe,number,lower,quarterly,2,",
        "3A2,New,3,Third,1.A,Safe,number,lower,quarterly,2,",
    ]
    assert problems_of(write_plan(tmp_path, measures=measures)) == [
        "measures.csv:6:code: measure 1A2 is listed more than once",
        "measures.csv:7:priority_title: priority 1 is titled 'Best start' on an earlier row",
        "measures.csv:8:outcome: outcome 1.A is under priority 1 on an earlier row",
    ]


def test_missing_required_columns_are_each_reported(tmp_path):
    problems = problems_of(
        write_plan(
            tmp_path,
            targets=["code,when,target", "1A1,2019/20,80"],
            observations=["code,period,note", "1A1,2019-07,x"],
        )
    )
    assert problems == [
        "targets.csv:1:period: required column is missing",
        "observations.csv:1:value: give a value column, or numerator and denominator columns",
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    observations = [
        *OBSERVATIONS,
        "9Z9,2019/20 Q2,5,,,",
        "1A2,2019/20 Q3,lots,,,",
        "2A1,2019/20 Q3,,40,30,",
    ]
    targets = [*TARGETS, "2A2,2019/20,1"]
    problems = problems_of(write_plan(tmp_path, targets=targets, observations=observations))
    assert [p.split(": ")[0] for p in problems] == [
        "targets.csv:5:target",
        "observations.csv:8:code",
        "observations.csv:9:value",
        "observations.csv:10:numerator",
    ]


def test_missing_folder_and_missing_measures(tmp_path):
    assert problems_of(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: no such file or folder"]
    (tmp_path / "empty").mkdir()
    assert problems_of(tmp_path / "empty") == [
        "empty: measures is missing (measures.csv or a sheet)"
    ]


def test_undecodable_csv_is_reported(tmp_path):
    folder = write_plan(tmp_path)
    (folder / "targets.csv").write_bytes(b"code,period,target\r\n1A1,2019/20,8\x81\r\n")
    assert problems_of(folder) == [
        "targets.csv: cannot read the text at byte 33: save the file as CSV UTF-8"
    ]


def test_workbook_loads_and_reports_sheet_row_and_column(tmp_path):
    good = read_plan(write_workbook(tmp_path / "plan.xlsx"))
    assert len(good.plan.observations) == 6
    assert good.plan.target("1A1", Month(2019, 7)) == D(80)
    bad = write_workbook(
        tmp_path / "bad.xlsx",
        observations=[*OBSERVATIONS, "1A2,2019/20 Q2,7,,,", "2A1,2019/20 Q3,abc,,,"],
    )
    assert problems_of(bad) == [
        "bad.xlsx:Observations:8:period: 1A2 already has a row for 2019/20 Q2",
        "bad.xlsx:Observations:9:value: 'abc' is not a number",
    ]


def test_workbook_dates_in_the_period_column_are_months(tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    path = write_workbook(tmp_path / "plan.xlsx")
    workbook = load_workbook(path)
    workbook["Observations"]["B2"] = dt.datetime(2019, 7, 1)  # Excel's reading of "2019-07"
    workbook.save(path)
    assert read_plan(path).plan.observation("1A1", Month(2019, 7)).value == D(78)


def test_not_a_workbook_and_a_zip_bomb_are_refused(tmp_path):
    import zipfile

    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip")
    assert problems_of(fake) == ["fake.xlsx: not an .xlsx workbook (it is not a zip file)"]
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"\0" * (201 * 1024 * 1024))
    assert problems_of(bomb) == ["bomb.xlsx: the workbook unpacks to more than is allowed"]


def test_wrong_kind_of_path(tmp_path):
    other = tmp_path / "plan.ods"
    other.write_text("x")
    assert problems_of(other) == [f"{other}: give a folder of CSV files or an .xlsx workbook"]


BAND_MEASURES = [
    *MEASURES,
    "5D8,Gender pay gap,5,Council,5.D,Workforce,number,target band,annual,1,",
    "5A3,Budget spent,5,Council,5.A,Money,percent,band,quarterly,1%,",
]


def test_a_target_band_is_read_from_low_to_high_or_a_target_upper_column(tmp_path):
    targets = [
        "code,period,target,target_upper",
        *(line + "," for line in TARGETS[1:]),
        "5D8,2019/20,-2 to 2,",
        "5A3,2019/20,95,100",
    ]
    plan = read_plan(write_plan(tmp_path, measures=BAND_MEASURES, targets=targets)).plan
    assert plan.measure("5D8").polarity.value == "band"
    assert plan.target_band("5D8", Quarter(2019, 4)) == Band(D(-2), D(2))
    assert plan.target_band("5A3", Quarter(2019, 2)) == Band(D(95), D(100))
    assert plan.target_band("1A2", Quarter(2019, 2)) == Band(D(400), D(400))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("5D8,2019/20,2 to -2,", "targets.csv:5:target: the top of the target band (-2) is below"),
        ("5A3,2019/20,98,97", "targets.csv:5:target_upper: the top of the target band (97)"),
        ("5A3,2019/20,98 to 99,100", "targets.csv:5:target_upper: the band is given twice"),
        ("1A2,2018/19,400,410", "targets.csv:5:target_upper: 1A2 has polarity lower: only"),
        ("5A3,2019/20,98 to 101,", "targets.csv:5:target: a percentage must be 0 to 100, not 101"),
        ("5A3,2019/20,98,1e13", "targets.csv:5:target_upper: the target_upper must be less"),
        ("5A3,2019/20,98 to lots,", "targets.csv:5:target: 'lots' is not a number"),
    ],
)
def test_bad_target_bands(tmp_path, line, expected):
    targets = ["code,period,target,target_upper", *(t + "," for t in TARGETS[1:]), line]
    problems = problems_of(write_plan(tmp_path, measures=BAND_MEASURES, targets=targets))
    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_the_plan_names_its_outcomes_in_its_own_words(tmp_path):
    folder = write_plan(tmp_path)
    (folder / "plan.csv").write_text(
        "organisation,title,outcome term\nCouncil,Plan,key delivery outcome\n", encoding="utf-8"
    )
    plan = read_plan(folder).plan
    assert (plan.outcome_term, plan.outcome_term_plural) == ("key delivery outcome", "")
    (folder / "plan.csv").write_text("organisation,title\nCouncil,Plan\n", encoding="utf-8")
    assert read_plan(folder).plan.outcome_term == "outcome"
