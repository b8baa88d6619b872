"""The statistics engine: the figures of many series and measures at once, with polars.

``docs/statistics.md``, "The engine". Each function takes long frames (a row per value, or per
measure and quarter) and computes, vectorised across every series, the figures the
single-series modules compute one at a time, to the same rules:

- :func:`spc_batch` (:mod:`.spc`): XmR limits with screening, every special-cause rule of
  both profiles, point types, and the variation and assurance icons, as ``spc_chart``, and
  :func:`spc_results`, the same charts as ``spc_chart``'s result type;
- :func:`rate` and :func:`counts` (:mod:`.rating`): RAG with tolerance and polarity,
  direction of travel, and the headline counts, as ``core.rating`` and ``core.summary``;
- :func:`wilson_intervals` and :func:`change_is_significant` (:mod:`.intervals`): Wilson
  intervals, target positions, small numbers and Newcombe's test of a change;
- :func:`forecast_batch` (:mod:`.forecast`): year-end forecasts, by trend or by the same point
  of earlier years, with their ranges and ratings, as ``core.forecast``.

There is no Python loop per series or per point on the way: rules are column expressions over
the frame sorted by series, with group boundaries masked, and per-group figures are group
aggregates joined back. Means are exactly rounded without ``Fraction`` (:mod:`._exact`).
The engine does no I/O; building its frames from the database or a plan is the caller's part.
"""

from councilstat.core.engine.forecast import forecast_batch
from councilstat.core.engine.intervals import (
    change_is_significant,
    wilson_bounds,
    wilson_intervals,
)
from councilstat.core.engine.rating import counts, rate
from councilstat.core.engine.spc import SpcBatch, spc_batch, spc_results

__all__ = [
    "SpcBatch",
    "change_is_significant",
    "counts",
    "forecast_batch",
    "rate",
    "spc_batch",
    "spc_results",
    "wilson_bounds",
    "wilson_intervals",
]
