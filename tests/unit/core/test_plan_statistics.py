"""A whole quarter's statistics computed at once (``plan_statistics``, the engine) are exactly
those of ``measure_statistics`` measure by measure: the same SPC chart (every limit, rule,
point type, icon and warning), readings, interval, test of change and forecast, on random plans
and on the demonstration plan in every quarter of its history."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilstat.core.assessment import assess
from councilstat.core.measure_statistics import measure_statistics
from councilstat.core.periods import FinancialYear, Quarter
from councilstat.core.plan import Aggregation, Frequency, Observation, Plan, Polarity, Unit
from councilstat.core.plan_statistics import plan_statistics
from councilstat.core.summary import summarise
from councilstat.demo import demo_data_path
from councilstat.io.plan_reader import read_plan
from tests.factories import measure, plan, target

YEARS = (2017, 2018, 2019)
LAST_QUARTER = Quarter(2019, 3)

# Values that tie, sit on a mean or limit, or vary widely; written with 0 to 3 decimal places.
values_drawn = st.one_of(
    st.integers(0, 10).map(Decimal),
    st.integers(0, 1000).map(lambda n: Decimal(n) / 10),
    st.integers(0, 100000).map(lambda n: Decimal(n) / 1000),
)


def _periods(frequency: Frequency, year: int) -> tuple:
    fy = FinancialYear(year)
    if frequency is Frequency.MONTHLY:
        return fy.months()
    if frequency is Frequency.QUARTERLY:
        return fy.quarters()
    return (fy,)


@st.composite
def counted(draw: st.DrawFn, code: str, period: object, unit: Unit, panel: int) -> Observation:
    """A value with its numerator and denominator (often the measure's fixed ``panel``, which
    a mean of months needs): mostly consistent, rounded as written, and sometimes not (the
    interval is then left out)."""
    denominator = panel if draw(st.booleans()) else draw(st.integers(0, 400))
    numerator = draw(st.integers(0, max(denominator, 1) + 2))
    if denominator and draw(st.integers(0, 9)):
        exact = Decimal(numerator) / Decimal(denominator) * (100 if unit is Unit.PERCENT else 1)
        value = exact.quantize(Decimal(1).scaleb(-draw(st.integers(0, 2))))
    else:
        value = draw(values_drawn)
    return Observation(code, period, value, Decimal(numerator), Decimal(denominator))


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    measures, targets, observations = [], [], []
    for number in range(draw(st.integers(1, 6))):
        code = f"M{number}"
        frequency = draw(st.sampled_from([*Frequency, Frequency.QUARTERLY, Frequency.MONTHLY]))
        unit = draw(st.sampled_from([Unit.PERCENT, Unit.NUMBER]))
        with_counts = draw(st.integers(0, 3)) > 0
        panel = draw(st.integers(1, 400))
        m = measure(
            code,
            polarity=draw(st.sampled_from(list(Polarity))),
            frequency=frequency,
            unit=unit,
            tolerance_text=draw(st.sampled_from(["0", "5%", "2"])),
            aggregation=draw(st.sampled_from(list(Aggregation))),
            cumulative=draw(st.integers(0, 5)) == 0,
        )
        periods = [p for year in YEARS for p in _periods(frequency, year)]
        periods = [p for p in periods if p.end <= LAST_QUARTER.end]
        breaks = draw(st.lists(st.sampled_from(periods), max_size=2, unique=True))
        measures.append(replace(m, breaks=tuple(sorted(breaks, key=lambda p: p.end))))
        if draw(st.booleans()):
            low = draw(values_drawn)
            upper = low + draw(st.integers(0, 20)) if draw(st.booleans()) else None
            targets.append(target(code, "2019/20", low, upper))
        if draw(st.booleans()):
            targets.append(target(code, "2018/19", draw(values_drawn)))
        for period in periods:
            if not draw(st.integers(0, 12)):
                continue
            if with_counts and draw(st.integers(0, 12)):
                observations.append(draw(counted(code, period, unit, panel)))
            else:
                observations.append(Observation(code, period, draw(values_drawn)))
    return plan(measures, targets, observations)


def _one_at_a_time(the_plan: Plan, period: Quarter | FinancialYear) -> tuple[dict, dict]:
    assessments = summarise(the_plan, period).assessments
    expected = {a.measure.code: measure_statistics(the_plan, a) for a in assessments}
    return expected, plan_statistics(the_plan, assessments)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.sampled_from([Quarter(2018, 4), Quarter(2019, 1), Quarter(2019, 2)]))
def test_plan_statistics_equal_measure_statistics_on_random_plans(the_plan, quarter):
    expected, found = _one_at_a_time(the_plan, quarter)
    assert found == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.sampled_from([10, 30, 100]))
def test_the_small_number_threshold_is_applied_as_one_at_a_time(the_plan, threshold):
    assessments = [assess(the_plan, m, Quarter(2019, 2)) for m in the_plan.measures]
    expected = {
        a.measure.code: measure_statistics(the_plan, a, small_number_threshold=threshold)
        for a in assessments
    }
    assert plan_statistics(the_plan, assessments, small_number_threshold=threshold) == expected


@pytest.fixture(scope="module")
def demo_plan() -> Plan:
    return read_plan(demo_data_path()).plan


@pytest.mark.parametrize(
    "period",
    [Quarter(2018, 1), Quarter(2018, 3), Quarter(2019, 1), Quarter(2019, 2), FinancialYear(2018)],
    ids=str,
)
def test_plan_statistics_equal_measure_statistics_on_the_demo(demo_plan, period):
    expected, found = _one_at_a_time(demo_plan, period)
    assert any(s.spc is not None for s in found.values())
    assert any(s.interval is not None for s in found.values())
    assert found == expected


def test_a_plan_with_no_chart_or_counts():
    one = measure("A", frequency=Frequency.ANNUAL)
    the_plan = plan([one])
    (assessment,) = summarise(the_plan, Quarter(2019, 4)).assessments
    found = plan_statistics(the_plan, [assessment])
    assert found == {"A": measure_statistics(the_plan, assessment)}
    assert found["A"].spc is None
    assert plan_statistics(the_plan, []) == {}


def test_one_measure_and_the_chart_workers_do_not_load_polars():
    # A chart worker process imports the one-measure statistics; the engine (and polars, about
    # 30 MB a process) is loaded only where a whole quarter is computed.
    code = (
        "import sys, councilstat.core.measure_statistics, councilstat.reports.charts.worker; "
        "print('polars' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert found.stdout.strip() == "False"
