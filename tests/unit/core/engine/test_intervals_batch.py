"""Wilson intervals and the significance of a change, many at once, equal the one-value code."""

from __future__ import annotations

import math

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from councilstat.core.engine.intervals import change_is_significant, wilson_intervals
from councilstat.core.errors import StatisticsError
from councilstat.core.intervals import compare_with_target, is_small_number, wilson_interval


def _newcombe(now: tuple[int, int], before: tuple[int, int]) -> tuple[float, float]:
    """Newcombe's (1998, method 10) interval for p1 - p2, one pair at a time."""
    (x1, n1), (x2, n2) = now, before
    p1, p2 = x1 / n1, x2 / n2
    a, b = wilson_interval(x1, n1), wilson_interval(x2, n2)
    difference = p1 - p2
    lower = difference - math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2)
    upper = difference + math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2)
    return lower, upper


counts = st.tuples(st.integers(-2, 500), st.integers(-1, 500))
confidences = st.sampled_from([0.95, 0.998, 0.8])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(counts, st.one_of(st.none(), st.floats(0, 1))), min_size=1, max_size=30),
    confidences,
)
def test_batch_intervals_equal_one_at_a_time(rows, confidence):
    frame = pl.DataFrame(
        {"numerator": [x for (x, _), _ in rows], "denominator": [n for (_, n), _ in rows],
         "target": [t for _, t in rows]},
        schema={"numerator": pl.Int64, "denominator": pl.Int64, "target": pl.Float64},
    )  # fmt: skip
    result = wilson_intervals(frame, target="target", confidence=confidence)
    for row, ((x, n), goal) in zip(result.iter_rows(named=True), rows, strict=True):
        assert row["small_number"] == is_small_number(n)
        try:
            interval = wilson_interval(x, n, confidence)
        except StatisticsError:
            assert row["lower"] is None
            assert row["upper"] is None
            assert row["position"] is None
            continue
        assert (row["lower"], row["upper"]) == (interval.lower, interval.upper)
        expected = None if goal is None else compare_with_target(interval, goal).value
        assert row["position"] == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(counts, counts, st.integers(-1, 1)), min_size=1, max_size=30))
def test_batch_significance_equals_one_at_a_time(rows):
    frame = pl.DataFrame(
        [(x1, n1, x2, n2, moved) for (x1, n1), (x2, n2), moved in rows],
        schema=["x1", "n1", "x2", "n2", "moved"],
        orient="row",
    )
    columns = [pl.col(name) for name in ("x1", "n1", "x2", "n2")]
    result = frame.select(
        change_is_significant(*columns).alias("any"),
        change_is_significant(*columns, moved=pl.col("moved")).alias("shown"),
    )
    for (plain, shown), (now, before, moved) in zip(result.rows(), rows, strict=True):
        (x1, n1), (x2, n2) = now, before
        if not (n1 > 0 and n2 > 0 and 0 <= x1 <= n1 and 0 <= x2 <= n2):
            assert plain is None
            assert shown is None
            continue
        lower, upper = _newcombe(now, before)
        significant = lower > 0 or upper < 0
        assert plain == significant
        agrees = moved != 0 and (moved > 0) == (lower > 0)
        assert shown == (significant if not significant or agrees else None)


def test_worked_numbers_w1():
    result = wilson_intervals(pl.DataFrame({"numerator": [7], "denominator": [50]}))
    assert math.isclose(result["lower"][0], 0.069508, abs_tol=5e-7)
    assert math.isclose(result["upper"][0], 0.261862, abs_tol=5e-7)
