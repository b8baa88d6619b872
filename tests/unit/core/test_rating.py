from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilstat.core.plan import Band, Polarity
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


BAND = Polarity.BAND


@pytest.mark.parametrize(
    ("value", "low", "high", "tol", "expected"),
    [
        ("0", "-2", "2", "1", Rag.GREEN),  # inside
        ("2", "-2", "2", "1", Rag.GREEN),  # on the edge is inside
        ("-2", "-2", "2", "1", Rag.GREEN),
        ("3", "-2", "2", "1", Rag.AMBER),  # within tolerance of the top
        ("-3", "-2", "2", "1", Rag.AMBER),  # and of the bottom
        ("3.0001", "-2", "2", "1", Rag.RED),
        ("-3.5", "-2", "2", "1", Rag.RED),
        ("100", "98", "102", "1%", Rag.GREEN),  # a budget spent near 100%
        ("103", "98", "102", "1%", Rag.AMBER),  # 1% of the edge missed (102): 1.02
        ("103.03", "98", "102", "1%", Rag.RED),
        ("97.02", "98", "98", "1%", Rag.AMBER),  # a band of one value, on the amber edge
    ],
)
def test_a_target_band_is_green_inside_amber_near_red_outside(value, low, high, tol, expected):
    assert rag(D(value), Band(D(low), D(high)), tolerance(tol), BAND) is expected


def test_a_plain_target_for_a_band_measure_is_a_band_of_one_value():
    assert rag(D(0), D(0), tolerance("1"), BAND) is Rag.GREEN
    assert rag(D("0.5"), D(0), tolerance("1"), BAND) is Rag.AMBER
    assert rag(D("-1.5"), D(0), tolerance("1"), BAND) is Rag.RED


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        ("3", "5", Direction.IMPROVING),  # closer to the band from above
        ("-3", "-5", Direction.IMPROVING),  # and from below
        ("1", "4", Direction.IMPROVING),  # into the band
        ("1", "-1", Direction.NO_CHANGE),  # inside both times
        ("-4", "4", Direction.NO_CHANGE),  # as far out on the other side
        ("5", "3", Direction.WORSENING),
        ("-6", "3", Direction.WORSENING),  # overshooting past the band
    ],
)
def test_direction_for_a_band_is_towards_the_band(current, previous, expected):
    band = Band(D(-2), D(2))
    assert direction_of_travel(D(current), D(previous), BAND, band) is expected


def test_a_band_measure_without_a_band_has_no_direction():
    assert direction_of_travel(D(1), D(2), BAND) is None


@given(numbers, numbers, numbers, numbers, tolerances)
def test_moving_towards_the_band_never_worsens_its_rag(a, b, low, high, tol):
    band = Band(*sorted((low, high)))
    near, far = sorted((a, b), key=band.distance)
    assert SEVERITY[rag(near, band, tol, BAND)] <= SEVERITY[rag(far, band, tol, BAND)]
    if band.distance(near) < band.distance(far):
        assert direction_of_travel(near, far, BAND, band) is Direction.IMPROVING
