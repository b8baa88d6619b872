"""Exact sums and exactly rounded means of many groups at once, in floating point."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from councilstat.core.engine._exact import group_means


def _exact_mean(values: list[float]) -> float:
    return float(sum(map(Fraction, values), Fraction(0)) / len(values))


def _frame(groups: list[list[float]]) -> pl.DataFrame:
    return pl.DataFrame(
        {"g": [g for g, values in enumerate(groups) for _ in values],
         "x": [x for values in groups for x in values]},
        schema={"g": pl.Int64, "x": pl.Float64},
    )  # fmt: skip


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(finite, min_size=1, max_size=40), min_size=1, max_size=8))
def test_a_certified_figure_is_exact(groups):
    result = group_means(_frame(groups), "g", "x")
    for row, values in zip(result.iter_rows(named=True), groups, strict=True):
        if row["certified"]:
            assert row["mean"] == _exact_mean(values)
            assert row["sum"] == math.fsum(values)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(-(10**6), 10**6).map(lambda n: n / 10), min_size=1, max_size=60),
        min_size=1,
        max_size=8,
    )
)
def test_figures_with_decimals_are_always_certified_and_exact(groups):
    result = group_means(_frame(groups), "g", "x")
    assert result["certified"].all()
    assert result["mean"].to_list() == [_exact_mean(values) for values in groups]


def test_means_exactly_half_way_between_two_doubles_round_to_even():
    # The mean of these one-decimal values is exactly half-way between two doubles, which
    # happens to about one series in a hundred of such data: fsum / n can miss it by one.
    rng = random.Random(7)
    groups, ties = [], 0
    while ties < 20:
        values = [round(rng.uniform(20, 80), 1) for _ in range(60)]
        exact = sum(map(Fraction, values), Fraction(0)) / 60
        below = Fraction(float(exact))
        ulp = Fraction(math.ulp(float(exact)))
        if abs(exact - below) * 2 == ulp:
            groups.append(values)
            ties += 1
    result = group_means(_frame(groups), "g", "x")
    assert result["certified"].all()
    assert result["mean"].to_list() == [_exact_mean(values) for values in groups]


def test_values_far_apart_in_magnitude_are_not_certified():
    result = group_means(_frame([[1e300, 1e-300, -1e300]]), "g", "x")
    assert not result["certified"][0]
