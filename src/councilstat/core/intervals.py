"""Wilson score intervals, funnel-plot limits and small-number flags.

Implements ``statistics.md`` (the CouncilStat statistics specification):

- section 11: the Wilson score interval for a proportion, with no continuity correction, and a
  test of whether an interval lies wholly above, wholly below or across a target;
- section 10.1-10.2: funnel-plot limits at 95% and 99.8% for proportions, either exact binomial
  with interpolation (Spiegelhalter 2005; the default) or on the arcsine square-root scale
  (FunnelPlotR), and exact Poisson limits for indirectly standardised ratios;
- section 10.3: overdispersion of proportions on the arcsine scale: z-scores winsorised at the
  10th and 90th percentiles (R type 7 quantiles), the dispersion ratio phi, the
  DerSimonian-Laird between-unit variance tau², and additive (default) or multiplicative
  adjusted limits, drawn only when phi > 1;
- section 10.4: a value exactly on a limit counts as inside.

Binomial and Poisson probabilities use the regularised incomplete beta and gamma functions,
evaluated with their standard continued fractions, so only the standard library is needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist
from typing import TypeVar

from councilstat.core.errors import StatisticsError

__all__ = [
    "DEFAULT_CONFIDENCE",
    "SMALL_NUMBER_THRESHOLD",
    "Dispersion",
    "FunnelLimits",
    "FunnelMethod",
    "FunnelPosition",
    "FunnelUnit",
    "Interval",
    "Overdispersion",
    "ProportionFunnel",
    "TargetPosition",
    "compare_with_target",
    "estimate_dispersion",
    "is_small_number",
    "proportion_funnel",
    "proportion_limits",
    "ratio_limits",
    "wilson_interval",
    "winsorise",
    "z_value",
]

DEFAULT_CONFIDENCE = 0.95
INNER_CONFIDENCE = 0.95
OUTER_CONFIDENCE = 0.998
SMALL_NUMBER_THRESHOLD = 30
"""Denominators below this are flagged as small numbers (configurable per call)."""
WINSOR_FRACTION = 0.1
"""Overdispersion z-scores are winsorised at the 10th and 90th percentiles."""
_MAX_ITERATIONS = 10_000
_EPSILON = 1e-15
_TINY = 1e-300
_E = TypeVar("_E", bound=StrEnum)


class TargetPosition(StrEnum):
    """Where an interval lies relative to a target."""

    ABOVE = "above"
    BELOW = "below"
    STRADDLES = "straddles"


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
class Interval:
    """A closed interval ``[lower, upper]``."""

    lower: float
    upper: float

    def position(self, target: float) -> TargetPosition:
        """Say whether the interval lies wholly above or below ``target``, or straddles it."""
        return compare_with_target(self, target)


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


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959964 for 0.95 and 3.090232 for 0.998."""
    if not 0 < confidence < 1:
        raise StatisticsError(f"confidence must be between 0 and 1, not {confidence}")
    return NormalDist().inv_cdf((1 + confidence) / 2)


def _check_counts(numerator: float, denominator: float) -> None:
    if not (math.isfinite(numerator) and math.isfinite(denominator)):
        raise StatisticsError("numerator and denominator must be finite numbers")
    if denominator <= 0:
        raise StatisticsError(f"denominator must be positive, not {denominator} (no data)")
    if not 0 <= numerator <= denominator:
        raise StatisticsError(f"numerator {numerator} must be between 0 and {denominator}")


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


def wilson_interval(
    numerator: float, denominator: float, confidence: float = DEFAULT_CONFIDENCE
) -> Interval:
    """Wilson score interval for ``numerator / denominator`` (section 11).

    A denominator of 0 raises :class:`StatisticsError`: the proportion is undefined (show
    "no data", never 0%). A numerator of 0 gives a lower limit of exactly 0, and a numerator
    equal to the denominator an upper limit of exactly 1.
    """
    _check_counts(numerator, denominator)
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


def _continued_fraction(b0: float, term: Callable[[int], tuple[float, float]]) -> float:
    """Evaluate ``b0 + a1/(b1 + a2/(b2 + ...))`` by the modified Lentz method."""
    value = b0 if b0 != 0 else _TINY
    c, d = value, 0.0
    for j in range(1, _MAX_ITERATIONS):
        a, b = term(j)
        d = b + a * d
        d = 1 / (d if abs(d) > _TINY else _TINY)
        c = b + a / c
        c = c if abs(c) > _TINY else _TINY
        value *= c * d
        if abs(c * d - 1) < _EPSILON:
            return value
    raise StatisticsError("a continued fraction did not converge")


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction ``1 + d1/(1 + d2/(1 + ...))`` of the incomplete beta function."""

    def term(j: int) -> tuple[float, float]:
        m = j // 2
        if j % 2:
            return -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)), 1.0
        return m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)), 1.0

    return _continued_fraction(1.0, term)


def _regularised_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function ``I_x(a, b)``."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        a * math.log(x)
        + b * math.log1p(-x)
        - (math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))
    )
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) / (a * _beta_fraction(a, b, x))
    return 1 - math.exp(log_front) / (b * _beta_fraction(b, a, 1 - x))


def _regularised_gamma(a: float, x: float) -> float:
    """The regularised lower incomplete gamma function ``P(a, x)``."""
    if x <= 0:
        return 0.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1 / a
        for k in range(1, _MAX_ITERATIONS):
            term *= x / (a + k)
            total += term
            if term < total * _EPSILON:
                return total * math.exp(log_front)
        raise StatisticsError("the incomplete gamma series did not converge")
    fraction = _continued_fraction(x + 1 - a, lambda j: (-j * (j - a), x + 2 * j + 1 - a))
    return 1 - math.exp(log_front) / fraction


def _gamma_quantile(probability: float, shape: float) -> float:
    """The ``x`` with ``P(shape, x) = probability``, by bracketing and bisection."""
    low, high = 0.0, max(1.0, 2 * shape)
    while _regularised_gamma(shape, high) < probability:
        low, high = high, 2 * high
    for _ in range(_MAX_ITERATIONS):
        middle = (low + high) / 2
        if _regularised_gamma(shape, middle) < probability:
            low = middle
        else:
            high = middle
        if high - low <= _EPSILON * high:
            break
    return (low + high) / 2


def _binomial_cdf(k: int, n: int, p: float) -> float:
    """``P(X <= k)`` for ``X ~ Binomial(n, p)``."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    return _regularised_beta(n - k, k + 1, 1 - p)


def _exact_binomial_limit(probability: float, n: int, p: float) -> float:
    """Spiegelhalter's interpolated binomial limit ``(r - alpha) / n`` (section 10.2)."""
    low, high = 0, n  # smallest r with F(r) >= probability, by bisection
    while low < high:
        middle = (low + high) // 2
        if _binomial_cdf(middle, n, p) >= probability:
            high = middle
        else:
            low = middle + 1
    at_r, below_r = _binomial_cdf(low, n, p), _binomial_cdf(low - 1, n, p)
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
    """95% and 99.8% funnel limits for a proportion at ``denominator`` (sections 10.2-10.3).

    Without overdispersion: exact binomial limits with interpolation (``P`` = 0.001, 0.025,
    0.975, 0.999), which need a whole-number denominator, or arcsine limits. With
    overdispersion (``dispersion`` required), limits are on the arcsine scale:
    ``θ0 ± z·√(s² + τ²)`` (additive) or ``θ0 ± z·√φ·s`` (multiplicative). This function
    applies the adjustment as asked; :func:`proportion_funnel` applies it only when φ > 1.
    """
    _check_counts(0, denominator)
    _check_proportion(target)
    method = _member(FunnelMethod, method, "method")
    overdispersion = _member(Overdispersion, overdispersion, "overdispersion")
    if overdispersion is not Overdispersion.NONE:
        if dispersion is None:
            raise StatisticsError("overdispersion-adjusted limits need a dispersion estimate")
        tau2, phi = dispersion.tau2, dispersion.phi

        def spread(s: float) -> float:
            if overdispersion is Overdispersion.ADDITIVE:
                return math.sqrt(s * s + tau2)
            return math.sqrt(phi) * s

    elif method is FunnelMethod.ARCSINE:

        def spread(s: float) -> float:
            return s

    else:
        return _exact_binomial_limits(denominator, target)
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
    """Exact Poisson limits for an indirectly standardised ratio at ``expected`` (section 10.2).

    ``lower = target·χ²_{α/2}(2E)/(2E)`` and ``upper = target·χ²_{1-α/2}(2E+2)/(2E)``.
    """
    if not (math.isfinite(expected) and expected > 0):
        raise StatisticsError(f"the expected count must be positive, not {expected}")
    if not (math.isfinite(target) and target > 0):
        raise StatisticsError(f"the target ratio must be positive, not {target}")

    def limit(confidence: float, upper: bool) -> float:
        tail = (1 + confidence) / 2 if upper else (1 - confidence) / 2
        return target * _gamma_quantile(tail, expected + 1 if upper else expected) / expected

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
    """Estimate φ and τ² for proportions on the arcsine scale (section 10.3, steps 1-4)."""
    if len(numerators) != len(denominators):
        raise StatisticsError("numerators and denominators differ in length")
    if len(numerators) < 2:
        raise StatisticsError("overdispersion needs at least two councils")
    _check_proportion(target)
    theta = math.asin(math.sqrt(target))
    z_scores, weights = [], []
    for x, n in zip(numerators, denominators, strict=True):
        _check_counts(x, n)
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
    """Place each council's proportion on a funnel plot (section 10).

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
        _check_counts(x, n)
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
