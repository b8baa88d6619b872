"""Year-end forecasts of many measures at once (``docs/statistics.md``, "Forecasts").

The arithmetic of :mod:`councilstat.core.forecast` as group aggregates: which periods count
(the year so far, the same point of earlier years) is the caller's choice of rows.

- :func:`trend_forecasts`: the least-squares line through each series' points (position in the
  year, value) to position ``at``, with the half-width of its 80% prediction interval (Student's
  t on ``n - 2`` degrees of freedom; none below three points). Sums are polars' own, so the
  figures agree with the single-measure code (which uses ``math.fsum``) to about 1e-12.
- :func:`same_point_forecasts`: ``latest × year-end ÷ same point`` for each earlier year that
  has both figures; the forecast is the most recent such year's, the range runs across all of
  them (with two or more).
- :func:`forecast_figure`: a forecast as the plan shows it, a percentage kept within 0 to 100
  and six decimal places, ready to be rated with :func:`councilstat.core.engine.rating.rate`.
"""

from __future__ import annotations

import polars as pl

from councilstat.core.forecast import _T_90, _Z_90

__all__ = ["forecast_figure", "same_point_forecasts", "trend_forecasts"]


def trend_forecasts(
    points: pl.DataFrame,
    *,
    series: str = "series",
    position: str = "position",
    value: str = "value",
    at: str = "at",
) -> pl.DataFrame:
    """One row per series: ``points`` (n), ``forecast``, ``half``, ``low`` and ``high``.

    ``points`` has a row per value of the year so far, with the position to project to in
    ``at`` (the same on every row of a series). One point projects flat; two give a line and
    no range.
    """
    x, y = pl.col(position).cast(pl.Float64), pl.col(value).cast(pl.Float64)
    means = points.group_by(series, maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("points"),
        x.mean().alias("_x_mean"),
        y.mean().alias("_y_mean"),
        pl.col(at).first().cast(pl.Float64).alias("_at"),
    )
    centred = points.select(series, x.alias("_x"), y.alias("_y")).join(
        means, on=series, how="left", maintain_order="left"
    )
    dx, dy = pl.col("_x") - pl.col("_x_mean"), pl.col("_y") - pl.col("_y_mean")
    fits = centred.group_by(series, maintain_order=True).agg(
        (dx * dx).sum().alias("_sxx"), (dx * dy).sum().alias("_sxy")
    )
    frame = means.join(fits, on=series, how="left", maintain_order="left").with_columns(
        (pl.col("_sxy") / pl.col("_sxx")).alias("_slope")
    )
    residuals = (
        centred.join(frame.select(series, "_slope"), on=series, how="left", maintain_order="left")
        .with_columns(
            (pl.col("_y") - (pl.col("_y_mean") + pl.col("_slope") * dx)).alias("_residual")
        )
        .group_by(series, maintain_order=True)
        .agg((pl.col("_residual") ** 2).sum().alias("_squares"))
    )
    frame = frame.join(residuals, on=series, how="left", maintain_order="left")
    n = pl.col("points")
    t = (
        pl.when(n - 2 <= len(_T_90))
        .then(pl.lit(pl.Series(_T_90, dtype=pl.Float64)).gather((n - 3).clip(lower_bound=0)))
        .otherwise(_Z_90)
    )
    spread = (pl.col("_squares") / (n - 2)).sqrt()
    reach = pl.col("_at") - pl.col("_x_mean")
    half = t * spread * (1 + 1 / n + reach * reach / pl.col("_sxx")).sqrt()
    forecast = (
        pl.when(n == 1)
        .then(pl.col("_y_mean"))
        .otherwise(pl.col("_y_mean") + pl.col("_slope") * reach)
    )
    frame = frame.with_columns(forecast.alias("forecast"), pl.when(n >= 3).then(half).alias("half"))
    return frame.select(
        series,
        "points",
        "forecast",
        "half",
        (pl.col("forecast") - pl.col("half")).alias("low"),
        (pl.col("forecast") + pl.col("half")).alias("high"),
    )


def same_point_forecasts(
    earlier: pl.DataFrame,
    *,
    series: str = "series",
    latest: str = "latest",
    years_back: str = "years_back",
    same: str = "same",
    end: str = "end",
) -> pl.DataFrame:
    """One row per series with a usable earlier year: ``forecast``, ``low``, ``high``, ``years``.

    ``earlier`` has a row per series and earlier year (``years_back`` 1 for last year): the
    series' ``latest`` value, the value at the ``same`` point of that year and at its ``end``.
    A year without both figures, or with a same-point value of 0, is left out.
    """
    projections = (
        earlier.filter(pl.col(same).is_not_null() & pl.col(end).is_not_null() & (pl.col(same) != 0))
        .with_columns(
            (
                pl.col(latest).cast(pl.Float64)
                * pl.col(end).cast(pl.Float64)
                / pl.col(same).cast(pl.Float64)
            ).alias("_projection")
        )
        .sort([series, years_back], maintain_order=True)
    )
    several = pl.len() > 1
    return projections.group_by(series, maintain_order=True).agg(
        pl.col("_projection").first().alias("forecast"),
        pl.when(several).then(pl.col("_projection").min()).alias("low"),
        pl.when(several).then(pl.col("_projection").max()).alias("high"),
        pl.len().alias("years"),
    )


def forecast_figure(figure: pl.Expr, percent: pl.Expr) -> pl.Expr:
    """A forecast as shown and rated: within 0 to 100 for a percentage, to six decimals."""
    bounded = pl.when(percent).then(figure.clip(0.0, 100.0)).otherwise(figure)
    return bounded.round(6).cast(pl.Decimal(38, 6))
