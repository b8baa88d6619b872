"""RAG against a target with tolerance, and direction of travel (``docs/rules.md``).

* Green when the value meets or beats the target in the polarity's direction.
* Amber when it misses by no more than the tolerance band; a value exactly on the band's
  edge is amber.
* Red otherwise.
* Not rated (``None``) when there is no value, no target, or the polarity is ``none``.

For polarity ``band`` (best within a range) the target is a band: green inside it (its edges
included), amber within the tolerance of the edge it misses (``5%``: 5% of that edge), red
further out. A plain target for a band measure is a band of one value.

Comparisons are exact (``Decimal``); rounding is for display only.

>>> from decimal import Decimal as D
>>> from councilstat.core.plan import Band, Polarity, Tolerance, ToleranceKind
>>> five_percent = Tolerance(ToleranceKind.PERCENT_OF_TARGET, D(5))
>>> rag(D(76), D(80), five_percent, Polarity.HIGHER)
<Rag.AMBER: 'amber'>
>>> direction_of_travel(D(68), D(60), Polarity.HIGHER)
<Direction.IMPROVING: 'improving'>
>>> from councilstat.core.plan import Band
>>> rag(D(3), Band(D(-2), D(2)), Tolerance(ToleranceKind.ABSOLUTE, D(1)), Polarity.BAND)
<Rag.AMBER: 'amber'>
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from councilstat.core.plan import Band, Polarity, Tolerance

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


def _as_band(target: Decimal | Band) -> Band:
    return target if isinstance(target, Band) else Band(target, target)


def rag(
    value: Decimal | None,
    target: Decimal | Band | None,
    tolerance: Tolerance,
    polarity: Polarity,
) -> Rag | None:
    """Rate ``value`` against ``target``; ``None`` when it cannot be rated.

    ``target`` may be a ``Band``: for polarity ``band`` it is the band; for ``higher`` its
    bottom is the target to meet, for ``lower`` its top."""
    if value is None or target is None or polarity is Polarity.NONE:
        return None
    if polarity is Polarity.BAND:
        band = _as_band(target)
        shortfall = band.distance(value)
        edge = band.nearest_edge(value)
    else:
        if isinstance(target, Band):
            target = target.low if polarity is Polarity.HIGHER else target.high
        shortfall = _shortfall(value, target, polarity)
        edge = target
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall <= tolerance.band(edge):
        return Rag.AMBER
    return Rag.RED


def direction_of_travel(
    current: Decimal | None,
    previous: Decimal | None,
    polarity: Polarity,
    band: Band | Decimal | None = None,
) -> Direction | None:
    """Compare a value with the previous one, by polarity; ``None`` when not comparable.

    For polarity ``band``, closer to ``band`` is improving (and as close, including inside it
    both times, is no change); without a band there is no direction."""
    if current is None or previous is None or polarity is Polarity.NONE:
        return None
    if polarity is Polarity.BAND:
        if band is None:
            return None
        current, previous = _as_band(band).distance(current), _as_band(band).distance(previous)
        polarity = Polarity.LOWER
    if current == previous:
        return Direction.NO_CHANGE
    better = current > previous if polarity is Polarity.HIGHER else current < previous
    return Direction.IMPROVING if better else Direction.WORSENING
