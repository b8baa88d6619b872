"""XmR charts of many series at once: limits, every special-cause rule, point types and icons.

``docs/statistics.md``, "SPC charts" and "The engine". :func:`spc_batch` takes one long frame
of values (``series``, ``index``, ``value`` and optionally ``rebase``) and a frame of options
per series, and gives back the points, the groups (rebase periods) and the series, with the
same figures :func:`councilstat.core.spc.spc_chart` gives for each series alone.

How the rules become column operations, over the frame sorted by series and index, with a
group (one rebase period of one series) as the unit:

- a value's neighbour in its group is ``shift(1)`` / ``shift(-1)`` with the group's first or
  last row masked, so no rule runs across a rebase or from one series into the next;
- a shift (R4) is a run of equal sides: each run's length comes from the row numbers of its
  first and last rows (a forward and a backward fill), and a run of ``run_length`` or more
  on one side flags every point of it;
- a trend (R2) is a run of equal step directions (a tie carries the previous step's direction
  forward), ``trend_length - 1`` steps or more; the point before the first step belongs too;
- two-in-three (R3) looks at each window of three rows ending in the group;
- the mean and the average moving range use the exact sums of :mod:`._exact`, so they are the
  same doubles the single-series code computes. One extraction scale serves every group; a
  group it cannot certify (its values far smaller than the largest in the batch) is summed
  again with scales of its own, and the rare group that still cannot be certified is computed
  with ``Fraction`` and ``math.fsum``.

Options may differ from series to series (improvement direction, target, profile and every
override of ``spc_chart``); an option the same for every series costs nothing per point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import polars as pl

from councilstat.core.engine._exact import (
    exact_scales,
    extract,
    extraction_scale,
    rounded_mean,
    two_sum,
)
from councilstat.core.errors import StatisticsError
from councilstat.core.spc.chart import SpcGroup, SpcPoint, SpcResult, chart_warnings
from councilstat.core.spc.limits import (
    MIN_FIX_AFTER,
    NEAR_MULTIPLIER,
    SCREENING_MULTIPLIER,
    SHORT_GROUP_THRESHOLD,
    SIGMA_MULTIPLIER,
    XmrLimits,
)
from councilstat.core.spc.rules import DEFAULT_RUN_LENGTH, DEFAULT_TREND_LENGTH, MIN_RULE_LENGTH
from councilstat.core.spc.vocabulary import (
    PROFILE_SETTINGS,
    Assurance,
    Improvement,
    PointType,
    Profile,
    Rule,
    RulePrecedence,
    Variation,
)

__all__ = [
    "ASSURANCE_DTYPE",
    "OPTION_COLUMNS",
    "POINT_TYPE_DTYPE",
    "RULE_COLUMNS",
    "RULE_DTYPE",
    "VARIATION_DTYPE",
    "SpcBatch",
    "spc_batch",
    "spc_results",
]

RULE_DTYPE = pl.Enum([rule.value for rule in Rule])
POINT_TYPE_DTYPE = pl.Enum([kind.value for kind in PointType])
VARIATION_DTYPE = pl.Enum([icon.value for icon in Variation])
ASSURANCE_DTYPE = pl.Enum([icon.value for icon in Assurance])
IMPROVEMENT_DTYPE = pl.Enum([direction.value for direction in Improvement])

RULE_COLUMNS: tuple[str, ...] = tuple(rule.value for rule in Rule)
"""One Boolean column per rule in the points frame, in order of precedence."""

OPTION_COLUMNS = (
    "improvement",
    "target",
    "profile",
    "screen",
    "conflict",
    "hide_short_icons",
    "fix_after",
    "trend_length",
    "run_length",
    "trial_threshold",
)
"""The options a series can set (the keyword arguments of ``spc_chart``, less dates)."""

_IMPROVEMENT_SIGNS = {direction.value: direction.sign for direction in Improvement}


@dataclass(frozen=True)
class SpcBatch:
    """The charts of many series.

    ``points``: one row per observed value (``series``, ``index``, ``value``, ``group``,
    ``type``, ``rule`` and one Boolean column per rule). ``groups``: one row per rebase
    period (``series``, ``group``, ``first_index``, ``last_index``, ``size``, ``trial`` and the
    limits ``mean``, ``amr``, ``lpl``, ``upl``, ``near_lower``, ``near_upper``,
    ``baseline_size``, ``screened_out``, ``no_variation``). ``series``: one row per series with
    an observed value (``mean``, ``lpl`` and ``upl`` of its latest group, ``variation``,
    ``assurance``, ``improvement``, ``target``, ``profile``, ``trial_limits``, ``no_variation``,
    ``observed`` and ``missing`` counts). Each is sorted by series, then index or group.
    """

    points: pl.DataFrame
    groups: pl.DataFrame
    series: pl.DataFrame


# --------------------------------------------------------------------------- options


def _fail_unless(ok: bool, message: str) -> None:
    if not ok:
        raise StatisticsError(message)


def _resolved_options(
    keys: pl.DataFrame, options: pl.DataFrame | None, defaults: Mapping[str, Any]
) -> pl.DataFrame:
    """One row per series (in ``keys`` order) with every option resolved and checked."""
    frame = keys
    if options is not None:
        unknown = sorted(set(options.columns) - {"series", *OPTION_COLUMNS})
        _fail_unless(not unknown, f"unknown SPC options: {', '.join(unknown)}")
        _fail_unless(options["series"].is_duplicated().sum() == 0, "options repeat a series")
        frame = keys.join(options, on="series", how="left", maintain_order="left")
    for name in OPTION_COLUMNS:
        default = pl.lit(defaults[name])
        frame = frame.with_columns(
            (pl.col(name).fill_null(default) if name in frame.columns else default).alias(name)
        )
    frame = frame.with_columns(
        pl.col("improvement").cast(pl.String),
        pl.col("profile").cast(pl.String),
        pl.col("conflict").cast(pl.String),
        pl.col("target").cast(pl.Float64),
        *(pl.col(n).cast(pl.Int64) for n in ("fix_after", "trend_length", "run_length")),
        pl.col("trial_threshold").cast(pl.Int64),
    )
    _check_choice(frame["improvement"], Improvement, "improvement")
    _check_choice(frame["profile"], Profile, "profile")
    is_mdc = pl.col("profile") == Profile.MDC.value

    def profile_default(setting: str) -> pl.Expr:
        """The profile's choice of ``setting`` (``PROFILE_SETTINGS``) for each series."""
        ptd, mdc = (getattr(PROFILE_SETTINGS[p], setting) for p in (Profile.PTD, Profile.MDC))
        plain = [
            value.value if isinstance(value, RulePrecedence) else value for value in (ptd, mdc)
        ]
        return pl.when(is_mdc).then(pl.lit(plain[1])).otherwise(pl.lit(plain[0]))

    frame = frame.with_columns(
        pl.col("conflict").fill_null(profile_default("conflict")),
        pl.col("screen").cast(pl.Boolean).fill_null(profile_default("screen")),
        pl.col("hide_short_icons").cast(pl.Boolean).fill_null(profile_default("hide_short_icons")),
        profile_default("near_includes_outside").alias("near_includes_outside"),
    )
    _check_choice(frame["conflict"], RulePrecedence, "conflict")
    _check_counts(frame)
    return frame.with_columns(
        pl.col("improvement")
        .replace_strict(_IMPROVEMENT_SIGNS, return_dtype=pl.Int8)
        .alias("sign"),
        (pl.col("conflict") == RulePrecedence.IMPROVEMENT_WINS.value).alias("improvement_wins"),
    )


def _check_choice(column: pl.Series, kind: Any, name: str) -> None:
    allowed = [member.value for member in kind]
    wrong = column.filter(~column.is_in(allowed)).unique(maintain_order=True)
    if len(wrong):
        raise StatisticsError(f"{name} must be one of {', '.join(allowed)}, not {wrong[0]!r}")


def _check_counts(frame: pl.DataFrame) -> None:
    mdc_most = PROFILE_SETTINGS[Profile.MDC].max_fix_after
    is_mdc = pl.col("profile") == Profile.MDC.value
    wrong = frame.filter(
        (pl.col("fix_after") < MIN_FIX_AFTER) | (is_mdc & (pl.col("fix_after") > mdc_most))
    )
    if len(wrong):
        row = wrong.row(0, named=True)
        bounds = (
            f"between {MIN_FIX_AFTER} and {mdc_most}"
            if row["profile"] == Profile.MDC.value
            else f"at least {MIN_FIX_AFTER}"
        )
        raise StatisticsError(f"fix_after must be {bounds}, not {row['fix_after']}")
    for name, low in (
        ("trend_length", MIN_RULE_LENGTH),
        ("run_length", MIN_RULE_LENGTH),
        ("trial_threshold", 2),
    ):
        smallest = frame[name].min()
        if isinstance(smallest, int) and smallest < low:
            raise StatisticsError(f"{name} must be at least {low}, not {smallest}")
    targets = frame["target"].drop_nulls()
    _fail_unless(targets.is_finite().all(), "target must be a finite number")


# --------------------------------------------------------------------------- the values


def _prepared(values: pl.DataFrame) -> pl.DataFrame:
    """The values sorted by series and index, with a dense series number ``sid``."""
    missing = {"series", "index", "value"} - set(values.columns)
    _fail_unless(not missing, f"the values frame needs columns {', '.join(sorted(missing))}")
    frame = values.select(
        pl.col("series"),
        pl.col("index").cast(pl.Int64),
        pl.col("value").cast(pl.Float64),
        (pl.col("rebase").cast(pl.Boolean).fill_null(False) if "rebase" in values.columns
         else pl.lit(False)).alias("rebase"),
    )  # fmt: skip
    same = pl.col("series") == pl.col("series").shift(1)
    in_order = frame.select(
        (pl.col("series").shift(1) <= pl.col("series")).all()
        & (same.not_() | (pl.col("index") > pl.col("index").shift(1))).all()
    ).item()
    if not in_order:
        frame = frame.sort(["series", "index"], maintain_order=True)
    frame = frame.with_columns(
        (~same).fill_null(True).cum_sum().cast(pl.Int64).sub(1).set_sorted().alias("sid"),
        ((pl.col("index") == pl.col("index").shift(1)) & same).alias("repeated"),
    )
    repeated = frame.filter(pl.col("repeated"))
    if len(repeated):
        row = repeated.row(0, named=True)
        raise StatisticsError(f"series {row['series']!r} has two values at index {row['index']}")
    infinite = frame.filter(pl.col("value").is_infinite())
    if len(infinite):
        row = infinite.row(0, named=True)
        raise StatisticsError(f"value {row['index'] + 1} of series {row['series']!r} is infinite")
    return frame.drop("repeated")


def _attach(
    rows: pl.DataFrame, table: pl.DataFrame, key: str, names: Sequence[str]
) -> pl.DataFrame:
    """Give every row the figures of its series or group from ``table`` (one row per ``key``).

    A figure the same for every key becomes a literal; the others come by one left join
    (cheaper than a gather per column on millions of rows).
    """
    constant = [name for name in names if table[name].n_unique() == 1]
    varying = [name for name in names if name not in constant]
    if varying:
        rows = rows.join(table.select(key, *varying), on=key, how="left", maintain_order="left")
    return rows.with_columns(
        pl.lit(table[name][0], dtype=table[name].dtype).alias(name) for name in constant
    )


def _observed_rows(frame: pl.DataFrame, options: pl.DataFrame) -> pl.DataFrame:
    """Observed values with their group (``gid``, ``group``), place in it and options."""
    observed = frame.with_columns(
        pl.col("rebase").cast(pl.Int32).cum_sum().alias("rebases")
    ).filter(pl.col("value").is_not_null() & pl.col("value").is_not_nan())
    series_first = (pl.col("sid") != pl.col("sid").shift(1)).fill_null(True)
    starts = series_first | (pl.col("rebases") != pl.col("rebases").shift(1)).fill_null(True)
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    observed = observed.with_columns(starts.alias("starts"), series_first.alias("series_first"))
    observed = observed.with_columns(
        (pl.col("starts").cum_sum().cast(pl.Int64) - 1).alias("gid"),
        (row - pl.when(pl.col("starts")).then(row).forward_fill()).alias("pos"),
    )
    observed = observed.with_columns(
        pl.col("gid").set_sorted(),
        (pl.col("gid") - pl.when(pl.col("series_first")).then(pl.col("gid")).forward_fill()).alias(
            "group"
        ),
    ).drop("rebase", "rebases", "starts", "series_first")
    names = ("sign", "near_includes_outside", "improvement_wins", "fix_after", "screen",
             "trend_length", "run_length")  # fmt: skip
    return _attach(observed, options, "sid", names)


# --------------------------------------------------------------------------- the limits


def _exact_sums(
    prefix: str, value: pl.Expr, sigma: pl.Expr, sigma2: pl.Expr
) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """Row expressions and group aggregates for the exact sum of ``value`` (see ``_exact``)."""
    q1, r1 = extract(value, sigma)
    q2, r2 = extract(r1, sigma2)
    rows = [q1.alias(f"{prefix}_q1"), q2.alias(f"{prefix}_q2"), (r2 != 0).alias(f"{prefix}_bad")]
    sums = [
        pl.col(f"{prefix}_q1").sum(),
        pl.col(f"{prefix}_q2").sum(),
        pl.col(f"{prefix}_bad").any(),
    ]
    return rows, sums


def _sum_of(prefix: str) -> tuple[pl.Expr, pl.Expr]:
    """The correctly rounded sum and its exact remainder from a group's two partial sums."""
    return two_sum(pl.col(f"{prefix}_q1"), pl.col(f"{prefix}_q2"))


def _scales(rows: pl.DataFrame, *columns: str) -> dict[str, tuple[pl.Expr, pl.Expr]]:
    """One pair of extraction scales per column, shared by every group (literals).

    ``σ`` has to reach ``2 n max|x|`` in every group, so the largest value and the largest
    group set it; a group whose values are many orders of magnitude smaller than the largest
    may then fail its certificate and is summed again with scales of its own.
    """
    found = rows.select(
        *(pl.col(name).abs().max().alias(name) for name in columns),
        (pl.col("pos").max() + 1).alias("_n"),
    ).row(0, named=True)
    return {name: exact_scales(found[name] or 0.0, found["_n"] or 1) for name in columns}


def _group_sums(rows: pl.DataFrame, scales: dict[str, tuple[pl.Expr, pl.Expr]]) -> pl.DataFrame:
    """Per group: size, baseline size, last index and the exact partial sums of the baseline
    values (``x_*``) and moving ranges (``m_*``)."""
    x_rows, x_sums = _exact_sums("x", pl.col("base_value"), *scales["base_value"])
    m_rows, m_sums = _exact_sums("m", pl.col("moving_range"), *scales["moving_range"])
    return (
        rows.lazy()
        .with_columns(*x_rows, *m_rows)
        .group_by("gid", maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("size"),
            pl.col("baseline").sum().cast(pl.Int64).alias("baseline_size"),
            pl.col("index").last().alias("last_index"),
            *x_sums,
            *m_sums,
        )
        .collect()
    )


def _own_scales(rows: pl.DataFrame, gids: pl.Series) -> pl.DataFrame:
    """The partial sums again for the groups ``gids``, each with scales of its own."""
    subset = rows.filter(pl.col("gid").is_in(gids.implode()))
    own = subset.group_by("gid", maintain_order=True).agg(
        pl.col("base_value").abs().max().alias("x_max"),
        pl.col("moving_range").max().alias("m_max"),
        pl.col("baseline").sum().alias("n"),
    )
    x_sigma, x_sigma2 = extraction_scale(pl.col("x_max"), pl.col("n"))
    m_sigma, m_sigma2 = extraction_scale(pl.col("m_max"), pl.col("n"))
    own = own.select(
        "gid",
        x_sigma.alias("x_sigma"),
        x_sigma2.alias("x_sigma2"),
        m_sigma.alias("m_sigma"),
        m_sigma2.alias("m_sigma2"),
    )
    subset = subset.join(own, on="gid", how="left", maintain_order="left")
    scales = {
        "base_value": (pl.col("x_sigma"), pl.col("x_sigma2")),
        "moving_range": (pl.col("m_sigma"), pl.col("m_sigma2")),
    }
    return _group_sums(subset, scales).join(own, on="gid", how="left", maintain_order="left")


def _limits(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each group's mean, AMR (screened) and limits; the rows gain what the rules need."""
    baseline = pl.col("fix_after").is_null() | (pl.col("pos") < pl.col("fix_after"))
    ranged = baseline & (pl.col("pos") > 0)
    rows = rows.with_columns(
        pl.when(baseline).then(pl.col("value")).otherwise(0.0).alias("base_value"),
        pl.when(ranged)
        .then((pl.col("value") - pl.col("value").shift(1)).abs())
        .otherwise(0.0)
        .alias("moving_range"),
        baseline.alias("baseline"),
        ranged.alias("ranged"),
    )
    scales = _scales(rows, "base_value", "moving_range")
    groups = _group_sums(rows, scales)
    m_sigma, m_sigma2 = scales["moving_range"]
    groups = groups.with_columns(m_sigma.alias("m_sigma"), m_sigma2.alias("m_sigma2"))
    failed = groups.filter(pl.col("x_bad") | pl.col("m_bad"))["gid"]
    if len(failed):
        again = _own_scales(rows, failed).drop("x_sigma", "x_sigma2")
        groups = groups.update(again, on="gid")
    firsts = rows.filter(pl.col("pos") == 0).select(
        "sid", "series", "group", pl.col("index").alias("first_index"), "screen"
    )
    groups = pl.concat([groups, firsts], how="horizontal")
    x_sum, x_rest = _sum_of("x")
    m_sum, _ = _sum_of("m")
    groups = groups.with_columns(
        x_sum.alias("x_sum"),
        x_rest.alias("x_rest"),
        m_sum.alias("m_sum"),  # math.fsum of the moving ranges
        (pl.col("baseline_size") - 1).alias("ranges"),
        (~pl.col("x_bad") & ~pl.col("m_bad")).alias("ok"),
    )
    groups = rounded_mean(
        groups, "x_sum", "x_rest", "baseline_size", mean="mean", certified="mean_certified"
    )
    groups = rounded_mean(
        groups, "m_sum", None, "ranges", mean="raw_amr", certified="amr_certified"
    ).with_columns(
        pl.when(pl.col("ranges") > 0).then(pl.col("raw_amr")).alias("raw_amr"),
        pl.col("ok")
        & pl.col("mean_certified")
        & (pl.col("amr_certified") | (pl.col("ranges") == 0)),
    )
    screening = pl.col("screen") & (pl.col("raw_amr") > 0)
    groups = groups.with_columns(
        pl.when(screening)
        .then(SCREENING_MULTIPLIER * pl.col("raw_amr"))
        .otherwise(float("inf"))
        .alias("screen_limit")
    )
    groups = _screened(rows, groups, screening)
    groups = _fall_back(rows, groups)
    amr = pl.col("amr")
    groups = groups.with_columns(
        (pl.col("mean") - SIGMA_MULTIPLIER * amr).alias("lpl"),
        (pl.col("mean") + SIGMA_MULTIPLIER * amr).alias("upl"),
        (pl.col("mean") - NEAR_MULTIPLIER * amr).alias("near_lower"),
        (pl.col("mean") + NEAR_MULTIPLIER * amr).alias("near_upper"),
        (amr == 0).fill_null(False).alias("no_variation"),
        (amr.is_not_null() & (amr != 0)).alias("active"),
    )
    rows = _attach(
        rows, groups, "gid", ("mean", "lpl", "upl", "near_lower", "near_upper", "active")
    )
    return rows, groups


def _screened(rows: pl.DataFrame, groups: pl.DataFrame, screening: pl.Expr) -> pl.DataFrame:
    """Screen the moving ranges once; never screen away every non-zero range."""
    if not groups.select(screening.any()).item():
        return groups.with_columns(
            pl.col("raw_amr").alias("amr"), pl.lit(0, dtype=pl.Int64).alias("screened_out")
        )
    kept = pl.col("ranged") & (pl.col("moving_range") < pl.col("screen_limit"))
    k_rows, k_sums = _exact_sums("k", pl.col("kept_range"), pl.col("m_sigma"), pl.col("m_sigma2"))
    sums = (
        _attach(
            rows.select("gid", "moving_range", "ranged"),
            groups,
            "gid",
            ("screen_limit", "m_sigma", "m_sigma2"),
        )
        .lazy()
        .with_columns(kept.alias("kept"))
        .with_columns(
            pl.when(pl.col("kept")).then(pl.col("moving_range")).otherwise(0.0).alias("kept_range")
        )
        .with_columns(*k_rows)
        .group_by("gid", maintain_order=True)
        .agg(pl.col("kept").sum().cast(pl.Int64).alias("kept"), *k_sums)
        .collect()
    )
    groups = pl.concat([groups, sums.drop("gid")], how="horizontal")
    k_sum, _ = _sum_of("k")
    groups = rounded_mean(
        groups.with_columns(k_sum.alias("k_sum")),
        "k_sum", None, "kept", mean="screened_amr", certified="screened_certified",
    )  # fmt: skip
    screened_amr = pl.col("screened_amr")
    use = screening & (screened_amr != 0)
    return groups.with_columns(
        pl.when(use).then(screened_amr).otherwise(pl.col("raw_amr")).alias("amr"),
        pl.when(use)
        .then(pl.col("baseline_size") - 1 - pl.col("kept"))
        .otherwise(0)
        .alias("screened_out"),
        (pl.col("ok") & ~(screening & (pl.col("k_bad") | ~pl.col("screened_certified")))).alias(
            "ok"
        ),
    )


def python_limits(values: Sequence[float], screen: bool) -> tuple[float, float | None, int]:
    """Mean, AMR and screened-out count of one baseline, by ``Fraction`` and ``math.fsum``.

    The engine uses this only for a group its exact sums could not certify.
    """
    mean = float(sum(map(Fraction, values), Fraction(0)) / len(values))
    if len(values) < 2:
        return mean, None, 0
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    amr = math.fsum(ranges) / len(ranges)
    if screen and amr > 0:
        kept = [r for r in ranges if r < SCREENING_MULTIPLIER * amr]
        screened = math.fsum(kept) / len(kept)
        if screened != 0:
            return mean, screened, len(ranges) - len(kept)
    return mean, amr, 0


def _fall_back(rows: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """Recompute the groups the exact sums could not certify (rare) one at a time."""
    failed = groups.filter(~pl.col("ok"))
    if not len(failed):
        return groups
    baselines = (
        rows.filter(pl.col("gid").is_in(failed["gid"].implode()) & pl.col("baseline"))
        .group_by("gid", maintain_order=True)
        .agg(pl.col("value"), pl.col("screen").first())
    )
    fixes = [(gid, *python_limits(values, screen)) for gid, values, screen in baselines.iter_rows()]
    fixed = pl.DataFrame(
        fixes,
        schema={"gid": pl.Int64, "mean": pl.Float64, "amr": pl.Float64, "screened_out": pl.Int64},
        orient="row",
    )
    return groups.update(fixed, on="gid", include_nulls=True)


# --------------------------------------------------------------------------- the rules


def _run_length(new_run: pl.Expr) -> pl.Expr:
    """The length of the run each row belongs to, where ``new_run`` marks each run's start."""
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    start = pl.when(new_run).then(row).forward_fill()
    ends = new_run.shift(-1).fill_null(True)
    end = pl.when(ends).then(row).backward_fill()
    return end - start + 1


def _rules(rows: pl.DataFrame) -> pl.DataFrame:
    """Flag every rule each point hits (``docs/statistics.md``, "Special-cause rules")."""
    value, mean, pos = pl.col("value"), pl.col("mean"), pl.col("pos")
    first = pos == 0
    next_same = (pos.shift(-1) > 0).fill_null(False)
    previous = value.shift(1)
    rows = rows.with_columns(
        pl.when(value > mean).then(1).when(value < mean).then(-1).otherwise(0)
        .cast(pl.Int8).alias("side"),
        (pl.col("active") & ((value > pl.col("upl")) | (value < pl.col("lpl")))).alias("outside"),
        (pl.col("active") & ((value > pl.col("near_upper")) | (value < pl.col("near_lower"))))
        .alias("beyond"),
        # The direction of the step into each point; a tie carries the previous step's.
        pl.when(first).then(0)
        .when(value > previous).then(1)
        .when(value < previous).then(-1)
        .forward_fill().cast(pl.Int8).alias("step"),
    )  # fmt: skip
    side, step = pl.col("side"), pl.col("step")
    rows = rows.with_columns(
        (pl.col("beyond") & (pl.col("near_includes_outside") | ~pl.col("outside"))).alias("near"),
        _run_length(first | (side != side.shift(1))).alias("side_run"),
        _run_length(first | (step != step.shift(1))).alias("step_run"),
    )
    near = pl.col("near").cast(pl.Int8)
    window = (
        (pos >= 2)
        & (side != 0)
        & (side == side.shift(1))
        & (side == side.shift(2))
        & (near + near.shift(1) + near.shift(2) >= 2)
    )
    trend_step = (step != 0) & (pl.col("step_run") >= pl.col("trend_length") - 1)
    rows = rows.with_columns(
        window.alias("window"),
        trend_step.alias("trend_step"),
        ((side != 0) & (pl.col("side_run") >= pl.col("run_length"))).alias("in_shift"),
    )
    in_trend = pl.col("trend_step") | (pl.col("trend_step").shift(-1) & next_same).fill_null(False)
    rows = rows.with_columns(in_trend.alias("in_trend"))
    ahead = pl.when(next_same).then(step.shift(-1)).otherwise(0)
    trend_next = (pl.col("in_trend").shift(-1) & next_same).fill_null(False)
    direction = pl.when((ahead != 0) & trend_next).then(ahead).otherwise(step)
    windowed = (
        pl.col("window")
        | pl.col("window").shift(-1).fill_null(False)
        | pl.col("window").shift(-2).fill_null(False)
    )
    above, below = side > 0, side < 0
    in_trend_now = pl.col("in_trend")
    two_in_three = pl.col("near") & windowed
    return rows.with_columns(
        (pl.col("outside") & above).alias(Rule.ABOVE_UPL.value),
        (pl.col("outside") & below).alias(Rule.BELOW_LPL.value),
        (in_trend_now & (direction > 0)).alias(Rule.TREND_INCREASING.value),
        (in_trend_now & (direction < 0)).alias(Rule.TREND_DECREASING.value),
        (two_in_three & above).alias(Rule.TWO_IN_THREE_ABOVE.value),
        (two_in_three & below).alias(Rule.TWO_IN_THREE_BELOW.value),
        (pl.col("in_shift") & above).alias(Rule.SHIFT_ABOVE.value),
        (pl.col("in_shift") & below).alias(Rule.SHIFT_BELOW.value),
    )


def _classified(rows: pl.DataFrame) -> pl.DataFrame:
    """Each point's winning rule ("Precedence") and type ("Point types").

    A rule's code is its place in :class:`Rule` (precedence order; even codes point up, odd
    ones down), so the first rule hit is the smallest code hit, and the first improvement the
    smallest code hit whose direction times the improvement sign is positive.
    """
    sign = pl.col("sign")
    none = pl.lit(len(Rule), dtype=pl.Int8)
    codes = [
        pl.when(pl.col(rule.value)).then(pl.lit(code, dtype=pl.Int8)).otherwise(none)
        for code, rule in enumerate(Rule)
    ]
    good = [
        pl.when(pl.col(rule.value) & ((sign > 0) if code % 2 == 0 else (sign < 0)))
        .then(pl.lit(code, dtype=pl.Int8))
        .otherwise(none)
        for code, rule in enumerate(Rule)
    ]
    rows = rows.with_columns(
        pl.min_horizontal(codes).alias("first_rule"),
        pl.min_horizontal(good).alias("first_good"),
    )
    first, first_good = pl.col("first_rule"), pl.col("first_good")
    winner = pl.when(pl.col("improvement_wins") & (first_good < none)).then(first_good)
    rows = rows.with_columns(winner.otherwise(first).alias("rule_code"))
    code = pl.col("rule_code")
    up = code % 2 == 0
    kind = (
        pl.when(code == none).then(pl.lit(0, dtype=pl.UInt8))
        .when(sign == 0).then(pl.when(up).then(pl.lit(3, dtype=pl.UInt8)).otherwise(4))
        .when(up == (sign > 0)).then(pl.lit(1, dtype=pl.UInt8))
        .otherwise(pl.lit(2, dtype=pl.UInt8))
    )  # fmt: skip
    rules = pl.Series([rule.value for rule in Rule], dtype=RULE_DTYPE)
    kinds = pl.Series(
        [PointType.COMMON_CAUSE, PointType.SPECIAL_CAUSE_IMPROVEMENT,
         PointType.SPECIAL_CAUSE_CONCERN, PointType.SPECIAL_CAUSE_NEUTRAL_HIGH,
         PointType.SPECIAL_CAUSE_NEUTRAL_LOW],
        dtype=POINT_TYPE_DTYPE,
    )  # fmt: skip
    return rows.with_columns(
        pl.lit(rules).gather(pl.when(code < none).then(code)).alias("rule"),
        pl.lit(kinds).gather(kind).alias("type"),
    )


# --------------------------------------------------------------------------- the icons


def _variation(kind: pl.Expr, sign: pl.Expr) -> pl.Expr:
    """``docs/statistics.md``, "Variation icon"."""
    higher = sign > 0
    return (
        pl.when(kind == PointType.COMMON_CAUSE.value).then(pl.lit(Variation.COMMON_CAUSE.value))
        .when(kind == PointType.SPECIAL_CAUSE_IMPROVEMENT.value)
        .then(pl.when(higher).then(pl.lit(Variation.IMPROVEMENT_HIGH.value))
              .otherwise(pl.lit(Variation.IMPROVEMENT_LOW.value)))
        .when(kind == PointType.SPECIAL_CAUSE_CONCERN.value)
        .then(pl.when(higher).then(pl.lit(Variation.CONCERN_LOW.value))
              .otherwise(pl.lit(Variation.CONCERN_HIGH.value)))
        .when(kind == PointType.SPECIAL_CAUSE_NEUTRAL_HIGH.value)
        .then(pl.lit(Variation.NEITHER_HIGH.value))
        .otherwise(pl.lit(Variation.NEITHER_LOW.value))
        .cast(VARIATION_DTYPE)
    )  # fmt: skip


def _assurance(target: pl.Expr, lpl: pl.Expr, upl: pl.Expr, sign: pl.Expr) -> pl.Expr:
    """``docs/statistics.md``, "Assurance icon": the target against the latest limits."""
    rated = target.is_not_null() & lpl.is_not_null() & upl.is_not_null() & (sign != 0)
    above = target > upl
    beyond = above | (target < lpl)
    passes = above == (sign < 0)
    return (
        pl.when(~rated).then(pl.lit(None, dtype=pl.String))
        .when(~beyond).then(pl.lit(Assurance.INCONSISTENT.value))
        .when(passes).then(pl.lit(Assurance.CONSISTENT_PASS.value))
        .otherwise(pl.lit(Assurance.CONSISTENT_FAIL.value))
        .cast(ASSURANCE_DTYPE)
    )  # fmt: skip


def _series(
    rows: pl.DataFrame, groups: pl.DataFrame, options: pl.DataFrame, counts: pl.DataFrame
) -> pl.DataFrame:
    latest = (
        rows.lazy()
        .group_by("sid", maintain_order=True)
        .agg(pl.col("type").last(), pl.col("gid").last(), pl.len().alias("observed"))
        .collect()
    )
    latest = latest.with_columns(
        *(
            pl.lit(groups[name]).gather(pl.col("gid")).alias(name)
            for name in ("mean", "lpl", "upl", "trial", "no_variation")
        ),
        *(
            pl.lit(options[name]).gather(pl.col("sid")).alias(name)
            for name in ("series", "sign", "target", "improvement", "profile", "hide_short_icons")
        ),
        pl.lit(counts["missing"]).gather(pl.col("sid")).alias("missing"),
    )
    hidden = pl.col("hide_short_icons") & pl.col("trial")
    sign = pl.col("sign")
    return latest.select(
        "series",
        "mean",
        "lpl",
        "upl",
        pl.when(hidden).then(None).otherwise(_variation(pl.col("type"), sign)).alias("variation"),
        pl.when(hidden)
        .then(None)
        .otherwise(_assurance(pl.col("target"), pl.col("lpl"), pl.col("upl"), sign))
        .alias("assurance"),
        pl.col("improvement").cast(IMPROVEMENT_DTYPE),
        "target",
        "profile",
        pl.col("trial").alias("trial_limits"),
        "no_variation",
        "observed",
        "missing",
    )


# --------------------------------------------------------------------------- the batch


def spc_batch(
    values: pl.DataFrame,
    options: pl.DataFrame | None = None,
    *,
    improvement: Improvement | str = Improvement.NEUTRAL,
    target: float | None = None,
    profile: Profile | str = Profile.PTD,
    screen: bool | None = None,
    conflict: RulePrecedence | str | None = None,
    hide_short_icons: bool | None = None,
    fix_after: int | None = None,
    trend_length: int = DEFAULT_TREND_LENGTH,
    run_length: int = DEFAULT_RUN_LENGTH,
    trial_threshold: int = SHORT_GROUP_THRESHOLD,
) -> SpcBatch:
    """XmR charts of every series in ``values`` (``docs/statistics.md``, "The engine").

    ``values`` has a row per period: ``series`` (any key), ``index`` (the period's position in
    its series, which orders the points and comes back in the results), ``value`` (null or NaN
    for a missing period) and optionally ``rebase`` (true where a new group starts, as
    ``rebase_at`` does; on a missing period the group starts at the next observed point).
    ``options`` has a row per series (``series`` and any of :data:`OPTION_COLUMNS`); an option
    not given there, or null, takes the keyword argument's value, and unset profile choices
    follow the series' profile, exactly as in ``spc_chart``. A series with no observed value
    is left out. An infinite value, a repeated index or a bad option raises
    :class:`~councilstat.core.errors.StatisticsError`.
    """
    frame = _prepared(values)
    keys = frame.group_by("sid", maintain_order=True).agg(
        pl.col("series").first(),
        (pl.col("value").is_null() | pl.col("value").is_nan())
        .sum()
        .cast(pl.Int64)
        .alias("missing"),
    )
    defaults = {
        "improvement": str(improvement),
        "target": None if target is None else float(target),
        "profile": str(profile),
        "screen": screen,
        "conflict": None if conflict is None else str(conflict),
        "hide_short_icons": hide_short_icons,
        "fix_after": fix_after,
        "trend_length": trend_length,
        "run_length": run_length,
        "trial_threshold": trial_threshold,
    }
    resolved = _resolved_options(keys.select("series"), options, defaults).with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("sid")
    )
    rows = _observed_rows(frame, resolved)
    rows, groups = _limits(rows)
    groups = groups.with_columns(
        (pl.col("size") < pl.lit(resolved["trial_threshold"]).gather(pl.col("sid"))).alias("trial")
    )
    rows = _classified(_rules(rows))
    series = _series(rows, groups, resolved, keys)
    points = rows.select("series", "index", "value", "group", "type", "rule", *RULE_COLUMNS)
    group_frame = groups.select(
        "series", "group", "first_index", "last_index", "size", "trial", "mean", "amr", "lpl",
        "upl", "near_lower", "near_upper", "baseline_size", "screened_out", "no_variation",
    )  # fmt: skip
    return SpcBatch(points=points, groups=group_frame, series=series)


# --------------------------------------------------------------------------- the results


_RULES = tuple(Rule)
_POINT_TYPES = tuple(PointType)


def _hits(points: pl.DataFrame) -> list[tuple[Rule, ...]]:
    """Every rule each point hits, in order of precedence: one bit per rule, read once."""
    bits = points.select(
        pl.sum_horizontal(
            pl.col(column).cast(pl.Int32) * (1 << code) for code, column in enumerate(RULE_COLUMNS)
        )
    ).to_series()
    found = {
        mask: tuple(rule for code, rule in enumerate(_RULES) if mask >> code & 1)
        for mask in bits.unique().to_list()
    }
    return [found[mask] for mask in bits.to_list()]


def spc_results(batch: SpcBatch, labels: Mapping[Any, Sequence[str]]) -> dict[Any, SpcResult]:
    """The charts of ``batch`` as :class:`~councilstat.core.spc.SpcResult`, by series.

    ``labels`` gives each series' dates, one per period of its input (``index`` 0 to n - 1),
    so the points and the missing periods are named as ``spc_chart(..., labels=...)`` names
    them. Only the series in ``labels`` are converted. The figures are the engine's; this
    only puts them into the result types the pages, reports and API read.
    """
    points = batch.points
    keys = points["series"].to_list()
    indices = points["index"].to_list()
    values = points["value"].to_list()
    numbers = points["group"].to_list()
    kinds = [_POINT_TYPES[code] for code in points["type"].to_physical().to_list()]
    winners = [
        None if code is None else _RULES[code] for code in points["rule"].to_physical().to_list()
    ]
    hits = _hits(points)
    groups: dict[Any, list[SpcGroup]] = {}
    for row in batch.groups.iter_rows(named=True):
        limits = XmrLimits(
            mean=row["mean"], amr=row["amr"], lpl=row["lpl"], upl=row["upl"],
            near_lower=row["near_lower"], near_upper=row["near_upper"],
            baseline_size=row["baseline_size"], screened_out=row["screened_out"],
            no_variation=row["no_variation"],
        )  # fmt: skip
        groups.setdefault(row["series"], []).append(
            SpcGroup(
                row["group"],
                row["first_index"],
                row["last_index"],
                row["size"],
                limits,
                row["trial"],
            )
        )
    starts: dict[Any, int] = {}
    for position, key in enumerate(keys):
        starts.setdefault(key, position)
    results: dict[Any, SpcResult] = {}
    for row in batch.series.iter_rows(named=True):
        key = row["series"]
        if key not in labels:
            continue
        dates = labels[key]
        first = starts[key]
        span = range(first, first + row["observed"])
        chart_points = tuple(
            SpcPoint(
                indices[i], dates[indices[i]], values[i], numbers[i], kinds[i], winners[i], hits[i]
            )
            for i in span
        )
        observed = {point.index for point in chart_points}
        missing = [i for i in range(len(dates)) if i not in observed]
        chart_groups = groups[key]
        latest = chart_groups[-1].limits
        results[key] = SpcResult(
            mean=latest.mean,
            lpl=latest.lpl,
            upl=latest.upl,
            points=chart_points,
            groups=tuple(chart_groups),
            variation=None if row["variation"] is None else Variation(row["variation"]),
            assurance=None if row["assurance"] is None else Assurance(row["assurance"]),
            improvement=Improvement(row["improvement"]),
            target=row["target"],
            profile=Profile(row["profile"]),
            trial_limits=row["trial_limits"],
            no_variation=row["no_variation"],
            missing=tuple(dates[i] for i in missing),
            warnings=tuple(chart_warnings(chart_groups, missing, len(dates))),
        )
    return results
