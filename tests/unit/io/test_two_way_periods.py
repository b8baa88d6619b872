"""Labels that read as a month and as a financial year (``2011-12``: December 2011, or 2011/12)
are read by what the rest of the file establishes for their series, or refused naming both
readings; never read one way in one row and the other way in the next (docs/data-formats.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from councilstat.core.periods import FinancialYear, Month, parse_period, readings
from councilstat.io.comparators import read_values
from councilstat.io.observation_reader import read_observations
from councilstat.io.plan_reader import read_plan
from councilstat.io.problems import DataFileError
from councilstat.io.tables import Table
from tests.unit.io.plan_files import MEASURES, OBSERVATIONS, TARGETS, write_plan

BOTH_WAYS = ["2000-01", "2008-09", "2009-10", "2010-11", "2011-12"]


@pytest.mark.parametrize("label", BOTH_WAYS)
def test_the_two_way_labels_have_both_readings(label):
    year = int(label[:4])
    assert readings(label) == (Month(year, int(label[5:])), FinancialYear(year))
    assert parse_period(label) == Month(year, int(label[5:]))  # as stored: a month's own form


@pytest.mark.parametrize(
    "label", ["2012-13", "2019-07", "2011/12", "2011-2012", "Dec 2011", "FY2011", "2011/12 Q3"]
)
def test_every_other_label_has_one_reading(label):
    assert len(readings(label)) == 1


@pytest.mark.parametrize(
    ("label", "month"),
    [
        ("Dec 2011", Month(2011, 12)),
        ("September 2019", Month(2019, 9)),
        ("sept 2019", Month(2019, 9)),
    ],
)
def test_a_month_may_be_written_by_name(label, month):
    assert parse_period(label) == month


# Plan files: the measure's frequency says which reading -------------------------------------

ANNUAL = [*MEASURES, "3A1,Apprenticeship starts,3,Work,3.A,Skills,number,higher,annual,5%,"]


def _problems(folder):
    with pytest.raises(DataFileError) as raised:
        read_plan(folder)
    return [str(p) for p in raised.value.problems]


def test_an_annual_measures_value_and_target_are_the_year(tmp_path):
    folder = write_plan(
        tmp_path,
        measures=ANNUAL,
        targets=[*TARGETS, "3A1,2011-12,120"],
        observations=[*OBSERVATIONS, "3A1,2010-11,100,,,", "3A1,2011-12,110,,,"],
    )
    plan = read_plan(folder).plan
    values = {str(o.period): o.value for o in plan.observations if o.code == "3A1"}
    assert values == {"2010/11": 100, "2011/12": 110}
    assert [str(t.period) for t in plan.targets if t.code == "3A1"] == ["2011/12"]


def test_a_monthly_measures_value_is_the_month(tmp_path):
    folder = write_plan(tmp_path, observations=[*OBSERVATIONS, "1A1,2011-12,70,,,"])
    plan = read_plan(folder).plan
    assert Month(2011, 12) in {o.period for o in plan.observations if o.code == "1A1"}


def test_a_quarterly_measures_value_and_a_monthly_measures_target_are_refused_naming_both(tmp_path):
    folder = write_plan(
        tmp_path,
        targets=[*TARGETS, "1A1,2010-11,75"],
        observations=[*OBSERVATIONS, "1A2,2011-12,400,,,"],
    )
    assert _problems(folder) == [
        "targets.csv:5:period: '2010-11' could be November 2010 or the financial year 2010/11, "
        "and either could be a target for 1A1 (collected monthly): write 2010/11 for the year, "
        "or Nov 2010 for the month",
        "observations.csv:8:period: '2011-12' could be December 2011 or the financial year "
        "2011/12, and neither is a period 1A2 (collected quarterly) has: write 2011/12 for the "
        "year, or Dec 2011 for the month",
    ]


def test_a_collection_template_reads_the_same_way(tmp_path):
    plan = read_plan(write_plan(tmp_path / "plan", measures=ANNUAL)).plan
    values = tmp_path / "values.csv"
    values.write_text("code,period,value\n3A1,2011-12,110\n1A2,2011-12,400\n", encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        read_observations(values, plan)
    (problem,) = [str(p) for p in raised.value.problems]
    assert problem.startswith("values.csv:3:period: '2011-12' could be December 2011 or")
    values.write_text("code,period,value\n3A1,2011-12,110\n", encoding="utf-8")
    (observation,) = read_observations(values, plan).observations
    assert observation.period == FinancialYear(2011)


# Comparator files: the metric's other rows say which reading ----------------------------------

HEADER = ("area_code", "area_name", "metric", "period", "value", "numerator", "denominator")


def _values(*rows):
    numbered = tuple((n, (*row, "", "")) for n, row in enumerate(rows, start=2))
    return Table("values.csv", None, HEADER, numbered)


def test_a_run_of_financial_years_written_with_hyphens_is_read_as_years():
    rows = [
        ("E08000018", "Rotherham", "ASC5", label, str(value))
        for value, label in enumerate(["2009-10", "2010-11", "2011-12", "2012-13", "2013-14"])
    ]
    loaded = read_values(_values(*rows))
    assert [r.period for r in loaded.rows] == [FinancialYear(y) for y in range(2009, 2014)]


def test_a_monthly_metric_reads_them_as_months():
    rows = [
        ("E08000018", "Rotherham", "VISITS", "2011-11", "5"),
        ("E08000018", "Rotherham", "VISITS", "2011-12", "6"),
        ("E08000018", "Rotherham", "VISITS", dt.date(2012, 1, 1), "7"),
        # Another metric's years do not change this one's reading.
        ("E08000018", "Rotherham", "ASC5", "2012-13", "8"),
    ]
    loaded = read_values(_values(*rows))
    assert [r.period for r in loaded.rows[:3]] == [Month(2011, 11), Month(2011, 12), Month(2012, 1)]


@pytest.mark.parametrize(
    ("others", "why"),
    [
        ((), "no other row of ASC5 says whether its periods are months or years"),
        (("2012-13", "2012-07"), "ASC5's other rows have both months and years"),
    ],
)
def test_a_metric_whose_rows_do_not_say_is_refused_naming_both(others, why):
    rows = [("E08000018", "Rotherham", "ASC5", "2011-12", "5")]
    rows += [("E08000018", "Rotherham", "ASC5", label, "6") for label in others]
    with pytest.raises(DataFileError) as raised:
        read_values(_values(*rows))
    assert [str(p) for p in raised.value.problems] == [
        f"values.csv:2:period: '2011-12' could be December 2011 or the financial year 2011/12, "
        f"and {why}: write 2011/12 for the year, or Dec 2011 for the month"
    ]
