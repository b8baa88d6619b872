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


@pytest.mark.parametrize(
    "args",
    [
        ("summary", "PLAN", "--period", "sometime"),
        ("summary", "PLAN"),
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
