from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilstat.core.plan import Polarity
from councilstat.core.rating import Direction, Rag, direction_of_travel, rag
from tests.factories import tolerance

HIGHER, LOWER, NONE = Polarity.HIGHER, Polarity.LOWER, Polarity.NONE


@pytest.mark.parametrize(
    ("value", "target", "tol", "polarity", "expected"),
    [
        ("80", "80", "5%", HIGHER, Rag.GREEN),  # meets
        ("81", "80", "5%", HIGHER, Rag.GREEN),  # beats
        ("79.999", "80", "5%", HIGHER, Rag.AMBER),
        ("76", "80", "5%", HIGHER, Rag.AMBER),  # exactly on the amber edge (80 - 4)
        ("75.9999", "80", "5%", HIGHER, Rag.RED),  # just past it
        ("20", "20", "5%", LOWER, Rag.GREEN),
        ("19", "20", "5%", LOWER, Rag.GREEN),
        ("21", "20", "5%", LOWER, Rag.AMBER),  # exactly on the edge (20 + 1)
        ("21.0001", "20", "5%", LOWER, Rag.RED),
        ("38", "40", "2", HIGHER, Rag.AMBER),  # absolute: 2 percentage points
        ("37.9", "40", "2", HIGHER, Rag.RED),
        ("90.25", "95", "5%", HIGHER, Rag.AMBER),  # 95 - 4.75, exact in decimal
        ("68", "95", "5%", HIGHER, Rag.RED),
        ("79", "80", "0", HIGHER, Rag.RED),  # no tolerance: any miss is red
        ("-5", "-10", "10%", LOWER, Rag.RED),  # negative target: band is 10% of |target|
        ("-9", "-10", "10%", LOWER, Rag.AMBER),
    ],
)
def test_rag_with_tolerance(value, target, tol, polarity, expected):
    assert rag(D(value), D(target), tolerance(tol), polarity) is expected


@pytest.mark.parametrize(
    ("value", "target", "polarity"),
    [(None, "80", HIGHER), ("80", None, HIGHER), ("80", "80", NONE)],
)
def test_not_rated_without_value_target_or_polarity(value, target, polarity):
    def as_decimal(x):
        return None if x is None else D(x)

    assert rag(as_decimal(value), as_decimal(target), tolerance("5%"), polarity) is None


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        ("60", "50", HIGHER, Direction.IMPROVING),
        ("40", "50", HIGHER, Direction.WORSENING),
        ("40", "50", LOWER, Direction.IMPROVING),
        ("60", "50", LOWER, Direction.WORSENING),
        ("50.0", "50", HIGHER, Direction.NO_CHANGE),
        ("50", "50", LOWER, Direction.NO_CHANGE),
    ],
)
def test_direction_of_travel_by_polarity(current, previous, polarity, expected):
    assert direction_of_travel(D(current), D(previous), polarity) is expected


def test_direction_needs_both_values_and_a_polarity():
    assert direction_of_travel(None, D(1), HIGHER) is None
    assert direction_of_travel(D(1), None, HIGHER) is None
    assert direction_of_travel(D(2), D(1), NONE) is None


SEVERITY = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}
numbers = st.decimals(min_value=-10_000, max_value=10_000, places=3)
tolerances = st.one_of(
    st.decimals(0, 50, places=2).map(lambda d: tolerance(f"{d}%")),
    st.decimals(0, 100, places=2).map(lambda d: tolerance(str(d))),
)


@given(numbers, numbers, numbers, tolerances)
def test_raising_a_value_never_worsens_a_higher_is_better_rag(a, b, target, tol):
    low, high = sorted((a, b))
    assert SEVERITY[rag(high, target, tol, HIGHER)] <= SEVERITY[rag(low, target, tol, HIGHER)]


@given(numbers, numbers, numbers, tolerances)
def test_raising_a_value_never_improves_a_lower_is_better_rag(a, b, target, tol):
    low, high = sorted((a, b))
    assert SEVERITY[rag(high, target, tol, LOWER)] >= SEVERITY[rag(low, target, tol, LOWER)]


@given(numbers, numbers, tolerances)
def test_polarities_mirror_each_other(value, target, tol):
    assert rag(value, target, tol, HIGHER) is rag(-value, -target, tol, LOWER)


@given(numbers, numbers)
def test_direction_flips_with_polarity(current, previous):
    up = direction_of_travel(current, previous, HIGHER)
    down = direction_of_travel(current, previous, LOWER)
    flipped = {Direction.IMPROVING: Direction.WORSENING, Direction.WORSENING: Direction.IMPROVING}
    assert down is flipped.get(up, up)
