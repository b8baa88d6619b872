import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilstat.core.errors import PeriodError
from councilstat.core.periods import FinancialYear, Month, Quarter, parse_period, quarter_of


@pytest.mark.parametrize(
    "text",
    [
        "2019/20 Q2",
        "Q2 2019/20",
        "2019-20 Q2",
        "FY2019 Q2",
        "q2 2019-20",
        "2019/2020 Q2",
        " 2019/20  Q2 ",
    ],
)
def test_every_quarter_form_reads_as_the_same_quarter(text):
    assert parse_period(text) == Quarter(2019, 2)
    assert str(parse_period(text)) == "2019/20 Q2"


@pytest.mark.parametrize("text", ["2019/20", "2019-20", "FY2019", "2019/2020", "FY2019/20"])
def test_every_year_form_reads_as_the_financial_year(text):
    assert parse_period(text) == FinancialYear(2019)
    assert str(parse_period(text)) == "2019/20"


def test_month_form():
    assert parse_period("2019-07") == Month(2019, 7)
    assert str(Month(2019, 7)) == "2019-07"


def test_yyyy_mm_is_a_month_even_when_it_could_be_a_year():
    assert parse_period("2011-12") == Month(2011, 12)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "empty"),
        ("2019/21", "followed by 20"),
        ("2019/20 Q5", "Q1 to Q4"),
        ("2019-13", "not a financial year"),
        ("2019", "ambiguous"),
        ("Julember 2019", "not a period"),
    ],
)
def test_bad_periods_say_what_is_wrong(text, hint):
    with pytest.raises(PeriodError, match=hint):
        parse_period(text)


def test_quarter_dates_follow_the_uk_financial_year():
    q1 = Quarter(2019, 1)
    assert (q1.start, q1.end) == (dt.date(2019, 4, 1), dt.date(2019, 6, 30))
    q4 = Quarter(2019, 4)
    assert (q4.start, q4.end) == (dt.date(2020, 1, 1), dt.date(2020, 3, 31))
    year = FinancialYear(2019)
    assert (year.start, year.end) == (dt.date(2019, 4, 1), dt.date(2020, 3, 31))


def test_previous_period_crosses_year_boundaries():
    assert Quarter(2019, 1).previous() == Quarter(2018, 4)
    assert Quarter(2019, 3).previous() == Quarter(2019, 2)
    assert Month(2019, 1).previous() == Month(2018, 12)
    assert Month(2019, 4).previous() == Month(2019, 3)
    assert FinancialYear(2019).previous() == FinancialYear(2018)
    assert Quarter(2019, 4).next() == Quarter(2020, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-04", Quarter(2019, 1)),
        ("2019-07", Quarter(2019, 2)),
        ("2019-12", Quarter(2019, 3)),
        ("2020-01", Quarter(2019, 4)),
        ("2020-03", Quarter(2019, 4)),
        ("2019/20", Quarter(2019, 4)),
        ("2019/20 Q3", Quarter(2019, 3)),
    ],
)
def test_quarter_a_period_ends_in(text, expected):
    assert quarter_of(parse_period(text)) == expected


def test_month_end_handles_leap_years_and_december():
    assert Month(2020, 2).end == dt.date(2020, 2, 29)
    assert Month(2019, 12).end == dt.date(2019, 12, 31)


def test_financial_year_membership():
    assert Month(2020, 3).financial_year == FinancialYear(2019)
    assert Month(2020, 4).financial_year == FinancialYear(2020)
    assert [str(m) for m in Quarter(2019, 4).months()] == ["2020-01", "2020-02", "2020-03"]
    assert len(FinancialYear(2019).months()) == 12


periods = st.one_of(
    st.builds(FinancialYear, st.integers(1900, 2999)),
    st.builds(Quarter, st.integers(1900, 2999), st.integers(1, 4)),
    st.builds(Month, st.integers(1900, 2999), st.integers(1, 12)),
)


@given(periods)
def test_label_round_trips(period):
    assert parse_period(str(period)) == period


@given(periods)
def test_previous_period_ends_the_day_before_it_starts(period):
    assert period.previous().end == period.start - dt.timedelta(days=1)


@given(st.builds(Month, st.integers(1900, 2999), st.integers(1, 12)))
def test_a_month_lies_inside_its_quarter(month):
    quarter = quarter_of(month)
    assert quarter.start <= month.start
    assert month.end <= quarter.end
    assert month in quarter.months()


@pytest.mark.parametrize("text", ["9999-12", "0001-01", "FY9999", "1899/00 Q1"])
def test_years_far_outside_any_plan_are_refused_not_crashed_on(text):
    with pytest.raises(PeriodError, match="outside"):
        parse_period(text)
