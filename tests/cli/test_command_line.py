"""The command line reads well: help wrapped to the terminal with examples, ``summary`` on the
latest quarter by default, ``spc`` in the plan files' words, and no report written under a name
that says another format. Run in-process with typer's ``CliRunner``."""

import datetime as dt
import re

import pytest
from typer.testing import CliRunner

from councilstat.cli import app
from tests.unit.io.plan_files import OBSERVATIONS, write_plan

COMMANDS = ("validate", "summary", "report", "demo", "spc")
BOX = re.compile(r"[│╭╮╰╯─•]")


def invoke(*args, columns=100):
    runner = CliRunner()
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": str(columns)}, color=False)


def lines_of(text):
    """The help's lines with the panels' borders taken off."""
    return [" ".join(BOX.sub(" ", line).split()) for line in text.splitlines()]


@pytest.mark.parametrize("columns", [60, 100])
@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_wrapped_help_with_examples(command, columns):
    result = invoke(command, "--help", columns=columns)
    assert result.exit_code == 0, result.output
    lines = lines_of(result.output)
    assert "Examples" in lines
    examples = lines[lines.index("Examples") + 1 :]
    assert any(line.startswith(f"councilstat {command}") for line in examples)
    assert all(len(line) <= columns for line in result.output.splitlines())
    # No option's values are cut in the middle of a word: each <...> closes on its line.
    for line in lines:
        assert line.count("<") == line.count(">"), line


def test_a_docstring_line_break_is_not_kept():
    lines = lines_of(invoke("--help", columns=100).output)
    at = next(i for i, line in enumerate(lines) if line.startswith("spc "))
    # The docstring breaks after "the process"; the help flows on over that break instead of
    # leaving "process" alone on a line.
    assert lines[at + 1].startswith("process limits, each point's special-cause rules"), lines


def test_spc_help_speaks_of_higher_lower_and_none():
    text = " ".join(lines_of(invoke("spc", "--help", columns=60).output))
    assert "higher, lower or none" in text
    assert "increase" not in text
    assert "neutral" not in text


S1 = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def _series(path, values):
    start = dt.date(2021, 3, 22)
    rows = [f"{start + dt.timedelta(days=i)},{v}" for i, v in enumerate(values)]
    path.write_text("date,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("new", "old"), [("higher", "increase"), ("lower", "decrease"), ("none", "neutral")]
)
def test_spc_takes_the_plan_spelling_and_still_the_old_one(tmp_path, new, old):
    path = _series(tmp_path / "s.csv", S1)
    now = invoke("spc", path, "--improvement", new, "--json")
    before = invoke("spc", path, "--improvement", old, "--json")
    assert now.exit_code == 0, now.output
    assert now.output == before.output
    assert f'"improvement": "{old}"' in now.output


def test_spc_refuses_an_unknown_direction(tmp_path):
    result = invoke("spc", _series(tmp_path / "s.csv", S1), "--improvement", "up")
    assert result.exit_code == 2
    assert "'up' is not a direction: use higher, lower or none" in result.output


def test_spc_prints_its_readings_in_words(tmp_path):
    values = [1] * 7 + [2, 1] * 4 + [30, 3, 4, 3, 4, 3, 4, 3]
    result = invoke("spc", _series(tmp_path / "s.csv", values), "--improvement", "higher")
    assert result.exit_code == 0, result.output
    points = result.output.split("Special-cause points:\n")[1].splitlines()
    assert points[0] == (
        "  2021-03-22 (1): Special cause: concern -- below the lower process limit; "
        "part of a run below the mean"
    )
    assert points[7] == "  2021-03-29 (2): Special cause: concern -- part of a run below the mean"
    assert (
        "  2021-04-06 (30): Special cause: improvement -- above the upper process limit" in points
    )
    for rule_id in ("below_lpl", "shift_below", "special_cause_concern", "_"):
        assert rule_id not in "\n".join(points)


def test_summary_defaults_to_the_latest_quarter_with_data_and_says_so(tmp_path):
    folder = write_plan(tmp_path, observations=[*OBSERVATIONS, "1A2,2019/20 Q3,402,,,"])
    result = invoke("summary", folder, "--json")
    assert result.exit_code == 0, result.output
    assert "No --period given: summarising 2019/20 Q3, the latest quarter with data" in (
        result.stderr
    )
    assert '"period": "2019/20 Q3"' in result.stdout
    chosen = invoke("summary", folder, "--period", "2019/20 Q3", "--json")
    assert chosen.stdout == result.stdout


def test_summary_of_a_plan_with_no_values_says_there_is_no_quarter(tmp_path):
    result = invoke("summary", write_plan(tmp_path, observations=OBSERVATIONS[:1]))
    assert result.exit_code == 1
    assert "no values yet, so there is no quarter to summarise" in result.stderr


@pytest.mark.parametrize("name", ["report.txt", "report.csv", "report", "report.html.bak"])
def test_report_refuses_an_extension_it_does_not_write(tmp_path, name):
    output = tmp_path / name
    result = invoke("report", write_plan(tmp_path / "plan"), "-p", "2019/20 Q2", "-o", output)
    assert result.exit_code == 2
    message = " ".join(BOX.sub(" ", result.stderr).split())
    assert f"{name} has" in message
    assert (
        "that this command does not write: name the file with one of .html, .pdf, .docx, .xlsx"
        in (message)
    )
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "plan"]


def test_demo_writes_only_html(tmp_path):
    output = tmp_path / "demo.pdf"
    result = invoke("demo", "-o", output)
    assert result.exit_code == 2
    assert "name the file with one of .html" in " ".join(BOX.sub(" ", result.stderr).split())
    assert not output.exists()
