"""The centre line and process limits of one group of an XmR chart.

``docs/statistics.md``, "XmR limits": the exactly rounded mean of the baseline (the whole
group, or its first ``fix_after`` points), the average moving range (AMR) with outlying moving
ranges screened at ``3.267 × AMR`` (never down to 0 in a group that varies), process limits
``mean ± 2.66 × AMR`` and two-sigma ("near") limits ``mean ± (2/3) × 2.66 × AMR``. Limits are
never clipped here; clip only when drawing.

>>> limits = xmr_limits([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1])
>>> round(limits.mean, 4), limits.amr, limits.screened_out
(1.9444, 1.0, 2)
>>> round(limits.lpl, 4), round(limits.upl, 4)
(-0.7156, 4.6044)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from councilstat.core.errors import StatisticsError

__all__ = [
    "MIN_FIX_AFTER",
    "NEAR_MULTIPLIER",
    "SCREENING_MULTIPLIER",
    "SHORT_GROUP_THRESHOLD",
    "SIGMA_MULTIPLIER",
    "XmrLimits",
    "exact_mean",
    "xmr_limits",
]

SIGMA_MULTIPLIER = 2.66
"""Process limits are mean ± 2.66 × AMR: 3/d2 with d2 = 1.128, rounded as PTD and MDC do."""

NEAR_MULTIPLIER = 2 * (SIGMA_MULTIPLIER / 3)
"""Two-sigma ("near") limits: mean ± (2/3) × 2.66 × AMR, exactly as PTD computes it."""

SCREENING_MULTIPLIER = 3.267
"""Moving ranges at or above 3.267 × AMR (D4 for ranges of two) are screened out."""

SHORT_GROUP_THRESHOLD = 13
"""Groups with fewer points than this have trial limits (PTD warning, MDC icon threshold)."""

MIN_FIX_AFTER = 12
"""Smallest fixed baseline accepted (PTD checks ``fix_after_n_points >= 12``)."""


@dataclass(frozen=True)
class XmrLimits:
    """Centre line and limits of one group; limits are ``None`` with a one-point baseline.

    ``no_variation`` is true when every baseline moving range is zero, so the limits sit on the
    mean; ``screened_out`` counts the moving ranges removed by screening.
    """

    mean: float
    amr: float | None
    lpl: float | None
    upl: float | None
    near_lower: float | None
    near_upper: float | None
    baseline_size: int
    screened_out: int
    no_variation: bool


def exact_mean(values: Sequence[float]) -> float:
    """The mean of ``values`` correctly rounded to a float (``docs/statistics.md``, "XmR limits").

    The sum is exact and rounded once, on division: ``math.fsum(values) / n``
    rounds twice and can miss a mean that a point sits on by one unit in the last place,
    putting that point on a side of the mean and inventing a run.
    """
    # Each float is an integer over a power of two, so the sum is an integer over the largest
    # of those powers, exactly; Python's integer true division rounds correctly.
    ratios = [value.as_integer_ratio() for value in values]
    scale = max(denominator for _, denominator in ratios)
    total = sum(numerator * (scale // denominator) for numerator, denominator in ratios)
    return total / (scale * len(values))


def xmr_limits(
    values: Sequence[float], *, screen: bool = True, fix_after: int | None = None
) -> XmrLimits:
    """Compute the mean and process limits of one group (``docs/statistics.md``, "XmR limits").

    The baseline is the first ``fix_after`` values (all of them when ``None``). Screening, when
    on, keeps only moving ranges strictly below ``3.267 × AMR`` and recomputes AMR once; it is
    skipped when AMR is zero, which collapses the limits onto the mean, and undone (nothing is
    screened out) when it would remove every non-zero moving range.
    """
    if not values:
        raise StatisticsError("cannot compute XmR limits of an empty series")
    if fix_after is not None and fix_after < 1:
        raise StatisticsError(f"fix_after must be a positive number of points, not {fix_after}")
    baseline = list(values if fix_after is None else values[:fix_after])
    mean = exact_mean(baseline)
    if len(baseline) < 2:
        return XmrLimits(mean, None, None, None, None, None, len(baseline), 0, False)
    ranges = [abs(b - a) for a, b in zip(baseline, baseline[1:], strict=False)]
    amr = math.fsum(ranges) / len(ranges)
    screened_out = 0
    if screen and amr > 0:
        kept = [mr for mr in ranges if mr < SCREENING_MULTIPLIER * amr]
        screened = math.fsum(kept) / len(kept)
        # Screening never removes every non-zero moving range: a group that varies keeps
        # its unscreened AMR rather than being called "no variation".
        if screened > 0:
            screened_out = len(ranges) - len(kept)
            amr = screened
    return XmrLimits(
        mean=mean,
        amr=amr,
        lpl=mean - SIGMA_MULTIPLIER * amr,
        upl=mean + SIGMA_MULTIPLIER * amr,
        near_lower=mean - NEAR_MULTIPLIER * amr,
        near_upper=mean + NEAR_MULTIPLIER * amr,
        baseline_size=len(baseline),
        screened_out=screened_out,
        no_variation=amr == 0,
    )
