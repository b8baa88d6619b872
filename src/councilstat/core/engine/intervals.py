"""Wilson intervals, their place against a target, small numbers and the significance of a
change, for many values at once.

``docs/statistics.md``, "Wilson intervals", "Differences between two proportions" and
"The engine". The formulas are those of :func:`councilstat.core.intervals.wilson_interval`,
written as column expressions in the same order of operations, so each bound is the same
double the single-value code gives. Counts that do not make a proportion (a denominator of 0
or less, a numerator outside 0 to the denominator, or a missing or non-finite count) give no
interval (nulls) rather than an error.
"""

from __future__ import annotations

import polars as pl

from councilstat.core.intervals import (
    DEFAULT_CONFIDENCE,
    SMALL_NUMBER_THRESHOLD,
    TargetPosition,
    z_value,
)

__all__ = ["POSITION_DTYPE", "change_is_significant", "wilson_bounds", "wilson_intervals"]

POSITION_DTYPE = pl.Enum([position.value for position in TargetPosition])


def _valid(x: pl.Expr, n: pl.Expr) -> pl.Expr:
    return x.is_finite() & n.is_finite() & (n > 0) & (x >= 0) & (x <= n)


def wilson_bounds(
    numerator: pl.Expr, denominator: pl.Expr, confidence: float = DEFAULT_CONFIDENCE
) -> tuple[pl.Expr, pl.Expr]:
    """The lower and upper Wilson bounds of ``numerator / denominator`` as two expressions."""
    z = z_value(confidence)
    x, n = numerator.cast(pl.Float64), denominator.cast(pl.Float64)
    p = x / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z * (p * (1 - p) / n + z2n / (4 * n)).sqrt() / (1 + z2n)
    valid = _valid(x, n)
    lower = pl.when(~valid).then(None).when(x == 0).then(0.0)
    upper = pl.when(~valid).then(None).when(x == n).then(1.0)
    return (
        lower.otherwise(pl.max_horizontal(pl.lit(0.0), centre - half)),
        upper.otherwise(pl.min_horizontal(pl.lit(1.0), centre + half)),
    )


def wilson_intervals(
    frame: pl.DataFrame,
    *,
    numerator: str = "numerator",
    denominator: str = "denominator",
    target: str | None = None,
    confidence: float = DEFAULT_CONFIDENCE,
    threshold: float = SMALL_NUMBER_THRESHOLD,
) -> pl.DataFrame:
    """Add ``lower``, ``upper``, ``small_number`` and (with a ``target`` column, a proportion
    on the same scale) ``position``: above, below or straddles, null without a target."""
    lower, upper = wilson_bounds(pl.col(numerator), pl.col(denominator), confidence)
    frame = frame.with_columns(
        lower.alias("lower"),
        upper.alias("upper"),
        (pl.col(denominator).cast(pl.Float64) < threshold).alias("small_number"),
    )
    if target is None:
        return frame
    goal = pl.col(target).cast(pl.Float64)
    position = (
        pl.when(pl.col("lower").is_null() | goal.is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("lower") > goal)
        .then(pl.lit(TargetPosition.ABOVE.value))
        .when(pl.col("upper") < goal)
        .then(pl.lit(TargetPosition.BELOW.value))
        .otherwise(pl.lit(TargetPosition.STRADDLES.value))
    )
    return frame.with_columns(position.cast(POSITION_DTYPE).alias("position"))


def change_is_significant(
    now_numerator: pl.Expr,
    now_denominator: pl.Expr,
    before_numerator: pl.Expr,
    before_denominator: pl.Expr,
    moved: pl.Expr | None = None,
) -> pl.Expr:
    """Whether Newcombe's (1998, method 10) 95% interval for ``p1 - p2`` excludes 0.

    Null when either pair of counts does not make a proportion. With ``moved`` (the change in
    the value shown, current minus previous), a significant difference the other way from the
    change shown, or beside no change, is null too: a fall is never called a significant rise.
    Pooling a quarter's months into these counts is the caller's part.
    """
    x1, n1 = now_numerator.cast(pl.Float64), now_denominator.cast(pl.Float64)
    x2, n2 = before_numerator.cast(pl.Float64), before_denominator.cast(pl.Float64)
    l1, u1 = wilson_bounds(x1, n1)
    l2, u2 = wilson_bounds(x2, n2)
    p1, p2 = x1 / n1, x2 / n2
    difference = p1 - p2
    lower = difference - ((p1 - l1) ** 2 + (u2 - p2) ** 2).sqrt()
    upper = difference + ((u1 - p1) ** 2 + (p2 - l2) ** 2).sqrt()
    significant = (lower > 0) | (upper < 0)
    valid = _valid(x1, n1) & _valid(x2, n2)
    if moved is not None:
        agrees = (moved != 0) & ((moved > 0) == (lower > 0))
        valid = valid & (~significant | agrees)
    return pl.when(valid).then(significant)
