"""Where a council stands among its comparators: rank, quartile, median and mean, in words.

A comparator group (nearest neighbours, a region, all England) is a set of areas, each with at
most one value of a national metric for a period. The subject council's position in the group:

- **Rank** follows the polarity: 1st is the best value (the highest when higher is better, the
  lowest when lower is better). Ties share a rank and the next rank skips ("competition"
  ranking: 1, 2, 2, 4), so two councils with the same value are "joint 2nd". A metric whose
  polarity is ``none`` is not ranked: no value is better than another.
- **Quartile** of rank ``r`` among ``n`` values is ``ceil(4r / n)``: the first quartile holds
  the best quarter of the group. 9th of 16 is in the third quartile. A group of fewer than
  four values has no quartiles.
- **Median and mean** are of every value in the group, the subject's included.

For proportions, a funnel plot (``funnel.proportion_funnel``) says which councils differ from
the group by more than chance; :func:`funnel_outliers` names them, and nothing ranks the councils
inside the funnel (``docs/statistics.md``, "Outliers").

>>> from decimal import Decimal as D
>>> values = {"A": D(80), "B": D(70), "C": D(75), "D": D(90)}
>>> position = group_position(values, "C", Polarity.HIGHER)
>>> position.rank, position.count, position.quartile
(3, 4, 3)
>>> position_sentence("C", position, "nearest neighbours")
'C is 3rd of 4 nearest neighbours, in the third quartile.'
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from councilstat.core.errors import StatisticsError
from councilstat.core.funnel import FunnelPosition, ProportionFunnel
from councilstat.core.plan import Polarity

__all__ = [
    "POSITION_LABELS",
    "FunnelOutlier",
    "GroupPosition",
    "funnel_outliers",
    "funnel_sentence",
    "group_position",
    "ordinal",
    "position_sentence",
    "quartile",
]

_QUARTILE_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth"}

POSITION_LABELS = {
    FunnelPosition.ABOVE_99_8: "above the upper 99.8% limit",
    FunnelPosition.ABOVE_95: "above the upper 95% limit",
    FunnelPosition.WITHIN: "within the 95% limits",
    FunnelPosition.BELOW_95: "below the lower 95% limit",
    FunnelPosition.BELOW_99_8: "below the lower 99.8% limit",
}
"""How each place on a funnel plot is said in words."""

_OUTSIDE_ORDER = (
    FunnelPosition.ABOVE_99_8,
    FunnelPosition.ABOVE_95,
    FunnelPosition.BELOW_95,
    FunnelPosition.BELOW_99_8,
)


@dataclass(frozen=True)
class GroupPosition:
    """The subject's place in its group for one period.

    ``rank`` and ``quartile`` are ``None`` when the subject has no value or the polarity is
    ``none``; ``median`` and ``mean`` are ``None`` only when no area has a value.
    """

    subject_value: Decimal | None
    count: int
    """How many areas of the group have a value (the subject's included)."""
    rank: int | None
    joint: bool
    """Another area has exactly the subject's value, so the rank is shared."""
    quartile: int | None
    median: Decimal | None
    mean: Decimal | None

    @property
    def above_median(self) -> bool | None:
        """Whether the subject's value is above the group median (``None``: no value, or on it)."""
        if self.subject_value is None or self.median is None or self.subject_value == self.median:
            return None
        return self.subject_value > self.median


MIN_FOR_QUARTILES = 4


def quartile(rank: int, count: int) -> int | None:
    """The quartile of ``rank`` among ``count`` values, ``ceil(4 * rank / count)``; ``None``
    for a group of fewer than four."""
    if count < 1 or not 1 <= rank <= count:
        raise StatisticsError(f"rank {rank} must be between 1 and the count, {count}")
    if count < MIN_FOR_QUARTILES:
        return None
    return math.ceil(4 * rank / count)


def group_position(
    values: Mapping[str, Decimal | None], subject: str, polarity: Polarity
) -> GroupPosition:
    """Rank, quartile, median and mean of ``values`` (keyed by area) for the ``subject`` area.

    Areas whose value is ``None`` are left out, as if not in the group.
    """
    present = {area: value for area, value in values.items() if value is not None}
    for area, value in present.items():
        if not value.is_finite():
            raise StatisticsError(f"the value for {area} is not a finite number")
    count = len(present)
    own = present.get(subject)
    median = statistics.median(present.values()) if present else None
    mean = statistics.mean(present.values()) if present else None
    if own is None or polarity is Polarity.NONE:
        return GroupPosition(own, count, None, False, None, median, mean)
    better = [v for v in present.values() if (v > own if polarity is Polarity.HIGHER else v < own)]
    rank = len(better) + 1
    joint = sum(1 for v in present.values() if v == own) > 1
    return GroupPosition(own, count, rank, joint, quartile(rank, count), median, mean)


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``12th``, ``13th``, ``21st``."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def position_sentence(subject_name: str, position: GroupPosition, group_noun: str) -> str:
    """The plain sentence: ``Rotherham is 9th of 16 nearest neighbours, in the third quartile.``

    ``group_noun`` names the group's members in the plural (``nearest neighbours``,
    ``councils in the region``); the count includes the subject.
    """
    if position.count == 0:
        return f"No comparator values are available for {subject_name}'s {group_noun}."
    of = f"{position.count} {group_noun}"
    if position.subject_value is None:
        return f"{subject_name} has no value, so it is not placed among {of}."
    if position.rank is None:
        above = position.above_median
        where = "on" if above is None else ("above" if above else "below")
        return (
            f"{subject_name} is {where} the median of {of}; neither a higher nor a lower value "
            "is better, so it is not ranked."
        )
    joint = "joint " if position.joint else ""
    placed = f"{subject_name} is {joint}{ordinal(position.rank)} of {of}"
    if position.quartile is None:
        return f"{placed}."
    return f"{placed}, in the {_QUARTILE_WORDS[position.quartile]} quartile."


@dataclass(frozen=True)
class FunnelOutlier:
    """A council outside the funnel's 95% limits, and where."""

    name: str
    position: FunnelPosition

    @property
    def label(self) -> str:
        return POSITION_LABELS[self.position]


def funnel_outliers(names: Sequence[str], funnel: ProportionFunnel) -> tuple[FunnelOutlier, ...]:
    """The councils outside the 95% limits, furthest band first and by name within a band.

    ``names`` are in the order of the funnel's units. Councils inside are not listed: a funnel
    plot does not rank them.
    """
    if len(names) != len(funnel.units):
        raise StatisticsError("give one name for each council on the funnel")
    outside = [
        FunnelOutlier(name, unit.position)
        for name, unit in zip(names, funnel.units, strict=True)
        if unit.position is not FunnelPosition.WITHIN
    ]
    return tuple(sorted(outside, key=lambda o: (_OUTSIDE_ORDER.index(o.position), o.name.lower())))


def _names(outliers: Sequence[FunnelOutlier]) -> str:
    names = [o.name for o in outliers]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def funnel_sentence(outliers: Sequence[FunnelOutlier], count: int) -> str:
    """Who lies outside the limits, in words; the councils inside are counted: the funnel
    cannot tell them apart (their ranks are another figure, from the values alone)."""
    if not outliers:
        return (
            f"All {count} councils are within the 95% limits: the differences between them are "
            "no more than chance would give."
        )
    parts = []
    for position in _OUTSIDE_ORDER:
        band = [o for o in outliers if o.position is position]
        if band:
            verb = "is" if len(band) == 1 else "are"
            parts.append(f"{_names(band)} {verb} {POSITION_LABELS[position]}.")
    inside = count - len(outliers)
    if inside == 1:
        parts.append("The other council is within the 95% limits.")
    elif inside > 1:
        parts.append(
            f"The other {inside} councils are within the 95% limits: the funnel plot cannot "
            "tell them apart."
        )
    return " ".join(parts)
