"""RAG against a target with tolerance, and direction of travel (``docs/rules.md``).

* Green when the value meets or beats the target in the polarity's direction.
* Amber when it misses by no more than the tolerance band; a value exactly on the band's
  edge is amber.
* Red otherwise.
* Not rated (``None``) when there is no value, no target, or the polarity is ``none``.

Comparisons are exact (``Decimal``); rounding is for display only.

>>> from decimal import Decimal as D
>>> from councilstat.core.plan import Polarity, Tolerance, ToleranceKind
>>> five_percent = Tolerance(ToleranceKind.PERCENT_OF_TARGET, D(5))
>>> rag(D(76), D(80), five_percent, Polarity.HIGHER)
<Rag.AMBER: 'amber'>
>>> direction_of_travel(D(68), D(60), Polarity.HIGHER)
<Direction.IMPROVING: 'improving'>
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from councilstat.core.plan import Polarity, Tolerance

__all__ = ["Direction", "Rag", "direction_of_travel", "rag"]


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        """The words a committee report uses."""
        return _RAG_LABELS[self]


_RAG_LABELS = {Rag.GREEN: "On target", Rag.AMBER: "Within tolerance", Rag.RED: "Off target"}


class Direction(StrEnum):
    IMPROVING = "improving"
    NO_CHANGE = "no_change"
    WORSENING = "worsening"

    @property
    def label(self) -> str:
        return _DIRECTION_LABELS[self]


_DIRECTION_LABELS = {
    Direction.IMPROVING: "Improving",
    Direction.NO_CHANGE: "No change",
    Direction.WORSENING: "Worsening",
}


def _shortfall(value: Decimal, target: Decimal, polarity: Polarity) -> Decimal:
    """How far ``value`` falls short of ``target``; zero or less means met."""
    return target - value if polarity is Polarity.HIGHER else value - target


def rag(
    value: Decimal | None,
    target: Decimal | None,
    tolerance: Tolerance,
    polarity: Polarity,
) -> Rag | None:
    """Rate ``value`` against ``target``; ``None`` when it cannot be rated."""
    if value is None or target is None or polarity is Polarity.NONE:
        return None
    shortfall = _shortfall(value, target, polarity)
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= tolerance.band(target):
        return Rag.AMBER
    return Rag.RED


def direction_of_travel(
    current: Decimal | None, previous: Decimal | None, polarity: Polarity
) -> Direction | None:
    """Compare a value with the previous one, by polarity; ``None`` when not comparable."""
    if current is None or previous is None or polarity is Polarity.NONE:
        return None
    if current == previous:
        return Direction.NO_CHANGE
    better = current > previous if polarity is Polarity.HIGHER else current < previous
    return Direction.IMPROVING if better else Direction.WORSENING
