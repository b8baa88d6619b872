"""Binomial and Poisson probabilities from the standard library alone (private).

The regularised incomplete beta and gamma functions are evaluated with their standard
continued fractions (by the modified Lentz method), so the funnel limits in
:mod:`councilstat.core.funnel` need no numerical library.

>>> round(binomial_cdf(3, 10, 0.5), 6)  # 176 / 1024
0.171875
>>> round(regularised_gamma(1.0, 1.0), 6)  # 1 - 1/e
0.632121
"""

from __future__ import annotations

import math
from collections.abc import Callable

from councilstat.core.errors import StatisticsError

__all__ = ["binomial_cdf", "gamma_quantile", "regularised_beta", "regularised_gamma"]

_MAX_ITERATIONS = 10_000
_EPSILON = 1e-15
_TINY = 1e-300


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


def regularised_beta(a: float, b: float, x: float) -> float:
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


def regularised_gamma(a: float, x: float) -> float:
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


def gamma_quantile(probability: float, shape: float) -> float:
    """The ``x`` with ``P(shape, x) = probability``, by bracketing and bisection."""
    low, high = 0.0, max(1.0, 2 * shape)
    while regularised_gamma(shape, high) < probability:
        low, high = high, 2 * high
    for _ in range(_MAX_ITERATIONS):
        middle = (low + high) / 2
        if regularised_gamma(shape, middle) < probability:
            low = middle
        else:
            high = middle
        if high - low <= _EPSILON * high:
            break
    return (low + high) / 2


def binomial_cdf(k: int, n: int, p: float) -> float:
    """``P(X <= k)`` for ``X ~ Binomial(n, p)``."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    return regularised_beta(n - k, k + 1, 1 - p)
