"""A measure in a quarter: which value counts, against which target, its RAG and direction.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from councilstat.core.periods import Period, Quarter
from councilstat.core.plan import Aggregation, Frequency, Measure, Observation, Plan, Polarity
from councilstat.core.rating import Direction, Rag, direction_of_travel, rag

__all__ = [
    "Assessment",
    "NotRated",
    "QuarterValue",
    "assess",
    "assess_plan",
    "is_due",
    "quarter_value",
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
    """The value that counts for a measure in a quarter, and where it came from."""

    value: Decimal
    period: Period
    """The period the value describes: the quarter, the last month used, or the year."""
    observations: tuple[Observation, ...]


@dataclass(frozen=True)
class Assessment:
    """A measure rated for one quarter, with the quarter before it for direction of travel."""

    measure: Measure
    quarter: Quarter
    current: QuarterValue | None
    previous: QuarterValue | None
    target: Decimal | None
    rag: Rag | None
    direction: Direction | None
    not_rated: NotRated | None

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


def _quarter_target(
    plan: Plan, measure: Measure, quarter: Quarter, used: QuarterValue | None
) -> Decimal | None:
    own = plan.exact_target(measure.code, quarter)
    if own is not None:
        return own
    if measure.frequency is Frequency.MONTHLY and used is not None:
        monthly = [plan.exact_target(measure.code, o.period) for o in used.observations]
        if all(t is not None for t in monthly):
            return _roll_up([t for t in monthly if t is not None], measure.aggregation)
    return plan.exact_target(measure.code, quarter.financial_year)


def assess(plan: Plan, measure: Measure, quarter: Quarter) -> Assessment:
    """Rate ``measure`` in ``quarter`` and give its direction of travel from the quarter before."""
    current = quarter_value(plan, measure, quarter)
    previous = quarter_value(plan, measure, quarter.previous())
    target = _quarter_target(plan, measure, quarter, current)
    result = rag(current.value if current else None, target, measure.tolerance, measure.polarity)
    direction = direction_of_travel(
        current.value if current else None,
        previous.value if previous else None,
        measure.polarity,
    )
    return Assessment(
        measure=measure,
        quarter=quarter,
        current=current,
        previous=previous,
        target=target,
        rag=result,
        direction=direction,
        not_rated=None if result else _why_not_rated(measure, quarter, current, target),
    )


def _why_not_rated(
    measure: Measure, quarter: Quarter, current: QuarterValue | None, target: Decimal | None
) -> NotRated:
    if measure.polarity is Polarity.NONE:
        return NotRated.NO_POLARITY
    if current is None:
        return NotRated.NO_DATA if is_due(measure, quarter) else NotRated.NOT_DUE
    return NotRated.NO_TARGET


def assess_plan(plan: Plan, quarter: Quarter) -> tuple[Assessment, ...]:
    """Every measure of the plan assessed for ``quarter``, in plan order."""
    return tuple(assess(plan, measure, quarter) for measure in plan.measures)
