"""RAG, direction of travel and the headline counts of many measures at once.

``docs/rules.md`` and ``docs/statistics.md``, "The engine". The same rules as
:func:`councilstat.core.rating.rag`, :func:`~councilstat.core.rating.direction_of_travel` and
:class:`councilstat.core.summary.Counts`, as column expressions:

- green when the value meets or beats the target in the polarity's direction; amber when it
  misses by no more than the tolerance band (on the edge included); red otherwise; no rating
  without a value, a target or a polarity;
- a percentage tolerance is compared without dividing: ``100 × shortfall <= |target| × amount``,
  so Decimal columns are compared exactly, as the plan's figures are (float columns are
  compared in floating point);
- percentages are half up, ``(200 c + d) // 2d``, and none of nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from councilstat.core.plan import Polarity, ToleranceKind
from councilstat.core.rating import Direction, Rag

__all__ = ["DIRECTION_DTYPE", "RAG_DTYPE", "counts", "rate"]

RAG_DTYPE = pl.Enum([rag.value for rag in Rag])
DIRECTION_DTYPE = pl.Enum([direction.value for direction in Direction])


def rate(
    frame: pl.DataFrame,
    *,
    value: str = "value",
    target: str = "target",
    target_upper: str = "target_upper",
    previous: str = "previous",
    polarity: str = "polarity",
    tolerance_kind: str = "tolerance_kind",
    tolerance: str = "tolerance",
) -> pl.DataFrame:
    """Add ``rag`` and ``direction`` to ``frame`` (one row per measure and quarter).

    ``polarity`` holds ``higher``, ``lower``, ``none`` or ``band``; ``tolerance_kind``
    ``percent_of_target`` or ``absolute`` with its ``tolerance`` amount (0 without one). For a
    ``band`` measure ``target`` is the bottom of its target band and ``target_upper`` (a column
    that may be absent, or null for a band of one value) its top: green inside the band, amber
    within tolerance of its nearest edge, and closer to the band is improving. ``previous`` is
    the previous comparable value, for direction of travel (``core.assessment.comparable_value``
    chooses it: the quarter before, the year before for an annual measure, the same point of
    last year for a year-to-date one).
    """
    higher = pl.col(polarity) == Polarity.HIGHER.value
    banded = pl.col(polarity) == Polarity.BAND.value
    rated = pl.col(polarity) != Polarity.NONE.value
    low = pl.col(target)
    high = pl.coalesce(pl.col(target_upper), low) if target_upper in frame.columns else low

    def outside(x: pl.Expr) -> pl.Expr:
        """How far ``x`` lies outside the band (zero inside it or on its edge)."""
        return pl.when(x < low).then(low - x).when(x > high).then(x - high).otherwise(x - x)

    now, before = pl.col(value), pl.col(previous)
    shortfall = pl.when(banded).then(outside(now)).when(higher).then(low - now).otherwise(now - low)
    edge = pl.when(banded & (now > high)).then(high).otherwise(low)
    percent = pl.col(tolerance_kind) == ToleranceKind.PERCENT_OF_TARGET.value
    within = (
        pl.when(percent)
        .then(shortfall * 100 <= edge.abs() * pl.col(tolerance))
        .otherwise(shortfall <= pl.col(tolerance))
    )
    rag = (
        pl.when(~rated | now.is_null() | low.is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(shortfall <= 0)
        .then(pl.lit(Rag.GREEN.value))
        .when(within)
        .then(pl.lit(Rag.AMBER.value))
        .otherwise(pl.lit(Rag.RED.value))
    )
    change = (
        pl.when(banded)
        .then(outside(before) - outside(now))
        .when(higher)
        .then(now - before)
        .otherwise(before - now)
    )
    direction = (
        pl.when(~rated | now.is_null() | before.is_null() | (banded & low.is_null()))
        .then(pl.lit(None, dtype=pl.String))
        .when(change == 0)
        .then(pl.lit(Direction.NO_CHANGE.value))
        .when(change > 0)
        .then(pl.lit(Direction.IMPROVING.value))
        .otherwise(pl.lit(Direction.WORSENING.value))
    )
    return frame.with_columns(
        rag.cast(RAG_DTYPE).alias("rag"), direction.cast(DIRECTION_DTYPE).alias("direction")
    )


def _percent(count: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """``count`` as a whole-number percentage of ``denominator``, half up; null for 0 of 0."""
    return pl.when(denominator > 0).then((200 * count + denominator) // (2 * denominator))


def counts(
    frame: pl.DataFrame, by: str | Sequence[str], *, rag: str = "rag", direction: str = "direction"
) -> pl.DataFrame:
    """The headline counts (:class:`~councilstat.core.summary.Counts`) for each group of ``by``.

    One row per group, in order of first appearance: ``measures``, ``green``, ``amber``,
    ``red``, ``improving``, ``no_change``, ``worsening``, ``assessed``, ``not_assessed``,
    ``met_pct``, ``direction_assessed`` and ``improving_pct``.
    """
    keys = [by] if isinstance(by, str) else list(by)

    def count(column: str, member: str) -> pl.Expr:
        return (pl.col(column) == member).sum().cast(pl.Int64)

    grouped = frame.group_by(keys, maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("measures"),
        *(count(rag, item.value).alias(item.value) for item in Rag),
        *(count(direction, item.value).alias(item.value) for item in Direction),
    )
    assessed = pl.col("green") + pl.col("amber") + pl.col("red")
    moved = pl.col("improving") + pl.col("no_change") + pl.col("worsening")
    return grouped.with_columns(
        assessed.alias("assessed"),
        (pl.col("measures") - assessed).alias("not_assessed"),
        _percent(pl.col("green"), assessed).alias("met_pct"),
        moved.alias("direction_assessed"),
        _percent(pl.col("improving"), moved).alias("improving_pct"),
    )
