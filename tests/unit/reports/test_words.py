"""The shared words: unit and period names, dates, plain numbers, figures rounded like the
measure's own, and the statistics sentences (which pages and reports both use)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from councilstat.core.assessment import Assessment, QuarterValue
from councilstat.core.measure_statistics import MeasureStatistics, ValueInterval
from councilstat.core.periods import Quarter
from councilstat.core.plan import Frequency, Measure, Outcome, Polarity, Precision, Priority, Unit
from councilstat.core.rating import Direction
from councilstat.reports.formatting import format_value
from councilstat.reports.words import (
    PERIOD_NOUNS,
    UNIT_TITLES,
    StatisticsWords,
    long_date,
    period_noun,
    plain_number,
    unit_title,
    whole_number,
)


def test_every_unit_and_frequency_has_its_words():
    assert set(UNIT_TITLES) == set(Unit)
    assert set(PERIOD_NOUNS) == set(Frequency)
    assert unit_title(Unit.PERCENT) == "Per cent"
    assert period_noun(Frequency.MONTHLY) == "month"


def test_a_long_date_has_no_leading_zero():
    assert long_date(dt.date(2020, 2, 3)) == "3 February 2020"


@pytest.mark.parametrize(
    ("value", "plain"),
    [(D("12"), 12), (D("12.00"), 12), (D("-0.10"), -0.1), (D("1E+3"), 1000), (None, None)],
)
def test_a_plain_number_is_whole_when_it_can_be(value, plain):
    number = plain_number(value)
    assert number == plain
    assert type(number) is type(plain)


def test_a_forecast_of_a_count_is_whole_unless_the_measure_declares_places():
    forecast = D("661.114286")
    assert format_value(forecast, Unit.NUMBER) == "661"
    assert format_value(forecast, Precision(Unit.NUMBER, 1)) == "661.1"
    assert format_value(D("96.04"), Unit.PERCENT) == "96.0%"


def test_floats_are_rounded_half_up_as_written():
    assert format_value(2.675, Unit.RATIO) == "2.68"  # the float is a shade under 2.675
    assert whole_number(0.5) == "1"
    assert whole_number(2.5) == "3"


def words(unit: Unit, interval: ValueInterval | None, significant: bool | None = None):
    measure = Measure(
        code="1A4",
        title="Families rating Early Help good",
        priority=Priority("1", "Children"),
        outcome=Outcome("1.A", "Safe", "1"),
        unit=unit,
        polarity=Polarity.HIGHER,
        frequency=Frequency.QUARTERLY,
    )
    quarter = Quarter(2019, 2)
    current = QuarterValue(D("95.7"), quarter, ())
    assessment = Assessment(measure, quarter, current, None, D(90), None, Direction.IMPROVING, None)
    return StatisticsWords(assessment, MeasureStatistics(None, (), interval, significant, None))


def test_the_interval_sentences_need_no_web_page():
    interval = ValueInterval(79.04, 99.2, 23.0, True, None, 100 / 23)
    said = words(Unit.PERCENT, interval, significant=False)
    assert said.interval == "95.7% (95% interval 79.0% to 99.2%)"
    assert said.small_numbers == (
        "Small numbers: based on 23 cases; a change of one case moves this figure by about "
        "4 percentage points."
    )
    assert said.target_position == ""  # no position against the target
    assert said.significance.startswith("Not significant")
    assert said.forecast_value == said.forecast_basis == ""
    nothing = words(Unit.NUMBER, None)
    assert nothing.interval == nothing.small_numbers == nothing.significance == ""
