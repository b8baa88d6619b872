"""The plan: priorities, outcomes, measures, targets and observations, as frozen dataclasses.

Numbers are ``Decimal`` so that a figure is compared with its target exactly as it was typed
(a value of 76 against a target of 80 with a 5% tolerance is on the amber edge, not a hair
beyond it). Statistics that need floats convert at their own boundary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cached_property
from typing import TypeVar

from councilstat.core.errors import PlanError
from councilstat.core.periods import Period, PeriodKind

__all__ = [
    "DEFAULT_OUTCOME_TERM",
    "MAX_DECIMAL_PLACES",
    "Aggregation",
    "Band",
    "Frequency",
    "Measure",
    "Observation",
    "Outcome",
    "Plan",
    "Polarity",
    "Precision",
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


MAX_DECIMAL_PLACES = 6
"""A measure may declare at most this many decimal places (what the store keeps)."""

RATE_SIGNIFICANT_FIGURES = 3
"""A rate without declared places is shown to three significant figures."""

CURRENCY_WHOLE_POUNDS = Decimal(1000)
"""Money at or above this (in absolute value) is shown in whole pounds, below it to the penny."""

_FIXED_PLACES = {"percent": 1, "days": 1, "ratio": 2, "number": 0}


@dataclass(frozen=True)
class Precision:
    """How a measure's figures are shown: its unit, the decimal places it declares (``None``:
    the unit's default) and whether a percentage may exceed 100.

    :meth:`places` is the one rule for how many decimal places a figure is shown with, on
    every page, chart, report and export (``docs/rules.md``, "Precision").

    >>> money, rate = Precision(Unit.CURRENCY), Precision(Unit.RATE)
    >>> money.places(Decimal("4.64")), money.places(Decimal(1250)), rate.places(Decimal("0.03"))
    (2, 0, 2)
    >>> Precision(Unit.NUMBER).places(Decimal("560.73"))
    0
    """

    unit: Unit
    decimal_places: int | None = None
    can_exceed_100: bool = False

    def __post_init__(self) -> None:
        places = self.decimal_places
        if places is not None and not 0 <= places <= MAX_DECIMAL_PLACES:
            raise PlanError(
                f"decimal places must be a whole number from 0 to {MAX_DECIMAL_PLACES} ({places})"
            )

    def places(self, value: Decimal) -> int:
        """How many decimal places ``value`` is shown with.

        Declared places win. Otherwise by unit: a percentage or days to 1 place, a ratio to 2,
        a number (a count) whole; money to the penny below £1,000 and in whole pounds at or
        above; a rate to :data:`RATE_SIGNIFICANT_FIGURES` significant figures, with at least
        one place and no more than the value itself carries (a rate of 0.03 is ``0.03``, a
        computed 0.031234 is ``0.0312``).
        """
        if self.decimal_places is not None:
            return self.decimal_places
        if self.unit is Unit.CURRENCY:
            return 0 if abs(value) >= CURRENCY_WHOLE_POUNDS else 2
        if self.unit is Unit.RATE:
            return _rate_places(value)
        return _FIXED_PLACES[self.unit.value]

    def rounded(self, value: Decimal) -> Decimal:
        """``value`` rounded half up to :meth:`places` (for display only)."""
        return value.quantize(Decimal(1).scaleb(-self.places(value)), rounding=ROUND_HALF_UP)

    def bounded(self, value: float) -> tuple[float, bool]:
        """A process limit or interval end as shown: a percentage's within 0 to 100 unless
        the measure declares it can exceed 100. Also says whether it was capped."""
        if self.unit is not Unit.PERCENT or self.can_exceed_100:
            return value, False
        capped = min(100.0, max(0.0, value))
        return capped, capped != value


def _rate_places(value: Decimal) -> int:
    if not value.is_finite() or value.is_zero():
        return 1
    exponent = value.normalize().as_tuple().exponent
    carried = max(0, -exponent) if isinstance(exponent, int) else 0
    significant = RATE_SIGNIFICANT_FIGURES - 1 - value.copy_abs().adjusted()
    return max(1, min(significant, carried))


class Polarity(StrEnum):
    """Which way is better: higher, lower, within a target band (``band``: best inside a range,
    such as a pay gap near 0 or a budget spent near 100%), or neither (``none``)."""

    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"
    BAND = "band"


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
class Band:
    """A target band from ``low`` to ``high`` inclusive (a single value when they are equal).

    >>> Band(Decimal(-2), Decimal(2)).distance(Decimal("3.5"))
    Decimal('1.5')
    """

    low: Decimal
    high: Decimal

    def __post_init__(self) -> None:
        if self.high < self.low:
            raise PlanError(
                f"the top of a target band ({self.high}) is below its bottom ({self.low})"
            )

    def distance(self, value: Decimal) -> Decimal:
        """How far ``value`` lies outside the band; zero inside it or on its edge."""
        if value < self.low:
            return self.low - value
        if value > self.high:
            return value - self.high
        return Decimal(0)

    def nearest_edge(self, value: Decimal) -> Decimal:
        """The edge of the band nearest ``value`` (its bottom for a value inside)."""
        return self.high if value > self.high else self.low

    def __str__(self) -> str:
        if self.low == self.high:
            return f"{self.low.normalize():f}"
        return f"{self.low.normalize():f} to {self.high.normalize():f}"


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
    breaks: tuple[Period, ...] = ()
    """Series breaks: the first period of each new definition of the measure. Its SPC chart
    starts new limits at each (``docs/statistics.md``, "Series breaks")."""
    decimal_places: int | None = None
    """How many decimal places its figures are shown with (``None``: its unit's default,
    :meth:`Precision.places`)."""
    can_exceed_100: bool = False
    """A percentage that may exceed 100 (a budget spent, a rate of growth): its limits and
    intervals are not capped at 100."""

    def __post_init__(self) -> None:
        self.precision  # noqa: B018  (checks the declared decimal places)

    @property
    def precision(self) -> Precision:
        return Precision(self.unit, self.decimal_places, self.can_exceed_100)


@dataclass(frozen=True)
class Target:
    """The target for a measure in a period: a year's target applies to every period in it.

    For a measure with polarity ``band``, ``value`` is the bottom of the target band and
    ``upper`` its top (``None``: a band of the one value).
    """

    code: str
    period: Period
    value: Decimal
    upper: Decimal | None = None

    @property
    def band(self) -> Band:
        return Band(self.value, self.value if self.upper is None else self.upper)


@dataclass(frozen=True)
class Observation:
    """A measure's value in a period, given directly or as numerator and denominator."""

    code: str
    period: Period
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""


DEFAULT_OUTCOME_TERM = "outcome"


@dataclass(frozen=True)
class Plan:
    """A whole plan as plain data: measures in plan order, with their targets and observations."""

    measures: tuple[Measure, ...]
    targets: tuple[Target, ...] = ()
    observations: tuple[Observation, ...] = ()
    title: str = "Council Plan"
    outcome_term: str = DEFAULT_OUTCOME_TERM
    """What the plan calls its outcomes in a headline, in the singular (a council's own term,
    such as ``key delivery outcome``)."""
    outcome_term_plural: str = ""
    """The plural of ``outcome_term`` when it is not just ``outcome_term`` + ``s``."""

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

    @cached_property
    def _in_order(self) -> dict[str, tuple[Observation, ...]]:
        """Each measure's observations in period order, sorted when first asked for."""
        return {}

    def observations_of(self, code: str) -> tuple[Observation, ...]:
        """A measure's observations in period order."""
        found = self._in_order.get(code)
        if found is None:
            by_period = self._observations.get(code, {})
            found = tuple(by_period[p] for p in sorted(by_period, key=_period_sort_key))
            self._in_order[code] = found
        return found

    def exact_target(self, code: str, period: Period) -> Decimal | None:
        """The target set for exactly ``period``, if any."""
        found = self._targets.get(code, {}).get(period)
        return found.value if found is not None else None

    def target(self, code: str, period: Period) -> Decimal | None:
        """The target in force in ``period``: its own, else its financial year's."""
        exact = self.exact_target(code, period)
        return exact if exact is not None else self.exact_target(code, period.financial_year)

    def exact_band(self, code: str, period: Period) -> Band | None:
        """The target band set for exactly ``period``, if any (a plain target is a band of
        its one value)."""
        found = self._targets.get(code, {}).get(period)
        return found.band if found is not None else None

    def target_band(self, code: str, period: Period) -> Band | None:
        """The target band in force in ``period``: its own, else its financial year's."""
        exact = self.exact_band(code, period)
        return exact if exact is not None else self.exact_band(code, period.financial_year)

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
