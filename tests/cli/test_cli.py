"""The ``councilstat`` command, run as a user runs it: the installed entry point, in a process."""

import json
from html.parser import HTMLParser

import pytest

from tests.cli.helpers import run
from tests.unit.io.plan_files import OBSERVATIONS, write_plan


def test_help_lists_the_commands_in_plain_words():
    result = run("--help")
    assert result.returncode == 0
    for command in ("validate", "summary", "report", "demo"):
        assert command in result.stdout
    assert "measures.csv" in run("summary", "--help").stdout


def test_validate_a_good_plan(tmp_path):
    result = run("validate", write_plan(tmp_path))
    assert result.returncode == 0
    assert result.stdout.strip().endswith("OK: 4 measures, 3 targets, 6 observations")


def test_validate_a_bad_plan_lists_every_problem_and_exits_1(tmp_path):
    folder = write_plan(
        tmp_path, observations=[*OBSERVATIONS, "9Z9,2019/20 Q2,5,,,", "2A1,2019/20 Q3,,0,0,"]
    )
    result = run("validate", folder)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("observations.csv:8:code: unknown measure code '9Z9'")
    assert lines[1].startswith("observations.csv:9:denominator: the denominator must be above zero")
    assert lines[2].endswith("2 problems found; nothing was loaded")
    assert "Traceback" not in result.stderr


def test_summary_json_has_the_contract_fields(tmp_path):
    result = run("summary", write_plan(tmp_path), "--period", "Q2 2019/20", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"] == "2019/20 Q2"
    assert data["previous_period"] == "2019/20 Q1"
    assert (data["measures"], data["assessed"], data["met"]) == (4, 3, 1)
    assert data["rag"] == {"green": 1, "amber": 1, "red": 1}
    assert data["met_pct"] == 33
    assert data["previous_met_pct"] == 0
    assert data["direction"]["assessed"] == 1
    assert data["direction"]["improving"] == 1
    by_code = {m["code"]: m for m in data["by_measure"]}
    assert by_code["1A1"] == by_code["1A1"] | {
        "value": 78,
        "target": 80,
        "rag": "amber",
        "direction": None,
    }
    assert by_code["1A2"]["direction"] == "improving"
    assert by_code["1A2"]["rag"] == "green"
    assert by_code["2A1"]["rag"] == "red"
    assert by_code["2A2"]["rag"] is None
    assert by_code["2A2"]["not_assessed_reason"] == "no_polarity"


def test_summary_without_json_prints_the_headline(tmp_path):
    result = run("summary", write_plan(tmp_path), "--period", "2019/20 Q2")
    assert result.returncode == 0
    assert "Of the 3 measures with data and a target this quarter, 1 (33%)" in result.stdout


ANNUAL_MEASURES = [
    "code,title,priority,outcome,unit,polarity,frequency,tolerance",
    "A1,Apprenticeship starts,1,1.A,number,higher,annual,5%",
    "A2,Staff turnover,1,1.A,percent,lower,annual,1",
    "A3,Staff declaring a disability,1,1.B,percent,higher,annual,1",
]
ANNUAL_TARGETS = [
    "code,period,target",
    *(f"{code},{year},{t}" for code, t in (("A1", 2000), ("A2", 10), ("A3", 5)) for year in
      ("2021/22", "2022/23")),
]  # fmt: skip
ANNUAL_OBSERVATIONS = [
    "code,period,value",
    "A1,2020/21,1800",
    "A1,2021/22,1900",
    "A1,2022/23,2050",
    "A2,2020/21,12",
    "A2,2021/22,9.5",
    "A2,2022/23,10.6",
    "A3,2021/22,4.5",
    "A3,2022/23,4.5",
]


def test_summary_of_a_financial_year_compares_year_on_year(tmp_path):
    folder = write_plan(
        tmp_path,
        measures=ANNUAL_MEASURES,
        targets=ANNUAL_TARGETS,
        observations=ANNUAL_OBSERVATIONS,
    )
    result = run("summary", folder, "--period", "2022/23", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["period"], data["previous_period"]) == ("2022/23", "2021/22")
    assert (data["assessed"], data["met"], data["met_pct"]) == (3, 1, 33)
    assert data["rag"] == {"green": 1, "amber": 2, "red": 0}
    # 2021/22: A1 1900 (amber), A2 9.5 (green), A3 4.5 (amber): 1 of 3 met
    assert data["previous_met_pct"] == 33
    assert (
        data["direction"] | {"assessed": 3, "improving": 1, "no_change": 1, "worsening": 1}
        == (data["direction"])
    )
    # 2021/22 against 2020/21: A1 and A2 improved; A3 has no 2020/21 value
    assert data["direction"]["previous_improving_pct"] == 100
    by_code = {m["code"]: m for m in data["by_measure"]}
    assert (by_code["A2"]["previous_value"], by_code["A2"]["direction"]) == (9.5, "worsening")
    text = run("summary", folder, "--period", "2022/23")
    assert "performance against 2 outcomes and 3 measures for 2022/23." in text.stdout
    assert "1 (33%) met or exceeded their target, compared with 33% in 2021/22." in text.stdout
    assert "with a comparable previous value, compared with 100% in 2021/22." in text.stdout


def test_an_annual_plans_fourth_quarter_compares_with_the_year_before(tmp_path):
    folder = write_plan(
        tmp_path,
        measures=ANNUAL_MEASURES,
        targets=ANNUAL_TARGETS,
        observations=ANNUAL_OBSERVATIONS,
    )
    data = json.loads(run("summary", folder, "--period", "2022/23 Q4", "--json").stdout)
    assert data["previous_period"] == "2022/23 Q3"
    assert data["direction"]["assessed"] == 3


def test_validate_counts_in_good_english(tmp_path):
    folder = write_plan(
        tmp_path,
        measures=ANNUAL_MEASURES[:2],
        targets=ANNUAL_TARGETS[:2],
        observations=ANNUAL_OBSERVATIONS[:2],
    )
    result = run("validate", folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("OK: 1 measure, 1 target, 1 observation")


@pytest.mark.parametrize(
    "args",
    [
        ("summary", "PLAN", "--period", "sometime"),
        ("report", "PLAN", "--period", "2019/20 Q2", "--output", "x.txt"),
        ("summary", "PLAN", "--period", "2019/20 Q2", "--colour"),
        ("report", "PLAN", "--period", "2019/20 Q2", "--output", "x.html", "--format", "pptx"),
        ("frobnicate",),
    ],
)
def test_bad_usage_exits_2_without_a_traceback(tmp_path, args):
    folder = write_plan(tmp_path)
    result = run(*(folder if a == "PLAN" else a for a in args))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")

    def handle_data(self, data):
        self.parts.append(data)


def test_report_writes_an_html_page(tmp_path):
    output = tmp_path / "out" / "report.html"
    result = run(
        "report",
        write_plan(tmp_path / "plan"),
        "--period",
        "2019/20 Q2",
        "--format",
        "html",
        "--output",
        output,
    )
    assert result.returncode == 0, result.stderr
    parser = _Text()
    parser.feed(output.read_text(encoding="utf-8"))
    text = " ".join(" ".join(parser.parts).split())
    assert parser.lang == "en-GB"
    assert "Of the 3 measures with data and a target this quarter, 1 (33%) met or exceeded" in text
    assert "Exception report" in text
    assert "Drug treatment completions" in text


def test_a_bad_plan_leaves_an_existing_report_untouched(tmp_path):
    output = tmp_path / "report.html"
    output.write_text("the pack that went to committee")
    folder = write_plan(tmp_path / "plan", observations=[*OBSERVATIONS, "1A2,2019/20 Q3,lots,,,"])
    result = run("report", folder, "--period", "2019/20 Q2", "--output", output)
    assert result.returncode == 1
    assert "observations.csv:8:value: 'lots' is not a number" in result.stderr
    assert output.read_text() == "the pack that went to committee"


def test_an_unwritable_output_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(
        "report",
        write_plan(tmp_path / "plan"),
        "--period",
        "2019/20 Q2",
        "--output",
        blocker / "r.html",
    )
    assert result.returncode == 1
    assert "cannot write the report" in result.stderr
    assert "Traceback" not in result.stderr
