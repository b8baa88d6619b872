"""Tests for Wilson intervals, target comparison and small numbers.

``docs/statistics.md``, "Wilson intervals" and "Small numbers". Expected figures come from the
worked numbers there (W1: six intervals at 95% and 99.8%, cross-checked against SciPy's
``proportion_ci(method="wilson")``) or from the formula's edge cases.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilstat.core.errors import StatisticsError
from councilstat.core.intervals import (
    Interval,
    TargetPosition,
    compare_with_target,
    is_small_number,
    wilson_interval,
    z_value,
)

# --- W1: Wilson score intervals ----------------------------------------------------------------

W1 = [
    (7, 50, (0.069508, 0.261862), (0.047263, 0.348198)),
    (0, 10, (0.0, 0.277533), (0.0, 0.488479)),
    (10, 10, (0.722467, 1.0), (0.511521, 1.0)),
    (1, 4, (0.045587, 0.699358), (0.022225, 0.830168)),
    (3, 12, (0.088942, 0.532305), (0.051977, 0.669595)),
    (45, 60, (0.627679, 0.842235), (0.551591, 0.879756)),
]


@pytest.mark.parametrize(("x", "n", "ci95", "ci998"), W1)
def test_w1_wilson_intervals_to_six_decimal_places(x, n, ci95, ci998):
    default = wilson_interval(x, n)
    assert (default.lower, default.upper) == pytest.approx(ci95, abs=5e-7)
    wide = wilson_interval(x, n, confidence=0.998)
    assert (wide.lower, wide.upper) == pytest.approx(ci998, abs=5e-7)


def test_w1_worked_arithmetic_for_7_of_50():
    interval = wilson_interval(7, 50)
    centre, half = 0.1656850, 0.0961768
    # The vector's centre was worked from 7-digit intermediates (0.1784146 / 1.0768292); the
    # unrounded value is 0.16568514, so it is good to 2e-7, not to its last printed digit.
    assert (interval.lower + interval.upper) / 2 == pytest.approx(centre, abs=2e-7)
    assert (interval.upper - interval.lower) / 2 == pytest.approx(half, abs=5e-8)


def test_wilson_edges_are_exact():
    assert wilson_interval(0, 7).lower == 0.0
    assert wilson_interval(7, 7).upper == 1.0
    assert wilson_interval(0, 10**9).lower == 0.0


def test_z_values():
    assert z_value(0.95) == pytest.approx(1.959964, abs=5e-7)
    assert z_value(0.998) == pytest.approx(3.090232, abs=5e-7)


@pytest.mark.parametrize(
    ("x", "n", "confidence", "message"),
    [
        (0, 0, 0.95, "no data"),
        (3, -1, 0.95, "positive"),
        (11, 10, 0.95, "between 0 and 10"),
        (-1, 10, 0.95, "between 0 and 10"),
        (math.nan, 10, 0.95, "finite"),
        (1, 10, 1.0, "confidence"),
        (1, 10, 0.0, "confidence"),
    ],
)
def test_wilson_bad_input(x, n, confidence, message):
    with pytest.raises(StatisticsError, match=message):
        wilson_interval(x, n, confidence)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**6), st.data())
def test_wilson_contains_the_proportion_and_widens_with_confidence(n, data):
    x = data.draw(st.integers(min_value=0, max_value=n))
    narrow, wide = wilson_interval(x, n), wilson_interval(x, n, 0.998)
    assert 0.0 <= wide.lower <= narrow.lower <= x / n <= narrow.upper <= wide.upper <= 1.0


# --- Target comparison and small numbers -------------------------------------------------------


@pytest.mark.parametrize(
    ("lower", "upper", "target", "position"),
    [
        (0.6, 0.8, 0.5, TargetPosition.ABOVE),
        (0.2, 0.4, 0.5, TargetPosition.BELOW),
        (0.4, 0.6, 0.5, TargetPosition.STRADDLES),
        (0.5, 0.6, 0.5, TargetPosition.STRADDLES),
        (0.4, 0.5, 0.5, TargetPosition.STRADDLES),
    ],
)
def test_compare_with_target(lower, upper, target, position):
    assert compare_with_target(Interval(lower, upper), target) is position
    assert Interval(lower, upper).position(target) is position


def test_wilson_interval_against_a_target():
    assert wilson_interval(45, 60).position(0.6) is TargetPosition.ABOVE
    assert wilson_interval(7, 50).position(0.3) is TargetPosition.BELOW
    assert wilson_interval(1, 4).position(0.3) is TargetPosition.STRADDLES


def test_small_number_flag():
    assert is_small_number(29)
    assert not is_small_number(30)
    assert is_small_number(9, threshold=10)
    assert not is_small_number(10, threshold=10)
