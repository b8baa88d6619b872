"""``councilstat spc``: the XmR chart of a date,value CSV, as text or as the JSON contract."""

import datetime as dt
import json

import pytest

from tests.cli.helpers import run

S1 = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def write_series(path, values, start=dt.date(2021, 3, 22)):
    lines = ["date,value"]
    lines += [
        f"{start + dt.timedelta(days=i)},{'' if v is None else v}" for i, v in enumerate(values)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_json_matches_the_contract_and_vector_s1(tmp_path):
    result = run(
        "spc", write_series(tmp_path / "s1.csv", S1), "--improvement", "increase", "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["mean"] == pytest.approx(1.9444444, abs=1e-6)
    assert data["lpl"] == pytest.approx(-0.7155556, abs=1e-6)
    assert data["upl"] == pytest.approx(4.6044444, abs=1e-6)
    assert data["variation"] == "common_cause"
    assert data["assurance"] is None
    point = data["points"][4]
    assert (point["date"], point["value"], point["type"]) == (
        "2021-03-26",
        10,
        "special_cause_improvement",
    )
    assert "above_upl" in point["rules"]
    assert {p["type"] for i, p in enumerate(data["points"]) if i != 4} == {"common_cause"}


def test_no_screen_gives_the_excel_limits(tmp_path):
    result = run(
        "spc",
        write_series(tmp_path / "s1.csv", S1),
        "--improvement",
        "higher",
        "--no-screen",
        "--json",
    )
    data = json.loads(result.stdout)
    assert data["lpl"] == pytest.approx(-3.0626144, abs=1e-6)
    assert data["upl"] == pytest.approx(6.9515033, abs=1e-6)


def test_target_and_text_output(tmp_path):
    result = run(
        "spc", write_series(tmp_path / "s.csv", S1), "--improvement", "increase", "--target", "8"
    )
    assert result.returncode == 0
    assert "Mean 1.944, process limits -0.7156 to 4.604" in result.stdout
    assert "Target consistently missed at current performance" in result.stdout
    assert (
        "2021-03-26 (10): Special cause: improvement -- above the upper process limit"
        in result.stdout
    )


def test_rebase_starts_new_limits(tmp_path):
    values = [10] * 6 + [11, 9] * 3 + [30, 31, 29, 30, 31, 29, 30, 31]
    path = write_series(tmp_path / "s.csv", values)
    rebase_at = str(dt.date(2021, 3, 22) + dt.timedelta(days=12))
    data = json.loads(
        run("spc", path, "--improvement", "higher", "--rebase", rebase_at, "--json").stdout
    )
    assert len(data["groups"]) == 2
    assert data["mean"] == pytest.approx(30.125)


def test_bad_rows_are_reported_and_exit_1(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("date,value\n2021-01-01,5\n2021-01-02,lots\n2021-01-01,4\n")
    result = run("spc", path, "--improvement", "increase")
    assert result.returncode == 1
    assert "bad.csv:3:value: 'lots' is not a number" in result.stderr
    assert "bad.csv:4:date: '2021-01-01' is not after the row before" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("--improvement", "sideways"),
        (),
        ("--improvement", "increase", "--profile", "excel"),
        ("--improvement", "increase", "--rebase", "1999-01-01"),
    ],
)
def test_bad_usage_exits_2(tmp_path, args):
    result = run("spc", write_series(tmp_path / "s.csv", S1), *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_a_too_short_fixed_baseline_is_bad_input(tmp_path):
    result = run(
        "spc", write_series(tmp_path / "s.csv", S1), "--improvement", "increase", "--fix-after", "3"
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
