"""Wilson score intervals for proportions, their place against a target, and small numbers.

``docs/statistics.md``, "Wilson intervals": the Wilson score interval for a proportion, with no
continuity correction; a test of whether an interval lies wholly above, wholly below or across
a target; and a flag for denominators too small to say much ("Small numbers"). Funnel plots,
which compare councils, are in :mod:`councilstat.core.funnel`.

>>> interval = wilson_interval(7, 50)
>>> round(interval.lower, 6), round(interval.upper, 6)
(0.069508, 0.261862)
>>> interval.position(0.3), is_small_number(50)
(<TargetPosition.BELOW: 'below'>, False)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist

from councilstat.core.errors import StatisticsError

__all__ = [
    "DEFAULT_CONFIDENCE",
    "SMALL_NUMBER_THRESHOLD",
    "Interval",
    "TargetPosition",
    "check_counts",
    "compare_with_target",
    "is_small_number",
    "wilson_interval",
    "z_value",
]

DEFAULT_CONFIDENCE = 0.95
SMALL_NUMBER_THRESHOLD = 30
"""Denominators below this are flagged as small numbers (configurable per call)."""


class TargetPosition(StrEnum):
    """Where an interval lies relative to a target."""

    ABOVE = "above"
    BELOW = "below"
    STRADDLES = "straddles"


@dataclass(frozen=True)
class Interval:
    """A closed interval ``[lower, upper]``."""

    lower: float
    upper: float

    def position(self, target: float) -> TargetPosition:
        """Say whether the interval lies wholly above or below ``target``, or straddles it."""
        return compare_with_target(self, target)


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959964 for 0.95 and 3.090232 for 0.998."""
    if not 0 < confidence < 1:
        raise StatisticsError(f"confidence must be between 0 and 1, not {confidence}")
    return NormalDist().inv_cdf((1 + confidence) / 2)


def check_counts(numerator: float, denominator: float) -> None:
    """Raise :class:`StatisticsError` unless the counts make a proportion.

    Both must be finite, the denominator positive and the numerator between 0 and it.
    """
    if not (math.isfinite(numerator) and math.isfinite(denominator)):
        raise StatisticsError("numerator and denominator must be finite numbers")
    if denominator <= 0:
        raise StatisticsError(f"denominator must be positive, not {denominator} (no data)")
    if not 0 <= numerator <= denominator:
        raise StatisticsError(f"numerator {numerator} must be between 0 and {denominator}")


def wilson_interval(
    numerator: float, denominator: float, confidence: float = DEFAULT_CONFIDENCE
) -> Interval:
    """Wilson score interval for ``numerator / denominator``, without continuity correction.

    A denominator of 0 raises :class:`StatisticsError`: the proportion is undefined (show
    "no data", never 0%). A numerator of 0 gives a lower limit of exactly 0, and a numerator
    equal to the denominator an upper limit of exactly 1.
    """
    check_counts(numerator, denominator)
    z = z_value(confidence)
    p = numerator / denominator
    z2n = z * z / denominator
    centre = (p + z2n / 2) / (1 + z2n)
    half = z * math.sqrt(p * (1 - p) / denominator + z2n / (4 * denominator)) / (1 + z2n)
    lower = 0.0 if numerator == 0 else max(0.0, centre - half)
    upper = 1.0 if numerator == denominator else min(1.0, centre + half)
    return Interval(lower, upper)


def compare_with_target(interval: Interval, target: float) -> TargetPosition:
    """Wholly above (``lower > target``), wholly below (``upper < target``), or straddles.

    An interval touching the target straddles it ("similar" in Fingertips terms).
    """
    if interval.lower > target:
        return TargetPosition.ABOVE
    if interval.upper < target:
        return TargetPosition.BELOW
    return TargetPosition.STRADDLES


def is_small_number(denominator: float, threshold: float = SMALL_NUMBER_THRESHOLD) -> bool:
    """True when ``denominator`` is below ``threshold``, so a figure needs a caution."""
    return denominator < threshold
