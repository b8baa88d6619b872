"""A measure in a quarter or a year: which value counts, against which target, its RAG and its
direction of travel.

What counts in a quarter (``docs/rules.md``, "What counts in a quarter"):

* a quarterly measure: its value for that quarter;
* a monthly measure: its months in the quarter rolled up by ``aggregation``: ``last`` is the
  latest month with data, ``mean`` the mean of the months with data, ``sum`` the sum of all
  three months (a sum over a part of the quarter would understate it, so an incomplete
  quarter is not assessed);
* an annual measure: its value for the financial year, in the year's fourth quarter.

The target for the quarter is the quarter's own target if there is one. Otherwise, for a
monthly measure, the monthly targets of the months used, rolled up the same way, when every
one of them has its own; otherwise the financial year's target.

What counts in a financial year: an annual measure's value for the year; a monthly or
quarterly measure's values in the year rolled up the same way (``last``: the latest period with
data; ``sum``: every period of the year needed). The target is the year's own, else the used
periods' own targets rolled up; a year-to-date measure in a year under way is rated against the
target for the point it has reached (its profile), like its quarters.

Direction of travel compares a value with the measure's previous comparable value: the
previous quarter's for monthly and quarterly measures, the previous year's for annual measures,
and for a cumulative (year-to-date) measure the value at the same point of the previous year
(Q2's year-to-date against last year's Q2, never against Q1's). A year's value is compared with
the previous year's, a year-to-date measure's at the same point.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from councilstat.core.periods import FinancialYear, Month, Period, Quarter
from councilstat.core.plan import (
    Aggregation,
    Band,
    Frequency,
    Measure,
    Observation,
    Plan,
    Polarity,
)
from councilstat.core.rating import Direction, Rag, direction_of_travel, rag

__all__ = [
    "Assessment",
    "NotRated",
    "QuarterValue",
    "assess",
    "assess_plan",
    "assess_year",
    "comparable_value",
    "is_due",
    "quarter_value",
    "year_value",
]


class NotRated(StrEnum):
    """Why a measure has no RAG in a quarter."""

    NOT_DUE = "not_due"
    NO_DATA = "no_data"
    NO_TARGET = "no_target"
    NO_POLARITY = "no_polarity"

    @property
    def label(self) -> str:
        return _NOT_RATED_LABELS[self]


_NOT_RATED_LABELS = {
    NotRated.NOT_DUE: "Not due this quarter",
    NotRated.NO_DATA: "No data for this quarter",
    NotRated.NO_TARGET: "No target set",
    NotRated.NO_POLARITY: "Monitored without a target direction",
}


@dataclass(frozen=True)
class QuarterValue:
    """The value that counts for a measure in a quarter (or a year), and where it came from."""

    value: Decimal
    period: Period
    """The period the value describes: the quarter, the last month used, or the year."""
    observations: tuple[Observation, ...]


@dataclass(frozen=True)
class Assessment:
    """A measure rated for one quarter or one financial year, with its previous comparable
    value for direction of travel."""

    measure: Measure
    period: Quarter | FinancialYear
    """The quarter assessed, or the financial year for a year's summary."""
    current: QuarterValue | None
    previous: QuarterValue | None
    target: Decimal | None
    """The target; for a measure with polarity ``band``, the bottom of its target band."""
    rag: Rag | None
    direction: Direction | None
    not_rated: NotRated | None
    target_upper: Decimal | None = None
    """The top of the target band, for a measure with polarity ``band``; else ``None``."""

    @property
    def band(self) -> Band | None:
        """The target band of a band measure (``None`` for other polarities)."""
        if self.target is None or self.target_upper is None:
            return None
        return Band(self.target, self.target_upper)

    @property
    def quarter(self) -> Quarter:
        """The quarter assessed; for a year, its fourth quarter (where the year ends)."""
        if isinstance(self.period, FinancialYear):
            return Quarter(self.period.year, 4)
        return self.period

    @property
    def value(self) -> Decimal | None:
        return self.current.value if self.current else None

    @property
    def previous_value(self) -> Decimal | None:
        return self.previous.value if self.previous else None


def _months_with_data(plan: Plan, measure: Measure, quarter: Quarter) -> list[Observation]:
    found = (plan.observation(measure.code, month) for month in quarter.months())
    return [o for o in found if o is not None]


def _roll_up(values: list[Decimal], aggregation: Aggregation) -> Decimal:
    """Values in period order rolled up: the last, the sum or the mean."""
    if aggregation is Aggregation.LAST:
        return values[-1]
    if aggregation is Aggregation.SUM:
        return sum(values, Decimal(0))
    return sum(values, Decimal(0)) / len(values)


def is_due(measure: Measure, quarter: Quarter) -> bool:
    """Whether a value is expected for ``measure`` in ``quarter``: always for a monthly or
    quarterly measure, in the fourth quarter for an annual one."""
    return measure.frequency is not Frequency.ANNUAL or quarter.number == 4


def quarter_value(plan: Plan, measure: Measure, quarter: Quarter) -> QuarterValue | None:
    """The value that counts for ``measure`` in ``quarter``, or ``None`` when there is none."""
    if measure.frequency is Frequency.QUARTERLY:
        found = plan.observation(measure.code, quarter)
        return QuarterValue(found.value, quarter, (found,)) if found else None
    if measure.frequency is Frequency.ANNUAL:
        if quarter.number != 4:
            return None
        found = plan.observation(measure.code, quarter.financial_year)
        return QuarterValue(found.value, found.period, (found,)) if found else None
    months = _months_with_data(plan, measure, quarter)
    if not months or (measure.aggregation is Aggregation.SUM and len(months) < 3):
        return None
    if measure.aggregation is Aggregation.LAST:
        months = months[-1:]
    value = _roll_up([o.value for o in months], measure.aggregation)
    return QuarterValue(value, months[-1].period, tuple(months))


def _roll_up_bands(bands: list[Band], aggregation: Aggregation) -> Band:
    return Band(
        _roll_up([b.low for b in bands], aggregation),
        _roll_up([b.high for b in bands], aggregation),
    )


def _quarter_target(
    plan: Plan, measure: Measure, quarter: Quarter, used: QuarterValue | None
) -> Band | None:
    own = plan.exact_band(measure.code, quarter)
    if own is not None:
        return own
    if measure.frequency is Frequency.MONTHLY and used is not None:
        monthly = [plan.exact_band(measure.code, o.period) for o in used.observations]
        if all(t is not None for t in monthly):
            return _roll_up_bands([t for t in monthly if t is not None], measure.aggregation)
    return plan.exact_band(measure.code, quarter.financial_year)


def _same_point_a_year_before(period: Period) -> Period:
    if isinstance(period, Month):
        return Month(period.year - 1, period.month)
    if isinstance(period, Quarter):
        return Quarter(period.year - 1, period.number)
    return period.previous()


def _value_at(plan: Plan, measure: Measure, period: Period) -> QuarterValue | None:
    found = plan.observation(measure.code, period)
    return QuarterValue(found.value, period, (found,)) if found else None


def comparable_value(
    plan: Plan, measure: Measure, quarter: Quarter, current: QuarterValue | None = None
) -> QuarterValue | None:
    """The previous comparable value for ``measure`` in ``quarter``: the previous quarter's;
    the previous year's for an annual measure; for a year-to-date measure, the value at the
    same point of the previous year (the same month as ``current``'s when it took the latest
    month of the quarter, else the same quarter)."""
    if measure.frequency is Frequency.ANNUAL:
        return quarter_value(plan, measure, Quarter(quarter.year - 1, quarter.number))
    if not measure.cumulative:
        return quarter_value(plan, measure, quarter.previous())
    if current is not None and len(current.observations) == 1:
        return _value_at(plan, measure, _same_point_a_year_before(current.period))
    return quarter_value(plan, measure, Quarter(quarter.year - 1, quarter.number))


def _rated(
    measure: Measure,
    period: Quarter | FinancialYear,
    current: QuarterValue | None,
    previous: QuarterValue | None,
    band: Band | None,
) -> Assessment:
    banded = measure.polarity is Polarity.BAND
    target = band.low if band is not None else None
    result = rag(
        current.value if current else None,
        band if banded else target,
        measure.tolerance,
        measure.polarity,
    )
    direction = direction_of_travel(
        current.value if current else None,
        previous.value if previous else None,
        measure.polarity,
        band if banded else None,
    )
    return Assessment(
        measure=measure,
        period=period,
        current=current,
        previous=previous,
        target=target,
        rag=result,
        direction=direction,
        not_rated=None if result else _why_not_rated(measure, period, current, target),
        target_upper=band.high if banded and band is not None else None,
    )


def assess(plan: Plan, measure: Measure, quarter: Quarter) -> Assessment:
    """Rate ``measure`` in ``quarter`` and give its direction of travel from its previous
    comparable value."""
    current = quarter_value(plan, measure, quarter)
    previous = comparable_value(plan, measure, quarter, current)
    target = _quarter_target(plan, measure, quarter, current)
    return _rated(measure, quarter, current, previous, target)


def _periods_in(measure: Measure, year: FinancialYear) -> tuple[Period, ...]:
    if measure.frequency is Frequency.MONTHLY:
        return year.months()
    if measure.frequency is Frequency.QUARTERLY:
        return year.quarters()
    return (year,)


def year_value(plan: Plan, measure: Measure, year: FinancialYear) -> QuarterValue | None:
    """The value that counts for ``measure`` in financial year ``year``: an annual measure's
    value for it; a monthly or quarterly measure's values in it rolled up by ``aggregation``
    (``sum`` needs every period of the year). ``None`` when there is none."""
    periods = _periods_in(measure, year)
    found = [o for o in (plan.observation(measure.code, p) for p in periods) if o is not None]
    if not found or (measure.aggregation is Aggregation.SUM and len(found) < len(periods)):
        return None
    if measure.aggregation is Aggregation.LAST or measure.frequency is Frequency.ANNUAL:
        found = found[-1:]
    value = _roll_up([o.value for o in found], measure.aggregation)
    return QuarterValue(value, found[-1].period, tuple(found))


def _previous_year_value(
    plan: Plan, measure: Measure, year: FinancialYear, current: QuarterValue | None
) -> QuarterValue | None:
    if measure.cumulative and current is not None and len(current.observations) == 1:
        return _value_at(plan, measure, _same_point_a_year_before(current.period))
    return year_value(plan, measure, year.previous())


def _year_target(
    plan: Plan, measure: Measure, year: FinancialYear, used: QuarterValue | None
) -> Band | None:
    if measure.cumulative and used is not None and used.period != _periods_in(measure, year)[-1]:
        return plan.target_band(measure.code, used.period)
    own = plan.exact_band(measure.code, year)
    if own is not None or used is None or measure.frequency is Frequency.ANNUAL:
        return own
    targets = [plan.exact_band(measure.code, o.period) for o in used.observations]
    if all(t is not None for t in targets):
        return _roll_up_bands([t for t in targets if t is not None], measure.aggregation)
    return None


def assess_year(plan: Plan, measure: Measure, year: FinancialYear) -> Assessment:
    """Rate ``measure``'s value for financial year ``year`` against the year's target and give
    its direction of travel from the previous year."""
    current = year_value(plan, measure, year)
    previous = _previous_year_value(plan, measure, year, current)
    target = _year_target(plan, measure, year, current)
    return _rated(measure, year, current, previous, target)


def _why_not_rated(
    measure: Measure,
    period: Quarter | FinancialYear,
    current: QuarterValue | None,
    target: Decimal | None,
) -> NotRated:
    if measure.polarity is Polarity.NONE:
        return NotRated.NO_POLARITY
    if current is None:
        due = not isinstance(period, Quarter) or is_due(measure, period)
        return NotRated.NO_DATA if due else NotRated.NOT_DUE
    return NotRated.NO_TARGET


def assess_plan(plan: Plan, period: Quarter | FinancialYear) -> tuple[Assessment, ...]:
    """Every measure of the plan assessed for ``period`` (a quarter or a financial year), in
    plan order."""
    if isinstance(period, FinancialYear):
        return tuple(assess_year(plan, measure, period) for measure in plan.measures)
    return tuple(assess(plan, measure, period) for measure in plan.measures)
