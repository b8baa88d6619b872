"""The plan: priorities, outcomes, measures, targets and observations, as frozen dataclasses.

Numbers are ``Decimal`` so that a figure is compared with its target exactly as it was typed
(a value of 76 against a target of 80 with a 5% tolerance is on the amber edge, not a hair
beyond it). Statistics that need floats convert at their own boundary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import TypeVar

from councilstat.core.errors import PlanError
from councilstat.core.periods import Period, PeriodKind

__all__ = [
    "Aggregation",
    "Frequency",
    "Measure",
    "Observation",
    "Outcome",
    "Plan",
    "Polarity",
    "Priority",
    "Target",
    "Tolerance",
    "ToleranceKind",
    "Unit",
]


class Unit(StrEnum):
    NUMBER = "number"
    PERCENT = "percent"
    RATE = "rate"
    DAYS = "days"
    CURRENCY = "currency"
    RATIO = "ratio"


class Polarity(StrEnum):
    """Which way is better."""

    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    @property
    def period_kind(self) -> PeriodKind:
        return _FREQUENCY_KIND[self]


_FREQUENCY_KIND = {
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
    Frequency.ANNUAL: PeriodKind.YEAR,
}


class Aggregation(StrEnum):
    """How a monthly measure's months roll up into a quarter."""

    LAST = "last"
    SUM = "sum"
    MEAN = "mean"


class ToleranceKind(StrEnum):
    PERCENT_OF_TARGET = "percent_of_target"
    ABSOLUTE = "absolute"


@dataclass(frozen=True)
class Tolerance:
    """How far a value may miss its target and still be amber.

    ``Tolerance(ToleranceKind.PERCENT_OF_TARGET, Decimal(5))`` is written ``5%``: 5% of the
    target. ``Tolerance(ToleranceKind.ABSOLUTE, Decimal(2))`` is written ``2``: 2 units of the
    measure (percentage points for a percent).
    """

    kind: ToleranceKind = ToleranceKind.ABSOLUTE
    amount: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise PlanError(f"a tolerance cannot be negative ({self.amount})")

    def band(self, target: Decimal) -> Decimal:
        """The width of the amber band for ``target``."""
        if self.kind is ToleranceKind.PERCENT_OF_TARGET:
            return abs(target) * self.amount / 100
        return self.amount

    def __str__(self) -> str:
        suffix = "%" if self.kind is ToleranceKind.PERCENT_OF_TARGET else ""
        return f"{self.amount.normalize():f}{suffix}"


@dataclass(frozen=True)
class Priority:
    code: str
    title: str


@dataclass(frozen=True)
class Outcome:
    code: str
    title: str
    priority: str


@dataclass(frozen=True)
class Measure:
    """A measure of the plan, with how it is rated and collected."""

    code: str
    title: str
    priority: Priority
    outcome: Outcome
    unit: Unit
    polarity: Polarity
    frequency: Frequency
    tolerance: Tolerance = field(default_factory=Tolerance)
    aggregation: Aggregation = Aggregation.LAST
    cumulative: bool = False
    """A year-to-date figure (an in-year collection rate): forecast from last year's profile."""
    directorate: str = ""
    owner: str = ""
    definition: str = ""
    source: str = ""
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """The target for a measure in a period: a year's target applies to every period in it."""

    code: str
    period: Period
    value: Decimal


@dataclass(frozen=True)
class Observation:
    """A measure's value in a period, given directly or as numerator and denominator."""

    code: str
    period: Period
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class Plan:
    """A whole plan as plain data: measures in plan order, with their targets and observations."""

    measures: tuple[Measure, ...]
    targets: tuple[Target, ...] = ()
    observations: tuple[Observation, ...] = ()
    title: str = "Council Plan"

    def __post_init__(self) -> None:
        codes = [m.code for m in self.measures]
        duplicates = sorted(code for code, count in Counter(codes).items() if count > 1)
        if duplicates:
            raise PlanError(f"measure codes appear more than once: {', '.join(duplicates)}")
        recorded = {t.code for t in self.targets} | {o.code for o in self.observations}
        unknown = sorted(recorded - set(codes))
        if unknown:
            raise PlanError(f"targets or observations for unknown measures: {', '.join(unknown)}")

    @cached_property
    def priorities(self) -> tuple[Priority, ...]:
        return tuple(dict.fromkeys(m.priority for m in self.measures))

    @cached_property
    def outcomes(self) -> tuple[Outcome, ...]:
        return tuple(dict.fromkeys(m.outcome for m in self.measures))

    @cached_property
    def _observations(self) -> dict[str, dict[Period, Observation]]:
        return _index(self.observations)

    @cached_property
    def _targets(self) -> dict[str, dict[Period, Target]]:
        return _index(self.targets)

    def measure(self, code: str) -> Measure:
        for measure in self.measures:
            if measure.code == code:
                return measure
        raise PlanError(f"no measure with code {code}")

    def observation(self, code: str, period: Period) -> Observation | None:
        return self._observations.get(code, {}).get(period)

    def observations_of(self, code: str) -> tuple[Observation, ...]:
        """A measure's observations in period order."""
        by_period = self._observations.get(code, {})
        return tuple(by_period[p] for p in sorted(by_period, key=_period_sort_key))

    def exact_target(self, code: str, period: Period) -> Decimal | None:
        """The target set for exactly ``period``, if any."""
        found = self._targets.get(code, {}).get(period)
        return found.value if found is not None else None

    def target(self, code: str, period: Period) -> Decimal | None:
        """The target in force in ``period``: its own, else its financial year's."""
        exact = self.exact_target(code, period)
        return exact if exact is not None else self.exact_target(code, period.financial_year)

    def targets_of(self, code: str) -> tuple[Target, ...]:
        """A measure's targets in period order."""
        by_period = self._targets.get(code, {})
        return tuple(by_period[p] for p in sorted(by_period, key=_period_sort_key))

    def measures_in(
        self, *, priority: str | None = None, outcome: str | None = None
    ) -> tuple[Measure, ...]:
        return tuple(
            m
            for m in self.measures
            if (priority is None or m.priority.code == priority)
            and (outcome is None or m.outcome.code == outcome)
        )


def _period_sort_key(period: Period) -> tuple[object, int]:
    return (period.end, -len(str(period)))


_Record = TypeVar("_Record", Target, Observation)


def _index(records: Iterable[_Record]) -> dict[str, dict[Period, _Record]]:
    index: dict[str, dict[Period, _Record]] = {}
    for record in records:
        by_period = index.setdefault(record.code, {})
        if record.period in by_period:
            raise PlanError(f"{record.code} has more than one entry for {record.period}")
        by_period[record.period] = record
    return index
