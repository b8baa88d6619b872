from dataclasses import replace
from decimal import Decimal as D

from councilstat.core.assessment import assess
from councilstat.core.intervals import TargetPosition
from councilstat.core.measure_statistics import measure_statistics
from councilstat.core.periods import Quarter
from councilstat.core.plan import Frequency, Observation
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
