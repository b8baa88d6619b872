"""Wilson intervals and the significance of a change, many at once, equal the one-value code."""

from __future__ import annotations

import math

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from councilstat.core.engine.intervals import change_is_significant, wilson_intervals
from councilstat.core.errors import StatisticsError
from councilstat.core.intervals import compare_with_target, is_small_number, wilson_interval
from councilstat.core.measure_statistics import _difference_interval, _Proportion


def _difference_excludes_zero(now, before):
    """The one-at-a-time test: Newcombe's interval for the difference excludes zero."""
    a, b = (_Proportion(float(x), float(n), wilson_interval(x, n)) for x, n in (now, before))
    difference = _difference_interval(a, b)
    return difference.lower > 0 or difference.upper < 0


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
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=30))
def test_batch_significance_equals_one_at_a_time(rows):
    frame = pl.DataFrame(
        [(x1, n1, x2, n2) for (x1, n1), (x2, n2) in rows],
        schema=["x1", "n1", "x2", "n2"],
        orient="row",
    )
    result = frame.select(
        change_is_significant(pl.col("x1"), pl.col("n1"), pl.col("x2"), pl.col("n2"))
    ).to_series()
    for got, ((x1, n1), (x2, n2)) in zip(result.to_list(), rows, strict=True):
        if not (n1 > 0 and n2 > 0 and 0 <= x1 <= n1 and 0 <= x2 <= n2):
            assert got is None
        else:
            assert got == _difference_excludes_zero((x1, n1), (x2, n2))


def test_worked_numbers_w1():
    result = wilson_intervals(pl.DataFrame({"numerator": [7], "denominator": [50]}))
    assert math.isclose(result["lower"][0], 0.069508, abs_tol=5e-7)
    assert math.isclose(result["upper"][0], 0.261862, abs_tol=5e-7)
