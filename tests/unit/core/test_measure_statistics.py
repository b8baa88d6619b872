from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilstat.core.assessment import assess
from councilstat.core.intervals import TargetPosition, wilson_interval
from councilstat.core.measure_statistics import measure_statistics
from councilstat.core.periods import Quarter
from councilstat.core.plan import Aggregation, Frequency, Observation, Unit
from councilstat.core.spc import Variation
from tests.factories import measure, observation, period, plan, target

Q2 = Quarter(2019, 2)


def counted(code, period_text, numerator, denominator):
    value = D(100) * D(numerator) / D(denominator)
    return Observation(code, period(period_text), value, D(numerator), D(denominator))


def test_small_survey_has_a_wide_interval_and_a_change_within_the_noise():
    m = measure("1A4")
    p = plan(
        [m],
        [target("1A4", "2019/20", 90)],
        [counted("1A4", "2019/20 Q1", 20, 20), counted("1A4", "2019/20 Q2", 22, 23)],
    )
    stats = measure_statistics(p, assess(p, m, Q2))
    assert stats.interval.small_number
    assert stats.interval.lower < 90 < stats.interval.upper
    assert stats.interval.position is TargetPosition.STRADDLES
    assert stats.direction_significant is False  # 100% to 95.7% on 20 and 23 families


def test_a_large_change_on_large_numbers_is_significant():
    m = measure("2A1")
    p = plan(
        [m],
        [target("2A1", "2019/20", 5)],
        [counted("2A1", "2019/20 Q1", 40, 1000), counted("2A1", "2019/20 Q2", 80, 1000)],
    )
    stats = measure_statistics(p, assess(p, m, Q2))
    assert stats.direction_significant is True
    assert not stats.interval.small_number
    assert stats.interval.position is TargetPosition.ABOVE


def test_spc_runs_on_the_history_up_to_the_quarter_with_readings():
    m = measure("1A8", frequency=Frequency.MONTHLY)
    months = [
        f"{2018 + (i + 3) // 12}-{(i + 3) % 12 + 1:02d}" for i in range(18)
    ]  # 2018-04 .. 2019-09
    values = [70, 71, 70, 72, 71, 70, 71, 72, 70, 71, 71, 70, 78, 79, 78, 80, 79, 78]
    later = observation("1A8", "2019-10", 10)
    p = plan(
        [m],
        [target("1A8", "2019/20", 85)],
        [*(observation("1A8", mo, v) for mo, v in zip(months, values, strict=True)), later],
    )
    stats = measure_statistics(p, assess(p, m, Q2))
    assert len(stats.spc.points) == 18  # October is after the quarter
    assert stats.spc.variation is Variation.IMPROVEMENT_HIGH
    assert stats.readings[0] == "Special cause: improving for 6 months"
    assert stats.interval is None
    assert stats.direction_significant is None


def test_cumulative_measures_get_a_forecast_not_a_chart():
    m = replace(measure("5A1", frequency=Frequency.MONTHLY), cumulative=True)
    observations = [
        observation("5A1", "2018-09", 55),
        observation("5A1", "2019-03", 96),
        observation("5A1", "2019-09", 54),
    ]
    p = plan([m], [target("5A1", "2019/20", 97)], observations)
    stats = measure_statistics(p, assess(p, m, Q2))
    assert stats.spc is None
    assert stats.readings[0].startswith("No SPC chart: a year-to-date figure")
    assert float(stats.forecast.value) == round(54 * 96 / 55, 6)


# --- Monthly measures rolled up by mean or sum: pooled counts -------------------------------

Q1_MONTHS = ("2019-04", "2019-05", "2019-06")
Q2_MONTHS = ("2019-07", "2019-08", "2019-09")


def monthly_plan(aggregation, q1, q2, unit=Unit.PERCENT):
    """A monthly measure with counts ``(numerator, denominator)`` for the months of Q1 and Q2."""
    m = measure("M1", frequency=Frequency.MONTHLY, aggregation=aggregation, unit=unit)
    months = [*zip(Q1_MONTHS, q1, strict=False), *zip(Q2_MONTHS, q2, strict=False)]
    observations = [counted("M1", month, x, n) for month, (x, n) in months]
    return m, plan([m], [], observations)


def shown_within(stats, assessment):
    """The interval contains the value shown (to the precision it is written)."""
    value = float(assessment.value)
    return stats.interval.lower - 1e-9 <= value <= stats.interval.upper + 1e-9


def test_mean_roll_up_pools_the_months_so_the_interval_contains_the_value_shown():
    # The mean of 10%, 50% and 90% is 50%; the last month's interval (88.0% to 91.7%) is not
    # an interval for it.
    m, p = monthly_plan(Aggregation.MEAN, [], [(100, 1000), (500, 1000), (900, 1000)])
    assessment = assess(p, m, Q2)
    stats = measure_statistics(p, assessment)
    assert assessment.value == 50
    pooled = wilson_interval(1500, 3000)
    assert (stats.interval.lower, stats.interval.upper) == (
        pytest.approx(100 * pooled.lower),
        pytest.approx(100 * pooled.upper),
    )
    assert stats.interval.denominator == 3000
    assert stats.interval.one_case_step == pytest.approx(100 / 3000)
    assert shown_within(stats, assessment)


def test_mean_roll_up_a_small_fall_is_not_significant_though_the_last_month_rose():
    # Q1: 50%, 50%, 20% (mean 40%); Q2: 39% three times. The last months rose from 20% to 39%,
    # clearly beyond chance, but the value shown fell from 40% to 39%: pooled, 1200/3000
    # against 1170/3000, which is within the noise.
    q1 = [(500, 1000), (500, 1000), (200, 1000)]
    q2 = [(390, 1000)] * 3
    m, p = monthly_plan(Aggregation.MEAN, q1, q2)
    assessment = assess(p, m, Q2)
    assert assessment.value < assessment.previous_value
    assert measure_statistics(p, assessment).direction_significant is False


def test_mean_roll_up_of_months_with_different_denominators_gives_no_interval_or_test():
    q1 = [(40, 100), (40, 100), (40, 100)]
    q2 = [(10, 20), (90, 100), (50, 80)]
    m, p = monthly_plan(Aggregation.MEAN, q1, q2)
    stats = measure_statistics(p, assess(p, m, Q2))
    assert stats.interval is None
    assert stats.direction_significant is None


def test_sum_roll_up_pools_numerators_and_denominators():
    m, p = monthly_plan(Aggregation.SUM, [], [(0, 40), (0, 50), (0, 60)], unit=Unit.NUMBER)
    assessment = assess(p, m, Q2)
    stats = measure_statistics(p, assessment)
    assert stats.interval.upper == pytest.approx(wilson_interval(0, 150).upper)
    assert stats.interval.denominator == 150
    assert shown_within(stats, assessment)


def test_sum_roll_up_gives_no_interval_that_excludes_the_value_shown():
    # The quarter's value is the sum of the months' rates, 0.1 + 0.2 + 0.3 = 0.6, which the
    # pooled rate's interval (6/30 = 0.2) does not describe.
    m, p = monthly_plan(Aggregation.SUM, [], [(1, 10), (2, 10), (3, 10)], unit=Unit.NUMBER)
    assessment = assess(p, m, Q2)
    stats = measure_statistics(p, assessment)
    assert stats.interval is None or shown_within(stats, assessment)


def test_last_roll_up_uses_the_last_month_as_before():
    m, p = monthly_plan(Aggregation.LAST, [(10, 100)] * 3, [(100, 1000), (500, 1000), (45, 50)])
    stats = measure_statistics(p, assess(p, m, Q2))
    interval = wilson_interval(45, 50)
    assert stats.interval.lower == pytest.approx(100 * interval.lower)
    assert stats.interval.denominator == 50
    assert stats.direction_significant is True


month_counts = (
    st.integers(1, 400)
    .flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n) | st.integers(1, 400)))
    .filter(lambda c: c[0] <= c[1])
)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(list(Aggregation)),
    st.lists(month_counts, min_size=1, max_size=3),
    st.lists(month_counts, min_size=1, max_size=3),
    st.booleans(),
)
def test_property_interval_contains_the_value_and_significance_agrees_with_it(
    aggregation, q1, q2, shared
):
    if shared:  # months sharing a denominator, as a survey of a fixed panel would
        q1 = [(min(x, q1[0][1]), q1[0][1]) for x, _ in q1]
        q2 = [(min(x, q2[0][1]), q2[0][1]) for x, _ in q2]
    m, p = monthly_plan(aggregation, q1, q2)
    assessment = assess(p, m, Q2)
    stats = measure_statistics(p, assessment)
    if stats.interval is not None:
        assert shown_within(stats, assessment)
    if stats.direction_significant:
        # a change called significant is one the value shown makes, in the same direction
        now = sum(x for x, _ in q2) / sum(n for _, n in q2)
        before = sum(x for x, _ in q1) / sum(n for _, n in q1)
        if aggregation is Aggregation.LAST:
            now, before = q2[-1][0] / q2[-1][1], q1[-1][0] / q1[-1][1]
        moved = assessment.value - assessment.previous_value
        assert (now > before) == (moved > 0)
        assert moved != 0
