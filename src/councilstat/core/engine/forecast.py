"""Year-end forecasts of many measures at once.

``docs/statistics.md``, "Year-end forecasts" and "The engine". The rules are those of
:func:`councilstat.core.forecast.forecast_year_end`, as group aggregates and joins:

- a **trend** (measures that are not year-to-date): the least-squares line through the year's
  values so far, at the year's last period; its range an 80% prediction interval (Student's
  t) with the scatter about the line from three or more values, else from the average moving
  range of at least three values before the year; the scatter never below the rounding of the
  figures (a unit in the last decimal place they need / √12); one value is its own forecast;
- the **same point of earlier years** (year-to-date measures): the latest value times each of
  the last five years' ratio of year-end to the same point; the most recent year's projection
  is the forecast, and with two or more the range runs across them, widened by half a unit in
  the last place of this year's figures;
- no forecast for a complete year or a year without values; a percentage is kept within 0 to
  100; a forecast is rated against the year's target only when it has a range.

The sums are floating point (``core.forecast`` uses ``math.fsum``), so figures agree with the
one-at-a-time function to within rounding of the last few bits, not always exactly; ratings
are compared in millionths, as ``core.forecast`` rounds a forecast to six decimal places.
"""

from __future__ import annotations

import polars as pl

from councilstat.core.engine.rating import rate
from councilstat.core.forecast import (
    MIN_EARLIER_VALUES,
    MR_DEGREES_OF_FREEDOM,
    MR_TO_SIGMA,
    ForecastMethod,
)

__all__ = ["METHOD_DTYPE", "forecast_batch"]

METHOD_DTYPE = pl.Enum([method.value for method in ForecastMethod])
YEARS_BACK = 5
"""Earlier years a year-to-date measure's projection looks back over."""
# Student's t, two-sided 80% (the 0.90 quantile) for 1 to 30 degrees of freedom, then the
# normal quantile: the table of ``core.forecast``.
_T_90 = [
    3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372,
    1.363, 1.356, 1.350, 1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325,
    1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.310,
]  # fmt: skip
_Z_90 = 1.2816
_MICRO = 1_000_000


def _t90(degrees_of_freedom: pl.Expr) -> pl.Expr:
    whole = degrees_of_freedom.floor().cast(pl.Int64).clip(lower_bound=1)
    table = pl.Series(_T_90)
    return (
        pl.when(whole <= len(_T_90))
        .then(pl.lit(table).gather(whole.clip(upper_bound=len(_T_90)) - 1))
        .otherwise(pl.lit(_Z_90))
    )


def _so_far(values: pl.DataFrame, series: pl.DataFrame) -> pl.DataFrame:
    """This year's values up to the quarter's end, with each series' figures attached."""
    keys = series.select("series", "year", "last", "length")
    return values.join(keys, on=["series", "year"]).filter(pl.col("position") <= pl.col("last"))


def _trend(values: pl.DataFrame, so_far: pl.DataFrame) -> pl.DataFrame:
    """The trend forecast of each series from its values so far."""
    x, y = pl.col("position").cast(pl.Float64), pl.col("value")
    line = so_far.with_columns(
        x.mean().over("series").alias("x_mean"),
        (y.sum().over("series") / pl.len().over("series")).alias("y_mean"),
    )
    dx = x - pl.col("x_mean")
    fitted = line.group_by("series", maintain_order=True).agg(
        pl.len().alias("n"),
        pl.col("x_mean").first(),
        pl.col("y_mean").first(),
        y.first().alias("only"),
        (dx * dx).sum().alias("sxx"),
        (dx * (y - pl.col("y_mean"))).sum().alias("sxy"),
        pl.col("places").max().alias("places"),
        (pl.col("length").first() - 1).alias("at"),
    )
    fitted = fitted.with_columns((pl.col("sxy") / pl.col("sxx")).alias("slope"))
    residual = y - (pl.col("y_mean") + pl.col("slope") * dx)
    spread = (
        line.join(fitted.select("series", "slope"), on="series")
        .group_by("series")
        .agg((residual * residual).sum().alias("ss"))
    )
    earlier = (
        values.join(so_far.select("series", "year").unique(), on="series", suffix="_now")
        .filter(pl.col("year") < pl.col("year_now"))
        .sort("series", "year", "position")
        .group_by("series", maintain_order=True)
        .agg(pl.len().alias("earlier"), pl.col("value").diff().abs().mean().alias("amr"))
    )
    frame = fitted.join(spread, on="series", how="left").join(earlier, on="series", how="left")
    n = pl.col("n").cast(pl.Float64)
    at = pl.col("at").cast(pl.Float64)
    borrowed = (pl.col("n") == 2) & (pl.col("earlier") >= MIN_EARLIER_VALUES)
    sigma = (
        pl.when(pl.col("n") >= 3)
        .then((pl.col("ss") / (n - 2)).sqrt())
        .when(borrowed)
        .then(pl.col("amr") / MR_TO_SIGMA)
    )
    freedom = (
        pl.when(pl.col("n") >= 3)
        .then(n - 2)
        .when(borrowed)
        .then(MR_DEGREES_OF_FREEDOM * (pl.col("earlier") - 1).cast(pl.Float64))
    )
    rounding = pl.lit(10.0).pow(-pl.col("places").cast(pl.Float64)) / 12**0.5
    half = (
        _t90(freedom)
        * pl.max_horizontal(sigma, rounding)
        * (1 + 1 / n + (at - pl.col("x_mean")) ** 2 / pl.col("sxx")).sqrt()
    )
    value = (
        pl.when(pl.col("n") == 1)
        .then(pl.col("only"))
        .otherwise(pl.col("y_mean") + pl.col("slope") * (at - pl.col("x_mean")))
    )
    return frame.select(
        "series",
        value.alias("value"),
        pl.when(sigma.is_not_null() & (pl.col("n") >= 2)).then(half).alias("half"),
        pl.lit(ForecastMethod.TREND.value).alias("method"),
    ).select(
        "series",
        "value",
        (pl.col("value") - pl.col("half")).alias("low"),
        (pl.col("value") + pl.col("half")).alias("high"),
        "method",
    )


def _same_point(values: pl.DataFrame, so_far: pl.DataFrame) -> pl.DataFrame:
    """The same-point projection of each year-to-date series from its latest value."""
    latest = (
        so_far.sort("series", "position")
        .group_by("series", maintain_order=True)
        .agg(
            pl.col("year").last(),
            pl.col("position").last(),
            pl.col("value").last().alias("latest"),
            pl.col("length").last(),
            pl.col("places").max(),
        )
    )
    back = latest.join(pl.DataFrame({"back": range(1, YEARS_BACK + 1)}), how="cross")
    back = back.with_columns((pl.col("year") - pl.col("back")).alias("earlier_year"))
    by_point = values.select(
        "series", pl.col("year").alias("earlier_year"), "position", pl.col("value").alias("same")
    )
    by_end = values.select(
        "series", pl.col("year").alias("earlier_year"), "position", pl.col("value").alias("end")
    )
    projections = (
        back.join(by_point, on=["series", "earlier_year", "position"])
        .join(
            by_end.rename({"position": "end_position"}),
            left_on=["series", "earlier_year", pl.col("length") - 1],
            right_on=["series", "earlier_year", "end_position"],
        )
        .filter(pl.col("same") != 0)
        .with_columns((pl.col("end") / pl.col("same")).alias("ratio"))
        .with_columns((pl.col("latest") * pl.col("ratio")).alias("projection"))
        .sort("series", "back")
    )
    half_unit = pl.lit(10.0).pow(-pl.col("places").cast(pl.Float64)) / 2
    ranged = pl.len() > 1
    return projections.group_by("series", maintain_order=True).agg(
        pl.col("projection").first().alias("value"),
        pl.when(ranged)
        .then((pl.col("projection") - half_unit * pl.col("ratio")).min())
        .alias("low"),
        pl.when(ranged)
        .then((pl.col("projection") + half_unit * pl.col("ratio")).max())
        .alias("high"),
        pl.lit(ForecastMethod.SAME_POINT_LAST_YEAR.value).alias("method"),
    )


def _micro(column: str) -> pl.Expr:
    """A figure in millionths, rounded: the six decimal places ``core.forecast`` keeps."""
    return (pl.col(column) * _MICRO).round().cast(pl.Int64)


def forecast_batch(values: pl.DataFrame, series: pl.DataFrame) -> pl.DataFrame:
    """The year-end forecast of every series in ``series`` that has one.

    ``values``: one row per stored value, every year's: ``series``, ``year`` (the financial
    year's first calendar year), ``position`` (0-based place of its period in that year: a
    month or a quarter), ``value`` (float) and ``places`` (the decimal places it is written
    with, as :func:`councilstat.core.forecast._unit_in_last_place` reads them).

    ``series``: one row per measure to forecast (monthly or quarterly): ``series``, ``year``
    (the forecast's), ``last`` (position of the last period up to the quarter's end),
    ``length`` (periods in the year: 12 or 4), ``cumulative`` (year-to-date), ``percent``,
    the year's ``target`` and ``target_upper`` (floats in the figures' units, null without),
    ``polarity``, ``tolerance_kind`` and ``tolerance``.

    Returns one row per series forecast: ``series``, ``method``, ``value``, ``low`` and
    ``high`` (null without a range), each within 0 to 100 for a percentage, and ``rag``.
    """
    so_far = _so_far(values, series)
    latest = so_far.group_by("series").agg(pl.col("position").max().alias("latest"))
    open_years = latest.join(series.select("series", "length"), on="series").filter(
        pl.col("latest") < pl.col("length") - 1
    )
    so_far = so_far.join(open_years.select("series"), on="series", how="semi")
    cumulative = series.filter(pl.col("cumulative")).select("series")
    trend = _trend(values, so_far.join(cumulative, on="series", how="anti"))
    same = _same_point(values, so_far.join(cumulative, on="series", how="semi"))
    found = pl.concat([trend, same], how="vertical_relaxed").join(series, on="series")
    percent = pl.col("percent")

    def bounded(column: str) -> pl.Expr:
        figure = pl.col(column)
        return pl.when(percent).then(figure.clip(0.0, 100.0)).otherwise(figure).alias(column)

    found = found.with_columns(bounded("value"), bounded("low"), bounded("high"))
    scaled = found.select(
        "series",
        _micro("value").alias("value"),
        _micro("target").alias("target"),
        _micro("target_upper").alias("target_upper"),
        pl.lit(None, dtype=pl.Int64).alias("previous"),
        "polarity",
        "tolerance_kind",
        pl.when(pl.col("tolerance_kind") == "absolute")
        .then(pl.col("tolerance") * _MICRO)
        .otherwise(pl.col("tolerance"))
        .alias("tolerance"),
    )
    rated = rate(scaled)["rag"]
    ranged = pl.col("low").is_not_null() & pl.col("high").is_not_null()
    return found.with_columns(rated.alias("rag")).select(
        "series",
        pl.col("method").cast(METHOD_DTYPE),
        "value",
        "low",
        "high",
        pl.when(ranged).then(pl.col("rag")).alias("rag"),
    )
