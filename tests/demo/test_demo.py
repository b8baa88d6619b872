"""The demonstration council reproduces the Q2 2019/20 board's headline figures."""

import json
import subprocess
import sys
from pathlib import Path

from councilstat.core.narrative import headline
from councilstat.core.periods import Month, Quarter
from councilstat.core.rating import Direction, Rag
from councilstat.core.summary import summarise
from councilstat.demo import demo_data_path
from councilstat.demo.generate import main as generate
from councilstat.io.plan_reader import read_plan

COMMAND = Path(sys.executable).with_name("councilstat")
Q2 = Quarter(2019, 2)


def test_the_demo_loads_without_problems_or_warnings():
    loaded = read_plan(demo_data_path())
    assert loaded.warnings == ()
    assert len(loaded.plan.measures) == 69
    assert len(loaded.plan.priorities) == 5
    assert len(loaded.plan.outcomes) == 13


def test_q2_headline_matches_the_minutes():
    summary = summarise(read_plan(demo_data_path()).plan, Q2)
    c, p = summary.current, summary.previous
    assert (c.measures, c.assessed, c.green, c.amber, c.red) == (69, 54, 28, 8, 18)
    assert c.met_pct == 52
    assert p.met_pct == 55
    assert (c.direction_assessed, c.improving, c.improving_pct) == (54, 30, 56)
    assert p.improving_pct == 53
    reds = [a.measure.code for e in summary.exceptions for a in e.assessments]
    assert len(reds) == 18
    for code in (
        "1A3",
        "1A7",
        "1B4b",
        "2A1",
        "2B7",
        "2B8",
        "3A2",
        "3A4b",
        "3B3",
        "4A5",
        "5D2",
        "5D7",
    ):
        assert code in reds


def test_the_headline_speaks_of_the_councils_key_delivery_outcomes():
    sentences = headline(summarise(read_plan(demo_data_path()).plan, Q2))
    assert sentences[0] == (
        "This report covers performance against 13 key delivery outcomes and 69 measures "
        "for Quarter 2 of 2019/20."
    )


def test_year_to_date_measures_compare_with_the_same_point_of_last_year():
    by_code = {
        a.measure.code: a for a in summarise(read_plan(demo_data_path()).plan, Q2).assessments
    }
    assert by_code["5A1"].previous.period == Month(2018, 9)
    assert by_code["4B1"].previous.period == Quarter(2018, 2)
    assert by_code["4B2"].previous.period == Quarter(2018, 2)
    assert {by_code[c].direction for c in ("4B1", "4B2")} == {Direction.IMPROVING}
    assert {by_code[c].direction for c in ("5A1", "5A2")} == {Direction.WORSENING}


def test_the_figures_the_minutes_name():
    plan = read_plan(demo_data_path()).plan
    assert str(plan.observation("1A8", Month(2019, 10)).value) == "79.3"
    assert plan.target("2B2", Quarter(2019, 2)) == 40
    assert plan.target("5A1", Month(2020, 3)) == 97
    assert plan.target("5A2", Month(2020, 3)) == 98
    five_d_seven = next(a for a in summarise(plan, Q2).assessments if a.measure.code == "5D7")
    assert (five_d_seven.value, five_d_seven.target, five_d_seven.rag) == (68, 95, Rag.RED)
    small = plan.observation("1A4", Quarter(2019, 2))
    assert small.denominator is not None
    assert small.denominator < 30


def test_summary_json_through_the_command():
    result = subprocess.run(
        [str(COMMAND), "summary", str(demo_data_path()), "--period", "2019/20 Q2", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    data = json.loads(result.stdout)
    assert (data["measures"], data["assessed"], data["met"], data["met_pct"]) == (69, 54, 28, 52)
    assert data["previous_met_pct"] == 55
    assert data["rag"] == {"green": 28, "amber": 8, "red": 18}
    assert data["direction"]["improving"] == 30
    assert data["direction"]["improving_pct"] == 56
    assert data["direction"]["previous_improving_pct"] == 53
    assert len(data["by_measure"]) == 69


def test_the_shipped_files_are_what_the_generator_writes(tmp_path):
    assert generate([str(tmp_path)]) == 0
    for name in ("plan.csv", "measures.csv", "targets.csv", "observations.csv"):
        assert (tmp_path / name).read_bytes() == (demo_data_path() / name).read_bytes(), name


def test_summary_json_carries_the_statistics_beside_each_rating():
    result = subprocess.run(
        [str(COMMAND), "summary", str(demo_data_path()), "--period", "2019/20 Q2", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    by_code = {m["code"]: m for m in json.loads(result.stdout)["by_measure"]}
    for code in ("5A1", "5A2", "5D7"):
        forecast = by_code[code]["forecast"]
        assert forecast["year"] == "2019/20"
        assert forecast["target"] in (95, 97, 98)
        assert forecast["rag"] in ("green", "amber", "red")
    assert by_code["5A1"]["forecast"]["method"] == "same_point_last_year"
    small = by_code["1A4"]["interval"]
    assert small["small_number"] is True
    assert small["lower"] < by_code["1A4"]["value"] < small["upper"]
    assert by_code["1A4"]["direction_significant"] is False
    assert by_code["5D7"]["spc"]["assurance"] == "consistent_fail"
    assert "Target consistently missed at current performance" in by_code["5D7"]["reading"]
    assert all(set(m) >= {"spc", "interval", "forecast", "reading"} for m in by_code.values())
