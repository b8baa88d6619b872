"""Year-end forecasts: where a measure will finish the financial year at current performance.

Two methods, chosen by the measure:

* **Cumulative (year-to-date) measures**, such as in-year collection rates, are projected from
  the same point of earlier years' profiles: if September's figure was 56.0% last year and the
  year ended at 96.9%, this September's 55.8% projects to 55.8 × 96.9 / 56.0. Each earlier year
  with both figures gives one projection; the forecast is the most recent year's, and the range
  runs across all of them, widened by the precision of this year's figures (55.8, in a series
  written to one decimal place, stands for 55.75 to 55.85), so years that agree exactly do not
  claim certainty. One earlier year gives a
  projection but no range.
* **Other measures** are projected along the straight-line trend of the year so far (least
  squares over the year's values in period order) to the year's last period, with an 80%
  prediction interval as the range (Student's t). The scatter about the line comes from the
  year's own values when there are three or more (n - 2 degrees of freedom); with two, from the
  measure's earlier values (the average moving range / 1.128 of at least three values before
  the year, at about 0.62 degrees of freedom per moving range, the usual approximation). The
  scatter is never taken below the rounding of the figures (a unit in the last decimal place
  the year's values need, at most 1, / √12), so a perfect line does not get a range of zero
  width. One value shows no trend:
  its forecast is the value itself.

The forecast is rated against the year's target with the measure's tolerance, so a report can
show the current status and the year-end forecast side by side. A forecast without a range is
not rated, and its basis says why no range is given: a rating that cannot say how sure it is
would claim more than the figures show.

>>> from decimal import Decimal as D
>>> _trend_projection([(0, D(60)), (1, D(64)), (2, D(68))], 4, None)[0]
76.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from councilstat.core.narrative import plural
from councilstat.core.periods import FinancialYear, Period, Quarter
from councilstat.core.plan import Band, Frequency, Measure, Observation, Plan, Polarity, Unit
from councilstat.core.rating import Rag, rag

__all__ = ["Forecast", "ForecastMethod", "forecast_year_end"]

PREDICTION_LEVEL = 0.80
"""The range of a trend forecast is an 80% prediction interval."""

# Student's t, two-sided 80% (the 0.90 quantile), by degrees of freedom; beyond 30, 1.2816
# (the normal quantile). Standard tables, e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2.
_T_90 = (
    3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372,
    1.363, 1.356, 1.350, 1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325,
    1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.310,
)  # fmt: skip
_Z_90 = 1.2816
MR_TO_SIGMA = 1.128
"""d2 for subgroups of two: the average moving range divided by this estimates sigma."""
MR_DEGREES_OF_FREEDOM = 0.62
"""Degrees of freedom per moving range of a sigma from the average moving range (approximate)."""
MIN_EARLIER_VALUES = 3
"""Earlier values needed to borrow their scatter for a two-value trend (two moving ranges)."""
NO_RANGE = "no range or rating"


class ForecastMethod(StrEnum):
    SAME_POINT_LAST_YEAR = "same_point_last_year"
    TREND = "trend"


@dataclass(frozen=True)
class Forecast:
    """A year-end forecast with its range and its rating against the year's target."""

    year: FinancialYear
    value: Decimal
    low: Decimal | None
    high: Decimal | None
    method: ForecastMethod
    target: Decimal | None
    """The year's target; for a measure with polarity ``band``, the bottom of its band."""
    rag: Rag | None
    """``None`` without a target, and without a range (the basis says why)."""
    basis: str
    """A plain sentence saying what the forecast rests on, and why there is no range if none."""
    target_upper: Decimal | None = None
    """The top of the year's target band, for a measure with polarity ``band``."""


def _decimal(value: float) -> Decimal:
    return Decimal(repr(round(value, 6)))


def _periods_of(measure: Measure, year: FinancialYear) -> tuple[Period, ...]:
    if measure.frequency is Frequency.MONTHLY:
        return year.months()
    if measure.frequency is Frequency.QUARTERLY:
        return year.quarters()
    return (year,)


def _year_so_far(plan: Plan, measure: Measure, quarter: Quarter) -> list[Observation]:
    periods = [p for p in _periods_of(measure, quarter.financial_year) if p.end <= quarter.end]
    found = (plan.observation(measure.code, p) for p in periods)
    return [o for o in found if o is not None]


def _year_target(plan: Plan, measure: Measure, year: FinancialYear) -> Band | None:
    own = plan.exact_band(measure.code, year)
    if own is not None:
        return own
    return plan.target_band(measure.code, _periods_of(measure, year)[-1])


def _unit_in_last_place(values: list[Decimal]) -> float:
    """The precision of a series: a unit in the last decimal place that any of its values
    needs, at most 1. ``54, 46`` give 1 and ``57.0, 47.9`` 0.1, however a store pads them
    (``57.000000`` needs no decimal place)."""
    exponents = [v.normalize().as_tuple().exponent for v in values if v.is_finite()]
    return 10.0 ** min(0, *(e for e in exponents if isinstance(e, int)))


def _t90(degrees_of_freedom: float) -> float:
    """Student's t for a two-sided 80% interval; fractional degrees of freedom round down."""
    whole = max(1, math.floor(degrees_of_freedom))
    return _T_90[whole - 1] if whole <= len(_T_90) else _Z_90


def _earlier_scatter(
    plan: Plan, measure: Measure, year: FinancialYear
) -> tuple[float, float, int] | None:
    """Sigma, its degrees of freedom and the count of the measure's values before ``year``, from
    their average moving range; ``None`` below ``MIN_EARLIER_VALUES`` values."""
    earlier = [
        float(o.value) for o in plan.observations_of(measure.code) if o.period.end < year.start
    ]
    if len(earlier) < MIN_EARLIER_VALUES:
        return None
    ranges = [abs(b - a) for a, b in zip(earlier, earlier[1:], strict=False)]
    sigma = math.fsum(ranges) / len(ranges) / MR_TO_SIGMA
    return sigma, MR_DEGREES_OF_FREEDOM * len(ranges), len(earlier)


def _same_point(
    plan: Plan, measure: Measure, latest: Observation
) -> list[tuple[FinancialYear, float, float]]:
    """One projection per earlier year that has both the same point and a year-end figure:
    the year, the projection and its ratio (year-end / same point)."""
    periods = _periods_of(measure, latest.period.financial_year)
    position = periods.index(latest.period)
    projections = []
    year = latest.period.financial_year.previous()
    for _ in range(5):
        earlier = _periods_of(measure, year)
        same = plan.observation(measure.code, earlier[position])
        end = plan.observation(measure.code, earlier[-1])
        if same is not None and end is not None and same.value != 0:
            ratio = float(end.value / same.value)
            projections.append((year, float(latest.value) * ratio, ratio))
        year = year.previous()
    return projections


def _trend_projection(
    points: list[tuple[int, Decimal]], at: int, earlier: tuple[float, float] | None
) -> tuple[float, float | None]:
    """The least-squares line through ``points`` (position, value) evaluated at position
    ``at``, and the half-width of its 80% prediction interval: the scatter about the line from
    the points themselves when there are three or more, else from ``earlier`` (sigma and its
    degrees of freedom); never below the rounding of the values. ``None`` for no range."""
    n = len(points)
    xs = [float(x) for x, _ in points]
    ys = [float(y) for _, y in points]
    if n == 1:
        return ys[0], None
    x_mean = math.fsum(xs) / n
    y_mean = math.fsum(ys) / n
    sxx = math.fsum((x - x_mean) ** 2 for x in xs)
    slope = math.fsum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True)) / sxx
    projected = y_mean + slope * (at - x_mean)
    if n >= 3:
        residuals = [y - (y_mean + slope * (x - x_mean)) for x, y in zip(xs, ys, strict=True)]
        spread = math.sqrt(math.fsum(r * r for r in residuals) / (n - 2))
        degrees_of_freedom: float = n - 2
    elif earlier is not None:
        spread, degrees_of_freedom = earlier
    else:
        return projected, None
    rounding = _unit_in_last_place([y for _, y in points]) / math.sqrt(12)
    spread = max(spread, rounding)
    half = _t90(degrees_of_freedom) * spread * math.sqrt(1 + 1 / n + (at - x_mean) ** 2 / sxx)
    return projected, half


def _bounded(measure: Measure, value: float | None) -> Decimal | None:
    """A percentage cannot be forecast outside 0 to 100."""
    if value is None:
        return None
    if measure.unit is Unit.PERCENT:
        value = min(100.0, max(0.0, value))
    return _decimal(value)


def _rated(
    measure: Measure, year: FinancialYear, value: float, low: float | None, high: float | None,
    method: ForecastMethod, target: Band | None, basis: str,
) -> Forecast:  # fmt: skip
    forecast = _bounded(measure, value)
    assert forecast is not None  # noqa: S101  (value is a float)
    banded = measure.polarity is Polarity.BAND
    ranged = low is not None and high is not None
    rated_against = target if banded else (target.low if target is not None else None)
    return Forecast(
        year=year,
        value=forecast,
        low=_bounded(measure, low),
        high=_bounded(measure, high),
        method=method,
        target=target.low if target is not None else None,
        rag=rag(forecast, rated_against, measure.tolerance, measure.polarity) if ranged else None,
        basis=basis,
        target_upper=target.high if banded and target is not None else None,
    )


def forecast_year_end(
    plan: Plan, measure: Measure, quarter: Quarter, *, cumulative: bool | None = None
) -> Forecast | None:
    """The forecast for the end of ``quarter``'s financial year from the data up to the
    quarter's end; ``None`` when the year is complete, has no data yet, or (for a cumulative
    measure) no earlier year gives a profile."""
    year = quarter.financial_year
    so_far = _year_so_far(plan, measure, quarter)
    periods = _periods_of(measure, year)
    if not so_far or so_far[-1].period == periods[-1] or measure.frequency is Frequency.ANNUAL:
        return None
    target = _year_target(plan, measure, year)
    latest = so_far[-1]
    if measure.cumulative if cumulative is None else cumulative:
        projections = _same_point(plan, measure, latest)
        if not projections:
            return None
        basis = (
            f"{latest.period}'s figure projected by the share of the year-end reached at the "
            f"same point in {', '.join(str(y) for y, _, _ in projections)}"
        )
        low: float | None = None
        high: float | None = None
        if len(projections) > 1:
            half_unit = _unit_in_last_place([o.value for o in so_far]) / 2
            low = min(v - half_unit * ratio for _, v, ratio in projections)
            high = max(v + half_unit * ratio for _, v, ratio in projections)
        else:
            basis += f"; {NO_RANGE}: one earlier year cannot show how much the profile varies"
        value = projections[0][1]
        return _rated(
            measure, year, value, low, high, ForecastMethod.SAME_POINT_LAST_YEAR, target, basis
        )
    positions = {p: i for i, p in enumerate(periods)}
    points = [(positions[o.period], o.value) for o in so_far]
    scatter = _earlier_scatter(plan, measure, year) if len(points) == 2 else None
    earlier = (scatter[0], scatter[1]) if scatter is not None else None
    value, half = _trend_projection(points, len(periods) - 1, earlier)
    basis = f"the straight-line trend of the {plural(len(so_far), 'value')} so far this year"
    if scatter is not None:
        basis += f", its range from the scatter of the {scatter[2]} earlier values"
    elif len(points) == 2:
        basis += (
            f"; {NO_RANGE}: two values, without at least {MIN_EARLIER_VALUES} earlier ones, "
            "cannot show how far the figures stray from the line"
        )
    elif len(points) == 1:
        basis = f"the one value so far this year; {NO_RANGE}: one value shows no trend"
    low, high = (value - half, value + half) if half is not None else (None, None)
    return _rated(measure, year, value, low, high, ForecastMethod.TREND, target, basis)
