"""Funnel plots: which councils differ from a target by more than chance.

``docs/statistics.md``, "Funnel plots":

- limits at 95% and 99.8% for proportions, either exact binomial with interpolation
  (Spiegelhalter 2005; the default) or on the arcsine square-root scale (FunnelPlotR), and
  exact Poisson limits for indirectly standardised ratios ("Funnel limits");
- overdispersion of proportions on the arcsine scale: z-scores winsorised at the 10th and 90th
  percentiles (R type 7 quantiles), the dispersion ratio phi, the DerSimonian-Laird
  between-unit variance tau², and additive (default) or multiplicative adjusted limits, drawn
  only when phi > 1 and never inside the unadjusted limits ("Overdispersion");
- a value exactly on a limit counts as inside ("Outliers").

>>> limits = ratio_limits(20)
>>> round(limits.lower_95, 6), round(limits.upper_95, 6)
(0.610826, 1.544419)
>>> limits.position(1.6)
<FunnelPosition.ABOVE_95: 'above_95'>
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from councilstat.core._distributions import binomial_cdf, gamma_quantile
from councilstat.core.errors import StatisticsError
from councilstat.core.intervals import check_counts, z_value

__all__ = [
    "Dispersion",
    "FunnelLimits",
    "FunnelMethod",
    "FunnelPosition",
    "FunnelUnit",
    "Overdispersion",
    "ProportionFunnel",
    "estimate_dispersion",
    "proportion_funnel",
    "proportion_limits",
    "ratio_limits",
    "winsorise",
]

INNER_CONFIDENCE = 0.95
OUTER_CONFIDENCE = 0.998
WINSOR_FRACTION = 0.1
"""Overdispersion z-scores are winsorised at the 10th and 90th percentiles."""
_E = TypeVar("_E", bound=StrEnum)


class FunnelMethod(StrEnum):
    """How unadjusted funnel limits for proportions are computed."""

    EXACT_BINOMIAL = "exact_binomial"
    ARCSINE = "arcsine"


class Overdispersion(StrEnum):
    """How limits are widened for overdispersion."""

    NONE = "none"
    ADDITIVE = "additive"
    MULTIPLICATIVE = "multiplicative"


class FunnelPosition(StrEnum):
    """Where a value lies among the funnel limits."""

    ABOVE_99_8 = "above_99_8"
    ABOVE_95 = "above_95"
    WITHIN = "within"
    BELOW_95 = "below_95"
    BELOW_99_8 = "below_99_8"


@dataclass(frozen=True)
class FunnelLimits:
    """The 95% and 99.8% limits at one precision (denominator or expected count)."""

    precision: float
    lower_998: float
    lower_95: float
    upper_95: float
    upper_998: float

    def position(self, value: float) -> FunnelPosition:
        """Place ``value`` among the limits; a value exactly on a limit is inside it."""
        if value > self.upper_998:
            return FunnelPosition.ABOVE_99_8
        if value > self.upper_95:
            return FunnelPosition.ABOVE_95
        if value < self.lower_998:
            return FunnelPosition.BELOW_99_8
        if value < self.lower_95:
            return FunnelPosition.BELOW_95
        return FunnelPosition.WITHIN


@dataclass(frozen=True)
class Dispersion:
    """Overdispersion estimates: ratio ``phi``, variance ``tau2``, from ``units`` councils."""

    phi: float
    tau2: float
    units: int


@dataclass(frozen=True)
class FunnelUnit:
    """One council on a funnel plot."""

    numerator: float
    denominator: float
    proportion: float
    limits: FunnelLimits
    position: FunnelPosition


@dataclass(frozen=True)
class ProportionFunnel:
    """A funnel plot of proportions; ``adjusted`` says whether overdispersion limits are used."""

    target: float
    method: FunnelMethod
    overdispersion: Overdispersion
    dispersion: Dispersion
    adjusted: bool
    units: tuple[FunnelUnit, ...]

    def limits_at(self, denominator: float) -> FunnelLimits:
        """Limits at any denominator, for drawing the funnel."""
        return proportion_limits(
            denominator,
            self.target,
            method=self.method,
            overdispersion=self.overdispersion if self.adjusted else Overdispersion.NONE,
            dispersion=self.dispersion,
        )


def _member(kind: type[_E], value: object, name: str) -> _E:
    """Convert ``value`` to a member of ``kind``, or raise a StatisticsError naming the options."""
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    allowed = ", ".join(member.value for member in kind)
    raise StatisticsError(f"{name} must be one of {allowed}, not {value!r}")


def _check_proportion(target: float) -> None:
    if not 0 <= target <= 1:
        raise StatisticsError(f"a target proportion must be between 0 and 1, not {target}")


def _exact_binomial_limit(probability: float, n: int, p: float) -> float:
    """Spiegelhalter's interpolated binomial limit ``(r - alpha) / n``."""
    low, high = 0, n  # smallest r with F(r) >= probability, by bisection
    while low < high:
        middle = (low + high) // 2
        if binomial_cdf(middle, n, p) >= probability:
            high = middle
        else:
            low = middle + 1
    at_r, below_r = binomial_cdf(low, n, p), binomial_cdf(low - 1, n, p)
    alpha = (at_r - probability) / (at_r - below_r)
    return min(1.0, max(0.0, (low - alpha) / n))


def _arcsine_limits(
    n: float, target: float, confidence: float, spread: Callable[[float], float]
) -> tuple[float, float]:
    """``sin²(θ0 ± z·spread(s))`` truncated at 0 and 1 where the transform turns back."""
    theta = math.asin(math.sqrt(target))
    width = z_value(confidence) * spread(1 / (2 * math.sqrt(n)))
    lower = 0.0 if theta - width <= 0 else math.sin(theta - width) ** 2
    upper = 1.0 if theta + width >= math.pi / 2 else math.sin(theta + width) ** 2
    return lower, upper


def proportion_limits(
    denominator: float,
    target: float,
    *,
    method: FunnelMethod = FunnelMethod.EXACT_BINOMIAL,
    overdispersion: Overdispersion = Overdispersion.NONE,
    dispersion: Dispersion | None = None,
) -> FunnelLimits:
    """95% and 99.8% funnel limits for a proportion at ``denominator``.

    Without overdispersion: exact binomial limits with interpolation (``P`` = 0.001, 0.025,
    0.975, 0.999), which need a whole-number denominator, or arcsine limits. With
    overdispersion (``dispersion`` required), limits are on the arcsine scale:
    ``θ0 ± z·√(s² + τ²)`` (additive) or ``θ0 ± z·√φ·s`` (multiplicative), and an adjustment
    may only widen: each adjusted limit is the wider of it and the unadjusted limit (by
    ``method``) at that denominator. This function applies the adjustment as asked;
    :func:`proportion_funnel` applies it only when φ > 1.
    """
    check_counts(0, denominator)
    _check_proportion(target)
    method = _member(FunnelMethod, method, "method")
    overdispersion = _member(Overdispersion, overdispersion, "overdispersion")
    if overdispersion is Overdispersion.NONE:
        if method is FunnelMethod.EXACT_BINOMIAL:
            return _exact_binomial_limits(denominator, target)
        return _arcsine_funnel_limits(denominator, target, lambda s: s)
    if dispersion is None:
        raise StatisticsError("overdispersion-adjusted limits need a dispersion estimate")
    tau2, phi = dispersion.tau2, dispersion.phi

    def spread(s: float) -> float:
        if overdispersion is Overdispersion.ADDITIVE:
            return math.sqrt(s * s + tau2)
        return math.sqrt(phi) * s

    adjusted = _arcsine_funnel_limits(denominator, target, spread)
    unadjusted = proportion_limits(denominator, target, method=method)
    return FunnelLimits(
        denominator,
        min(adjusted.lower_998, unadjusted.lower_998),
        min(adjusted.lower_95, unadjusted.lower_95),
        max(adjusted.upper_95, unadjusted.upper_95),
        max(adjusted.upper_998, unadjusted.upper_998),
    )


def _arcsine_funnel_limits(
    denominator: float, target: float, spread: Callable[[float], float]
) -> FunnelLimits:
    inner = _arcsine_limits(denominator, target, INNER_CONFIDENCE, spread)
    outer = _arcsine_limits(denominator, target, OUTER_CONFIDENCE, spread)
    return FunnelLimits(denominator, outer[0], inner[0], inner[1], outer[1])


def _exact_binomial_limits(denominator: float, target: float) -> FunnelLimits:
    if not float(denominator).is_integer():
        raise StatisticsError(
            f"exact binomial limits need a whole-number denominator, not {denominator}"
        )
    n = int(denominator)
    if target in (0.0, 1.0):  # the binomial distribution is a single point
        return FunnelLimits(denominator, target, target, target, target)
    low_998, low_95, up_95, up_998 = (
        _exact_binomial_limit(tail, n, target)
        for tail in (
            (1 - OUTER_CONFIDENCE) / 2,
            (1 - INNER_CONFIDENCE) / 2,
            (1 + INNER_CONFIDENCE) / 2,
            (1 + OUTER_CONFIDENCE) / 2,
        )
    )
    return FunnelLimits(denominator, low_998, low_95, up_95, up_998)


def ratio_limits(expected: float, target: float = 1.0) -> FunnelLimits:
    """Exact Poisson limits for an indirectly standardised ratio at ``expected``.

    ``lower = target·χ²_{α/2}(2E)/(2E)`` and ``upper = target·χ²_{1-α/2}(2E+2)/(2E)``.
    """
    if not (math.isfinite(expected) and expected > 0):
        raise StatisticsError(f"the expected count must be positive, not {expected}")
    if not (math.isfinite(target) and target > 0):
        raise StatisticsError(f"the target ratio must be positive, not {target}")

    def limit(confidence: float, upper: bool) -> float:
        tail = (1 + confidence) / 2 if upper else (1 - confidence) / 2
        return target * gamma_quantile(tail, expected + 1 if upper else expected) / expected

    return FunnelLimits(
        expected,
        limit(OUTER_CONFIDENCE, upper=False),
        limit(INNER_CONFIDENCE, upper=False),
        limit(INNER_CONFIDENCE, upper=True),
        limit(OUTER_CONFIDENCE, upper=True),
    )


def winsorise(values: Sequence[float], fraction: float = WINSOR_FRACTION) -> list[float]:
    """Clamp values to their ``fraction`` and ``1 - fraction`` quantiles (R type 7)."""
    if not values:
        raise StatisticsError("cannot winsorise an empty list")
    ordered = sorted(values)

    def quantile(q: float) -> float:
        h = (len(ordered) - 1) * q
        below = math.floor(h)
        above = min(below + 1, len(ordered) - 1)
        return ordered[below] + (h - below) * (ordered[above] - ordered[below])

    low, high = quantile(fraction), quantile(1 - fraction)
    return [min(high, max(low, value)) for value in values]


def estimate_dispersion(
    numerators: Sequence[float], denominators: Sequence[float], target: float
) -> Dispersion:
    """Estimate φ and τ² for proportions on the arcsine scale."""
    if len(numerators) != len(denominators):
        raise StatisticsError("numerators and denominators differ in length")
    if len(numerators) < 2:
        raise StatisticsError("overdispersion needs at least two councils")
    _check_proportion(target)
    theta = math.asin(math.sqrt(target))
    z_scores, weights = [], []
    for x, n in zip(numerators, denominators, strict=True):
        check_counts(x, n)
        s = 1 / (2 * math.sqrt(n))
        z_scores.append((math.asin(math.sqrt(x / n)) - theta) / s)
        weights.append(1 / (s * s))
    units = len(z_scores)
    phi = math.fsum(z * z for z in winsorise(z_scores)) / units
    total = math.fsum(weights)
    spread = total - math.fsum(w * w for w in weights) / total
    tau2 = max(0.0, (units * phi - (units - 1)) / spread)
    return Dispersion(phi, tau2, units)


def proportion_funnel(
    numerators: Sequence[float],
    denominators: Sequence[float],
    *,
    target: float | None = None,
    method: FunnelMethod = FunnelMethod.EXACT_BINOMIAL,
    overdispersion: Overdispersion = Overdispersion.ADDITIVE,
) -> ProportionFunnel:
    """Place each council's proportion on a funnel plot.

    ``target`` defaults to the pooled proportion ``Σx / Σn``. φ and τ² are always reported;
    adjusted limits are used only when ``overdispersion`` is not ``none`` and φ > 1.
    """
    method = _member(FunnelMethod, method, "method")
    overdispersion = _member(Overdispersion, overdispersion, "overdispersion")
    if len(numerators) != len(denominators):
        raise StatisticsError("give one numerator and one denominator for each council")
    if len(numerators) < 2:
        raise StatisticsError("a funnel plot compares councils: give at least two")
    for x, n in zip(numerators, denominators, strict=True):
        check_counts(x, n)
    if target is None:
        target = math.fsum(numerators) / math.fsum(denominators)
    dispersion = estimate_dispersion(numerators, denominators, target)
    adjusted = overdispersion is not Overdispersion.NONE and dispersion.phi > 1
    units = []
    for x, n in zip(numerators, denominators, strict=True):
        limits = proportion_limits(
            n,
            target,
            method=method,
            overdispersion=overdispersion if adjusted else Overdispersion.NONE,
            dispersion=dispersion,
        )
        units.append(FunnelUnit(x, n, x / n, limits, limits.position(x / n)))
    return ProportionFunnel(target, method, overdispersion, dispersion, adjusted, tuple(units))
