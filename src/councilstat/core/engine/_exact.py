"""Exact sums and the exactly rounded mean of many groups at once, in floating point (private).

``docs/statistics.md``, "The engine". The single-series code takes the mean of a baseline as
``float(sum(map(Fraction, xs)) / n)`` and the average moving range as ``fsum(ranges) / n``;
both need the *exact* sum of the group's doubles. Polars sums in floating point, in an order
of its own, so the engine never trusts a plain sum. Instead, per group:

1. **Extraction** (Rump, Ogita and Oishi 2008, "Accurate floating-point summation", part I,
   ExtractScalar). With ``σ`` a power of two at least ``2 n max|x|``, ``q = (σ + x) - σ``
   rounds ``x`` to a grid of ``2⁻⁵³ σ`` and ``r = x - q`` is exact. Every sum of the ``q`` is
   a multiple of the grid no larger than ``σ``, so it is exact in any order. The ``r`` are
   extracted again with ``σ₂ = 2⁻⁵³ σ 2^⌈log₂ 2n⌉``; when every second remainder is zero (the
   *certificate*), ``Σx = Q₁ + Q₂`` exactly, with ``Q₁ = Σq`` and ``Q₂ = Σq₂`` both doubles.
2. **Two-sum**: ``s = fl(Q₁ + Q₂)`` and ``t = (Q₁ + Q₂) - s`` exactly (Knuth's TwoSum), so
   ``s`` is the correctly rounded sum, the value ``math.fsum`` gives.
3. **Rounded mean**: ``q = fl(s / n)``, corrected once by its residual ``R = s + t - q n``;
   the exact residual of the corrected ``q`` (Dekker's TwoProduct) then says whether the
   exact mean lies closer to ``q`` or to its neighbour, and the neighbour is taken when it
   does (a tie goes to the even one, as IEEE rounding does). The same step turns
   ``fsum / n`` into the correctly rounded quotient that Python computes, which polars' own
   division does not always give (it multiplies by the reciprocal when the divisor is a
   constant column).

Every step is an element-wise expression or a group sum, so nothing loops over groups in
Python. A group whose certificate fails (its smallest non-zero value more than about 10¹¹
times smaller than its largest, for 60 values: two extractions cover about 106 bits), whose
exact mean sits within ``2⁻³⁰`` of a half-way point between two
doubles, or whose figures approach the ends of the floating-point range is marked
*uncertified*: the caller sums it again with scales of its own (when one scale served
groups of very different sizes) and, failing that, computes it with ``Fraction`` and
``math.fsum``.
"""

from __future__ import annotations

import math

import polars as pl

__all__ = ["exact_scales", "extract", "extraction_scale", "group_means", "rounded_mean", "two_sum"]

_EPS = 2.0**-53
_SPLITTER = 134217729.0  # 2**27 + 1, Veltkamp's splitting constant
_MARGIN = 2.0**-30
_MIN_NORMAL_SAFE = 2.0**-960
_MAX_SAFE = 2.0**960
_MAX_SPLIT_COUNT = 2**26


def _ceil_log2(x: pl.Expr) -> pl.Expr:
    """An integer ``k`` with ``2**k >= x`` (and not much larger), for ``x > 0``.

    ``log2`` in floating point can miss by one near a power of two, so one is added: the
    scale only has to be large enough, and one bit more costs nothing.
    """
    return x.log(2).ceil() + 1


def _pow2(k: pl.Expr) -> pl.Expr:
    """``2.0 ** k`` (exact: powers of two are represented exactly)."""
    return pl.lit(2.0).pow(k.cast(pl.Float64))


def extraction_scale(max_abs: pl.Expr, count: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The two extraction scales ``σ`` and ``σ₂`` for a group's ``max|x|`` and size.

    ``σ = 2^(⌈log₂ max|x|⌉ + ⌈log₂ n⌉ + 2)`` (at least ``2 n max|x|``) and
    ``σ₂ = 2⁻⁵³ σ 2^(⌈log₂ n⌉ + 2)``. A group of zeros gets ``σ = 1``; both are 0 for an empty
    group, which makes every extraction below return the value itself (nothing to sum).
    """
    n = count.cast(pl.Float64).clip(lower_bound=1.0)
    log_n = _ceil_log2(n)
    sigma = (
        pl.when(max_abs > 0)
        .then(_pow2(_ceil_log2(max_abs) + log_n))
        .when(max_abs == 0)
        .then(pl.lit(1.0))
        .otherwise(pl.lit(0.0))
    )
    return sigma, sigma * _EPS * _pow2(log_n)


def exact_scales(max_abs: float, count: int) -> tuple[pl.Expr, pl.Expr]:
    """:func:`extraction_scale` for one ``max|x|`` and group size, as two literals.

    ``frexp`` gives exponents with ``2**e > x`` exactly, so no logarithm is rounded.
    """
    log_n = math.frexp(float(max(count, 1)))[1] + 1
    try:
        sigma = 1.0 if max_abs == 0 else math.ldexp(1.0, math.frexp(max_abs)[1] + log_n)
    except OverflowError:  # an infinite scale fails every certificate: the exact fallback
        sigma = math.inf
    return pl.lit(sigma), pl.lit(math.ldexp(sigma, log_n - 53))


def extract(x: pl.Expr, sigma: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """ExtractScalar: ``q = (σ + x) - σ`` and the exact remainder ``x - q``."""
    q = (sigma + x) - sigma
    return q, x - q


def two_sum(a: pl.Expr, b: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Knuth's TwoSum: ``s = fl(a + b)`` and the exact error ``a + b - s``."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _residual(frame: pl.DataFrame, total: pl.Expr, count: pl.Expr) -> pl.DataFrame:
    """``_m_residual = total + _m_t - _m_q × count``, and ``_m_exact`` when it is exact.

    Dekker's TwoProduct gives ``q n = p + pe`` exactly (``n < 2**26`` needs no splitting);
    ``total - p`` is exact (Sterbenz: ``p`` is within a factor of two of ``total``); the two
    additions left are checked by TwoSum.
    """
    q = pl.col("_m_q")
    frame = frame.with_columns(
        (q * count).alias("_m_p"),
        (q - ((q * _SPLITTER) - ((q * _SPLITTER) - q))).alias("_m_q_low"),
    ).with_columns(
        (((q - pl.col("_m_q_low")) * count - pl.col("_m_p")) + pl.col("_m_q_low") * count)
        .alias("_m_pe"),
        (total - pl.col("_m_p")).alias("_m_d"),
    )  # fmt: skip
    first, first_error = two_sum(pl.col("_m_d"), -pl.col("_m_pe"))
    frame = frame.with_columns(first.alias("_m_a"), first_error.alias("_m_a_error"))
    residual, residual_error = two_sum(pl.col("_m_a"), pl.col("_m_t"))
    return frame.with_columns(
        residual.alias("_m_residual"),
        ((pl.col("_m_a_error") == 0) & (residual_error == 0)).alias("_m_exact"),
    )


def rounded_mean(
    frame: pl.DataFrame, s: str, t: str | None, n: str, *, mean: str, certified: str
) -> pl.DataFrame:
    """Add ``mean``, the double nearest ``(s + t) / n``, and ``certified``, to ``frame``.

    ``s + t`` is a group's exact sum as a non-overlapping pair (``|t| <= ulp(s) / 2``; no
    ``t`` means 0) and ``n`` its size, a whole number. Polars divides a column by a constant
    column as a multiplication by its reciprocal, which can miss the correctly rounded
    quotient by one unit in the last place, so no quotient is trusted as it comes.
    ``q = fl(s / n)`` is corrected once by its residual ``R = s + t - q n``; the residual of the
    corrected ``q`` is then computed exactly enough to compare ``|R|`` with ``n`` times half the
    spacing of the doubles beside ``q``. When the residual is exact (TwoSum confirms it), a tie
    goes to the even neighbour as IEEE rounding does; when it is not, a comparison within a
    relative ``2⁻³⁰`` of the half-way point is left uncertified, as are a mean more than 1.25
    spacings from ``q`` and figures near the ends of the range. The work is done in stages of
    named columns (``_m_*``, dropped at the end) so that no expression is repeated.
    """
    count = pl.col(n).cast(pl.Float64)
    q, e = pl.col("_m_q"), pl.col("_m_e")
    if t is None:
        frame = frame.with_columns(pl.lit(0.0).alias("_m_zero"))
        t = "_m_zero"
    frame = frame.with_columns(
        (pl.col(s) < 0).alias("_m_negative"),
        (pl.col(s).abs() / count).alias("_m_q"),
    ).with_columns(
        pl.when(pl.col("_m_negative")).then(-pl.col(t)).otherwise(pl.col(t)).alias("_m_t"),
    )
    # q = fl(s / n) can lie more than one spacing from (s + t) / n when t is large beside the
    # spacing of q; one correction by the residual brings it within about half a spacing.
    frame = _residual(frame, pl.col(s).abs(), count)
    frame = frame.with_columns((q + pl.col("_m_residual") / count).alias("_m_q"))
    frame = _residual(frame, pl.col(s).abs(), count).with_columns(
        q.log(2).floor().alias("_m_e"),
    ).with_columns(
        pl.when(_pow2(e) > q).then(e - 1).when(_pow2(e + 1) <= q).then(e + 1).otherwise(e)
        .alias("_m_e"),
    ).with_columns(
        _pow2(e - 52).alias("_m_ulp"),
        (_pow2(e) == q).alias("_m_power_of_two"),
    )  # fmt: skip
    residual, ulp, power_of_two = pl.col("_m_residual"), pl.col("_m_ulp"), pl.col("_m_power_of_two")
    up = residual >= 0
    frame = frame.with_columns(
        up.alias("_m_up"),
        residual.abs().alias("_m_size"),
        (count * ulp / pl.when(up | ~power_of_two).then(2.0).otherwise(4.0)).alias("_m_half"),
        ((q / ulp) % 2 == 0).alias("_m_even"),
    )
    size, half, even = pl.col("_m_size"), pl.col("_m_half"), pl.col("_m_even")
    exact_residual = pl.col("_m_exact")
    # An exact residual decides every case, a tie included (to the even neighbour); an
    # inexact one only away from the half-way point. A step goes to the neighbour when the
    # exact mean lies within 1.25 spacings of q, inside the neighbour's rounding cell even
    # when the neighbour is a power of two.
    keep = (
        pl.when(exact_residual)
        .then((size < half) | ((size == half) & even))
        .otherwise(size < half * (1 - _MARGIN))
    )
    beyond = (
        pl.when(exact_residual)
        .then((size > half) | ((size == half) & ~even))
        .otherwise(size > half * (1 + _MARGIN))
    )
    frame = frame.with_columns(
        keep.alias("_m_keep"),
        (beyond & (size < 2.5 * half * (1 - _MARGIN))).alias("_m_step"),
    )
    exact = (pl.col(s) == 0) & (pl.col(t) == 0)
    kept, step = pl.col("_m_keep"), pl.col("_m_step")
    magnitude = (
        pl.when(exact | kept).then(q)
        .when(step & pl.col("_m_up")).then(q + ulp)
        .when(step & power_of_two).then(q - ulp / 2)  # the spacing below a power of two
        .when(step).then(q - ulp)
    )  # fmt: skip
    in_range = (q > _MIN_NORMAL_SAFE) & (q < _MAX_SAFE) & (pl.col(n) < _MAX_SPLIT_COUNT)
    frame = frame.with_columns(
        pl.when(pl.col("_m_negative")).then(-magnitude).otherwise(magnitude).alias(mean),
        (
            (exact | (in_range & (kept | step))) & pl.col(s).is_finite() & pl.col(t).is_finite()
        ).alias(certified),
    )
    return frame.drop(_working(frame))


def _working(frame: pl.DataFrame) -> list[str]:
    """The working columns :func:`rounded_mean` adds."""
    return [name for name in frame.columns if name.startswith("_m_")]


def group_means(frame: pl.DataFrame, by: str, value: str) -> pl.DataFrame:
    """Per group of ``by``: ``count``, the correctly rounded ``sum`` and the exactly rounded
    ``mean`` of ``value`` (nulls left out), and whether both are ``certified``."""
    present = frame.select(by, value).drop_nulls(value)
    scales = present.group_by(by, maintain_order=True).agg(
        pl.len().alias("count"), pl.col(value).abs().max().alias("_max")
    )
    sigma, sigma2 = extraction_scale(pl.col("_max"), pl.col("count"))
    scales = scales.with_columns(sigma.alias("_sigma"), sigma2.alias("_sigma2"))
    q1, r1 = extract(pl.col(value), pl.col("_sigma"))
    q2, r2 = extract(r1, pl.col("_sigma2"))
    sums = (
        present.join(scales, on=by, how="left", maintain_order="left")
        .group_by(by, maintain_order=True)
        .agg(
            pl.col("count").first(),
            q1.sum().alias("_q1"),
            q2.sum().alias("_q2"),
            (r2 != 0).any().alias("_bad"),
        )
    )
    total, rest = two_sum(pl.col("_q1"), pl.col("_q2"))
    sums = sums.with_columns(total.alias("sum"), rest.alias("_rest"))
    sums = rounded_mean(sums, "sum", "_rest", "count", mean="mean", certified="certified")
    return sums.select(
        by, "count", "sum", "mean", (pl.col("certified") & ~pl.col("_bad")).alias("certified")
    )
