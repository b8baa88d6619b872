"""The single-series SPC code, made to follow the statistics rules of issue 12 where it does not yet.

The batch engine follows ``docs/statistics.md`` after those fixes: the exactly rounded mean of a
baseline, screening that never removes every non-zero moving range, and a tie in a trend that
carries the previous step's direction. :func:`reference_chart` is ``spc_chart`` itself; for each
of those three rules that a probe finds the single-series code does not follow yet, the rule's
function is swapped for the small one below while the chart is drawn. Once the single-series
code follows all three, :data:`PATCHED` is empty and the engine is compared with ``spc_chart``
exactly as it is.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from fractions import Fraction
from typing import Any
from unittest import mock

from councilstat.core.spc import Rule, SpcResult, spc_chart, xmr_limits
from councilstat.core.spc import limits as limits_module
from councilstat.core.spc import rules as rules_module
from councilstat.core.spc.limits import (
    NEAR_MULTIPLIER,
    SCREENING_MULTIPLIER,
    SIGMA_MULTIPLIER,
    XmrLimits,
)
from councilstat.core.spc.rules import sign


def new_xmr_limits(
    values: Sequence[float], *, screen: bool = True, fix_after: int | None = None
) -> XmrLimits:
    """``xmr_limits`` with the exactly rounded mean and the screening guard."""
    baseline = list(values if fix_after is None else values[:fix_after])
    mean = float(sum(map(Fraction, baseline), Fraction(0)) / len(baseline))
    if len(baseline) < 2:
        return XmrLimits(mean, None, None, None, None, None, len(baseline), 0, False)
    ranges = [abs(b - a) for a, b in zip(baseline, baseline[1:], strict=False)]
    amr = math.fsum(ranges) / len(ranges)
    screened_out = 0
    if screen and amr > 0:
        kept = [mr for mr in ranges if mr < SCREENING_MULTIPLIER * amr]
        screened = math.fsum(kept) / len(kept)
        if screened != 0:
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


def _steps(values: Sequence[float]) -> list[int]:
    """The direction of the step into each point; a tie carries the previous step's."""
    steps = [0] * len(values)
    for i in range(1, len(values)):
        step = sign(values[i] - values[i - 1])
        steps[i] = step if step else steps[i - 1]
    return steps


def new_trend_ends(values: Sequence[float], length: int = 7) -> list[int]:
    """``trend_ends`` where a tie takes the previous step's direction."""
    ends = [0] * len(values)
    rises = falls = 0
    for i, step in enumerate(_steps(values)):
        if i == 0:
            continue
        rises = rises + 1 if step > 0 else 0
        falls = falls + 1 if step < 0 else 0
        if rises >= length - 1:
            ends[i] = 1
        elif falls >= length - 1:
            ends[i] = -1
    return ends


def new_trend_directions(values: Sequence[float], in_trend: Sequence[bool]) -> list[int]:
    """``trend_directions`` with the steps of :func:`new_trend_ends`."""
    steps = _steps(values)
    directions = [0] * len(values)
    for i, flagged in enumerate(in_trend):
        if not flagged:
            continue
        ahead = steps[i + 1] if i + 1 < len(values) else 0
        if ahead and in_trend[i + 1]:
            directions[i] = ahead
        elif i > 0:
            directions[i] = steps[i]
    return directions


def _follows_exact_mean() -> bool:
    return xmr_limits([0.2, 1.0, 0.0]).mean == 0.4  # fsum / n gives 0.39999999999999997


def _follows_screening_guard() -> bool:
    return xmr_limits([1.0] * 10 + [2.0] * 6).amr != 0


def _follows_trend_ties() -> bool:
    chart = spc_chart([1, 2, 3, 3, 4, 5, 6], improvement="increase")
    return any(Rule.TREND_INCREASING in point.rules for point in chart.points)


PATCHED: tuple[str, ...] = tuple(
    name
    for name, follows in (
        ("exact mean", _follows_exact_mean()),
        ("screening guard", _follows_screening_guard()),
        ("trend ties", _follows_trend_ties()),
    )
    if not follows
)
"""The rules the single-series code does not follow yet, swapped in by :func:`patched`."""


@contextmanager
def patched() -> Iterator[None]:
    """Swap in the new rules the single-series code lacks, while the block runs."""
    with ExitStack() as stack:
        if "exact mean" in PATCHED or "screening guard" in PATCHED:
            stack.enter_context(mock.patch("councilstat.core.spc.chart.xmr_limits", new_xmr_limits))
            stack.enter_context(mock.patch.object(limits_module, "xmr_limits", new_xmr_limits))
        if "trend ties" in PATCHED:
            stack.enter_context(mock.patch.object(rules_module, "trend_ends", new_trend_ends))
            stack.enter_context(
                mock.patch.object(rules_module, "trend_directions", new_trend_directions)
            )
        yield


def reference_chart(values: Sequence[float | None], **options: Any) -> SpcResult:
    """``spc_chart`` under the new rules (see the module's docstring)."""
    with patched():
        return spc_chart(values, **options)
