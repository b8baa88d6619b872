"""The statistics shown beside a measure's RAG and direction of travel, computed together.

For one measure in one quarter:

* **SPC**: an XmR chart of the measure's values (at its own frequency) up to the quarter's end,
  with the improvement direction from its polarity and the year's target for assurance (not for
  a cumulative, year-to-date measure, whose values are not comparable from month to month);
* **interval**: for a value given as numerator and denominator, the 95% Wilson interval
  (on the measure's own scale, so 0-100 for a percentage), whether the denominator is small,
  and where the interval lies against the target;
* **direction significance**: whether the change from the previous quarter is beyond the noise,
  by Newcombe's interval for a difference of two proportions (built from the two Wilson
  intervals); measures without counts have no test and say so;
* **forecast**: the year-end forecast (``core.forecast``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from councilstat.core.assessment import Assessment
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
from councilstat.core.plan import Frequency, Observation, Plan, Polarity, Unit
from councilstat.core.spc import Improvement, SpcResult, spc_chart

__all__ = ["MeasureStatistics", "ValueInterval", "measure_statistics"]

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


def _scale(unit: Unit) -> float:
    return 100.0 if unit is Unit.PERCENT else 1.0


def _history(plan: Plan, assessment: Assessment) -> list[Observation]:
    end = assessment.quarter.end
    return [o for o in plan.observations_of(assessment.measure.code) if o.period.end <= end]


def _spc(plan: Plan, assessment: Assessment) -> SpcResult | None:
    history = _history(plan, assessment)
    if len(history) < MIN_SPC_POINTS or assessment.measure.cumulative:
        return None
    target = assessment.target
    rated = target is not None and assessment.measure.polarity in _ONE_WAY
    return spc_chart(
        [float(o.value) for o in history],
        improvement=_IMPROVEMENT[assessment.measure.polarity],
        target=float(target) if rated and target is not None else None,
        labels=[str(o.period) for o in history],
    )


def _counts(observation: Observation | None) -> tuple[float, float] | None:
    if observation is None or observation.numerator is None or observation.denominator is None:
        return None
    return float(observation.numerator), float(observation.denominator)


def _latest_counts(assessment: Assessment, previous: bool = False) -> tuple[float, float] | None:
    value = assessment.previous if previous else assessment.current
    return _counts(value.observations[-1]) if value is not None else None


def _interval(assessment: Assessment, threshold: float) -> ValueInterval | None:
    counts = _latest_counts(assessment)
    if counts is None or counts[0] > counts[1]:
        return None
    try:
        interval = wilson_interval(*counts)
    except StatisticsError:
        return None
    scale = _scale(assessment.measure.unit)
    target = assessment.target if assessment.measure.polarity in _ONE_WAY else None
    position = compare_with_target(interval, float(target) / scale) if target is not None else None
    return ValueInterval(
        lower=interval.lower * scale,
        upper=interval.upper * scale,
        denominator=counts[1],
        small_number=is_small_number(counts[1], threshold),
        position=position,
        one_case_step=scale / counts[1],
    )


def _difference_excludes_zero(now: tuple[float, float], before: tuple[float, float]) -> bool:
    """Newcombe's (1998, method 10) 95% interval for p1 - p2 from the two Wilson intervals."""
    p1, p2 = now[0] / now[1], before[0] / before[1]
    a: Interval = wilson_interval(*now)
    b: Interval = wilson_interval(*before)
    difference = p1 - p2
    lower = difference - math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2)
    upper = difference + math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2)
    return lower > 0 or upper < 0


def _direction_significant(assessment: Assessment) -> bool | None:
    now, before = _latest_counts(assessment), _latest_counts(assessment, previous=True)
    if assessment.direction is None or now is None or before is None:
        return None
    if now[0] > now[1] or before[0] > before[1]:
        return None
    return _difference_excludes_zero(now, before)


def measure_statistics(
    plan: Plan, assessment: Assessment, *, small_number_threshold: float = SMALL_NUMBER_THRESHOLD
) -> MeasureStatistics:
    """All the statistics for ``assessment``'s measure and quarter."""
    chart = _spc(plan, assessment)
    noun = _PERIOD_NOUN[assessment.measure.frequency]
    if chart is not None:
        readings = spc_reading(chart, noun)
    elif assessment.measure.cumulative:
        readings = (CUMULATIVE_READING,)
    else:
        readings = ()
    return MeasureStatistics(
        spc=chart,
        readings=readings,
        interval=_interval(assessment, small_number_threshold),
        direction_significant=_direction_significant(assessment),
        forecast=forecast_year_end(plan, assessment.measure, assessment.quarter),
    )
