"""The statistics shown beside a measure's RAG and direction of travel, computed together.

For one measure in one quarter:

* **SPC**: an XmR chart of the measure's values (at its own frequency) up to the quarter's end,
  with the improvement direction from its polarity and the year's target for assurance (not for
  a cumulative, year-to-date measure, whose values are not comparable from month to month);
* **interval**: for a value given as numerator and denominator, the 95% Wilson interval
  (on the measure's own scale, so 0-100 for a percentage), whether the denominator is small,
  and where the interval lies against the target. A monthly measure rolled up by ``sum`` or
  ``mean`` pools the quarter's counts (``docs/statistics.md``, "Pooled counts"); a quarter
  whose counts cannot be pooled, or whose pooled interval would not contain the value shown,
  has no interval;
* **direction significance**: whether the change from the previous quarter is beyond the noise,
  by Newcombe's interval for a difference of the two quarters' pooled proportions (built from
  their Wilson intervals); measures without counts have no test and say so;
* **forecast**: the year-end forecast (``core.forecast``).

:func:`councilstat.core.plan_statistics.plan_statistics` gives the same figures for every
measure of a quarter at once, through the engine.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from councilstat.core.assessment import Assessment, QuarterValue
from councilstat.core.errors import StatisticsError
from councilstat.core.forecast import Forecast, forecast_year_end
from councilstat.core.intervals import (
    SMALL_NUMBER_THRESHOLD,
    Interval,
    TargetPosition,
    compare_with_target,
    is_small_number,
    wilson_interval,
)
from councilstat.core.narrative import spc_reading
from councilstat.core.plan import Aggregation, Frequency, Measure, Observation, Plan, Polarity, Unit
from councilstat.core.spc import Improvement, SpcResult, spc_chart

__all__ = ["MeasureStatistics", "ValueInterval", "break_indices", "measure_statistics"]

_IMPROVEMENT = {
    Polarity.HIGHER: Improvement.INCREASE,
    Polarity.LOWER: Improvement.DECREASE,
    Polarity.BAND: Improvement.NEUTRAL,
    Polarity.NONE: Improvement.NEUTRAL,
}
_ONE_WAY = (Polarity.HIGHER, Polarity.LOWER)
"""Polarities whose target is one value to meet: SPC assurance and an interval's position
against the target need one (a target band has neither)."""
_PERIOD_NOUN = {
    Frequency.MONTHLY: "month",
    Frequency.QUARTERLY: "quarter",
    Frequency.ANNUAL: "year",
}
CUMULATIVE_READING = (
    "No SPC chart: a year-to-date figure rises through each year, so its points are not "
    "comparable; see the year-end forecast"
)
MIN_SPC_POINTS = 2
"""Fewer values than this give no chart (one value has no moving range)."""


@dataclass(frozen=True)
class ValueInterval:
    """A 95% Wilson interval for the quarter's value, on the measure's scale."""

    lower: float
    upper: float
    denominator: float
    small_number: bool
    position: TargetPosition | None
    """Above, below or straddling the target (``None`` without a target)."""
    one_case_step: float
    """How far one case more or fewer moves the value (100 / denominator for a percentage)."""


@dataclass(frozen=True)
class MeasureStatistics:
    spc: SpcResult | None
    readings: tuple[str, ...]
    interval: ValueInterval | None
    direction_significant: bool | None
    """``None`` when the change cannot be tested (no counts in one of the two quarters)."""
    forecast: Forecast | None


@dataclass(frozen=True)
class _Proportion:
    """A quarter's pooled counts and their 95% Wilson interval (on the 0-1 scale)."""

    numerator: float
    denominator: float
    interval: Interval

    @property
    def proportion(self) -> float:
        return self.numerator / self.denominator


def _scale(unit: Unit) -> float:
    return 100.0 if unit is Unit.PERCENT else 1.0


def _history(plan: Plan, assessment: Assessment) -> list[Observation]:
    end = assessment.quarter.end
    return [o for o in plan.observations_of(assessment.measure.code) if o.period.end <= end]


def _charted(plan: Plan, assessment: Assessment) -> list[Observation] | None:
    """The values the measure's SPC chart draws, or ``None`` for no chart."""
    history = _history(plan, assessment)
    if len(history) < MIN_SPC_POINTS or assessment.measure.cumulative:
        return None
    return history


def _chart_target(assessment: Assessment) -> float | None:
    """The target the chart's assurance icon is judged against (one way targets only)."""
    target = assessment.target
    rated = target is not None and assessment.measure.polarity in _ONE_WAY
    return float(target) if rated and target is not None else None


def _spc(plan: Plan, assessment: Assessment) -> SpcResult | None:
    history = _charted(plan, assessment)
    if history is None:
        return None
    return spc_chart(
        [float(o.value) for o in history],
        improvement=_IMPROVEMENT[assessment.measure.polarity],
        target=_chart_target(assessment),
        labels=[str(o.period) for o in history],
        rebase_at=break_indices(assessment.measure, history),
    )


def break_indices(measure: Measure, history: Sequence[Observation]) -> tuple[int, ...]:
    """Where the measure's series breaks fall in ``history`` (in time order): the index of the
    first value of each new definition. A break before the first value or after the last
    starts nothing; two breaks with no value between them start one group."""
    found: list[int] = []
    for start in (period.start for period in measure.breaks):
        index = next((i for i, o in enumerate(history) if o.period.start >= start), None)
        if index is not None and index > 0 and index not in found:
            found.append(index)
    return tuple(found)


def _pooled_counts(measure: Measure, value: QuarterValue) -> tuple[Decimal, Decimal] | None:
    """The quarter's numerator and denominator, pooled as its value is rolled up.

    ``docs/statistics.md``, "Pooled counts": the month (or quarter, or year) used for ``last``
    and for quarterly and annual measures; for ``sum``, the sums of the months' numerators and
    of their denominators; for ``mean``, the same, but only when every month has the same
    denominator. ``None`` when a value used has no counts, or for a ``mean`` of months with
    different denominators.
    """
    counts = [(o.numerator, o.denominator) for o in value.observations]
    numerators = [x for x, _ in counts if x is not None]
    denominators = [n for _, n in counts if n is not None]
    if len(numerators) < len(counts) or len(denominators) < len(counts):
        return None
    pooled = measure.frequency is Frequency.MONTHLY and measure.aggregation is not Aggregation.LAST
    if not pooled:
        return numerators[-1], denominators[-1]
    if measure.aggregation is Aggregation.MEAN and len(set(denominators)) > 1:
        return None
    return sum(numerators, Decimal(0)), sum(denominators, Decimal(0))


def _proportion(measure: Measure, value: QuarterValue | None) -> _Proportion | None:
    """The quarter's pooled counts and their Wilson interval, when it contains the value shown.

    The value shown is the roll-up of the values as written, so it may differ from the pooled
    proportion by half a unit in its last place; beyond that, the interval (and any test of a
    change) would describe another figure, and there is none.
    """
    if value is None:
        return None
    counts = _pooled_counts(measure, value)
    if counts is None or counts[0] > counts[1]:
        return None
    numerator, denominator = float(counts[0]), float(counts[1])
    try:
        interval = wilson_interval(numerator, denominator)
    except StatisticsError:
        return None
    scale = _scale(measure.unit)
    shown = float(value.value) / scale
    slack = float(_half_unit(value.value)) / scale + 1e-12
    if not interval.lower - slack <= shown <= interval.upper + slack:
        return None
    return _Proportion(numerator, denominator, interval)


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit in the last place written: 52 allows 0.5, 51.9 allows 0.05."""
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb((exponent if isinstance(exponent, int) else 0) - 1)


def _interval(assessment: Assessment, threshold: float) -> ValueInterval | None:
    proportion = _proportion(assessment.measure, assessment.current)
    if proportion is None:
        return None
    scale = _scale(assessment.measure.unit)
    interval = proportion.interval
    target = assessment.target if assessment.measure.polarity in _ONE_WAY else None
    position = compare_with_target(interval, float(target) / scale) if target is not None else None
    return ValueInterval(
        lower=interval.lower * scale,
        upper=interval.upper * scale,
        denominator=proportion.denominator,
        small_number=is_small_number(proportion.denominator, threshold),
        position=position,
        one_case_step=scale / proportion.denominator,
    )


def _difference_interval(now: _Proportion, before: _Proportion) -> Interval:
    """Newcombe's (1998, method 10) 95% interval for p1 - p2 from the two Wilson intervals."""
    p1, p2 = now.proportion, before.proportion
    a, b = now.interval, before.interval
    difference = p1 - p2
    lower = difference - math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2)
    upper = difference + math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2)
    return Interval(lower, upper)


def _direction_significant(assessment: Assessment) -> bool | None:
    """Whether the change in the value shown is beyond the noise (``None``: no test).

    A significant difference of the pooled proportions in the other direction from the change
    shown (possible only through the rounding of the values written) is no test either: a fall
    is never called a significant rise.
    """
    if assessment.direction is None or assessment.current is None or assessment.previous is None:
        return None
    now = _proportion(assessment.measure, assessment.current)
    before = _proportion(assessment.measure, assessment.previous)
    if now is None or before is None:
        return None
    difference = _difference_interval(now, before)
    if not (difference.lower > 0 or difference.upper < 0):
        return False
    moved = assessment.current.value - assessment.previous.value
    agrees = moved != 0 and (moved > 0) == (difference.lower > 0)
    return True if agrees else None


def measure_statistics(
    plan: Plan, assessment: Assessment, *, small_number_threshold: float = SMALL_NUMBER_THRESHOLD
) -> MeasureStatistics:
    """All the statistics for ``assessment``'s measure and quarter."""
    chart = _spc(plan, assessment)
    return MeasureStatistics(
        spc=chart,
        readings=_readings(assessment, chart),
        interval=_interval(assessment, small_number_threshold),
        direction_significant=_direction_significant(assessment),
        forecast=forecast_year_end(plan, assessment.measure, assessment.quarter),
    )


def _readings(assessment: Assessment, chart: SpcResult | None) -> tuple[str, ...]:
    if chart is not None:
        return spc_reading(chart, _PERIOD_NOUN[assessment.measure.frequency])
    if assessment.measure.cumulative:
        return (CUMULATIVE_READING,)
    return ()
