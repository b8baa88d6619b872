"""One set of bounds for every value (`docs/rules.md`): finite, magnitude below 10^12, at most
6 decimal places, text within its column's length."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilstat.core.periods import Quarter
from councilstat.core.plan import Polarity, Unit
from councilstat.core.validation import (
    MAX_DECIMAL_PLACES,
    MAX_LENGTH,
    MAX_MAGNITUDE,
    MAX_SIGNIFICANT_DIGITS,
    InvalidFigure,
    check_number,
    check_target,
    check_text,
    check_tolerance,
    observation_value,
)
from tests.factories import measure

NUMBER = measure("N", unit=Unit.NUMBER)
PERCENT = measure("P", unit=Unit.PERCENT)

HOSTILE = [
    ("1e30", "must be less than 1,000,000,000,000"),
    ("12345678901234567890", "must be less than 1,000,000,000,000"),
    ("-12345678901234567890", "must be less than 1,000,000,000,000"),
    ("1e12", "must be less than 1,000,000,000,000"),
    ("-1e12", "must be less than 1,000,000,000,000"),
    ("1.2345678", "no more than 6 decimal places"),
    ("NaN", "not a finite number"),
    ("Infinity", "not a finite number"),
    ("-Infinity", "not a finite number"),
    ("sNaN", "not a finite number"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE)
def test_hostile_numbers_are_refused_naming_the_field(text, message):
    with pytest.raises(InvalidFigure) as raised:
        check_number(D(text), "value")
    assert raised.value.field == "value"
    assert message in str(raised.value)


@pytest.mark.parametrize(
    "text",
    ["999999999999.999", "-999999999.999999", "0", "0.000001", "1.50000000", "1E+3", "1E+11"],
)
def test_numbers_within_the_bounds_pass(text):
    check_number(D(text), "value")


@pytest.mark.parametrize(
    "text", ["999999999999.999999", "123456789012.1234", "-1234567890.123456", "0.1234561234567891"]
)
def test_more_than_fifteen_significant_digits_are_refused(text):
    """SQLite keeps a decimal as a double: 16 or more digits would come back altered."""
    with pytest.raises(InvalidFigure, match="no more than (15 significant digits|6 decimal)"):
        check_number(D(text), "value")


def test_a_value_worked_out_from_counts_keeps_fifteen_digits():
    assert observation_value(NUMBER, None, D("123456789012"), D(7)) == D("17636684144.5714")


@pytest.mark.parametrize(("text", "message"), HOSTILE)
def test_every_door_of_the_core_applies_the_bounds(text, message):
    with pytest.raises(InvalidFigure, match=message):
        observation_value(NUMBER, D(text))
    with pytest.raises(InvalidFigure, match=message):
        check_target(NUMBER, Quarter(2019, 2), D(text))
    with pytest.raises(InvalidFigure, match=message) as raised:
        observation_value(NUMBER, None, D(text), D(1))
    assert raised.value.field == "numerator"
    with pytest.raises(InvalidFigure, match=message) as raised:
        observation_value(NUMBER, None, D(1), D(text))
    assert raised.value.field == "denominator"


def test_a_value_worked_out_from_counts_is_kept_to_six_places_and_bounded():
    assert observation_value(PERCENT, None, D(1), D(3)) == D("33.333333")
    assert observation_value(NUMBER, None, D(2), D(3)) == D("0.666667")
    with pytest.raises(InvalidFigure, match="less than 1,000,000,000,000") as raised:
        observation_value(NUMBER, None, D("999999999999"), D("0.000001"))
    assert raised.value.field == "value"


def test_a_tolerance_fits_its_column():
    check_tolerance(D("99999999.9999"))
    with pytest.raises(InvalidFigure, match="4 decimal places"):
        check_tolerance(D("0.00001"))
    with pytest.raises(InvalidFigure, match="less than 100,000,000"):
        check_tolerance(D("1e8"))


def test_text_within_its_columns_length():
    check_text("s" * 300, "source")
    with pytest.raises(InvalidFigure) as raised:
        check_text("s" * 301, "source")
    assert raised.value.field == "source"
    assert str(raised.value) == "the source is 301 characters long: at most 300 are allowed"
    assert MAX_LENGTH["code"] == 20
    assert MAX_LENGTH["title"] == 300


@given(
    st.decimals(allow_nan=True, allow_infinity=True)
    | st.decimals(min_value=-(10**13), max_value=10**13, places=8)
)
def test_a_number_passes_exactly_when_it_is_within_every_bound(number):
    exponent = number.as_tuple().exponent
    within = (
        number.is_finite()
        and abs(number) < MAX_MAGNITUDE
        and isinstance(exponent, int)
        and (exponent >= -MAX_DECIMAL_PLACES or number == number.quantize(D("1e-6")))
        and len(number.normalize().as_tuple().digits) <= MAX_SIGNIFICANT_DIGITS
    )
    try:
        check_number(number, "value")
    except InvalidFigure:
        assert not within
    else:
        assert within


def test_a_target_band_needs_polarity_band_and_its_ends_in_order():
    band = measure("B", polarity=Polarity.BAND, unit=Unit.NUMBER)
    check_target(band, Quarter(2019, 2), D(-2), D(2))
    with pytest.raises(InvalidFigure, match="bottom") as raised:
        check_target(band, Quarter(2019, 2), D(3), D(2))
    assert raised.value.field == "target_upper"
    with pytest.raises(InvalidFigure, match="polarity band") as raised:
        check_target(PERCENT, Quarter(2019, 2), D(1), D(2))
    with pytest.raises(InvalidFigure, match="less than 1,000,000,000,000"):
        check_target(band, Quarter(2019, 2), D(1), D("1e15"))
