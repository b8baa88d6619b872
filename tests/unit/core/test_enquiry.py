"""Lines of enquiry: which of the board's questions the figures can inform, and what they show."""

from decimal import Decimal as D

from councilstat.core.assessment import assess
from councilstat.core.benchmark import group_position
from councilstat.core.enquiry import (
    ActionCounts,
    EnquiryFacts,
    Finding,
    Topic,
    lines_of_enquiry,
)
from councilstat.core.measure_statistics import measure_statistics
from councilstat.core.periods import Quarter
from councilstat.core.plan import Frequency, Observation, Polarity
from councilstat.reports.words import enquiry_evidence
from tests.factories import measure, observation, period, plan, target

Q2 = Quarter(2019, 2)


def counted(code, period_text, numerator, denominator):
    value = D(100) * D(numerator) / D(denominator)
    return Observation(code, period(period_text), value, D(numerator), D(denominator))


def facts_for(p, m, **extra):
    assessment = assess(p, m, Q2)
    return EnquiryFacts(assessment, measure_statistics(p, assessment), **extra)


def test_a_small_survey_asks_about_noise_and_small_numbers():
    m = measure("1A4")
    p = plan(
        [m],
        [target("1A4", "2019/20", 90)],
        [counted("1A4", "2019/20 Q1", 20, 20), counted("1A4", "2019/20 Q2", 19, 23)],
    )
    lines = {line.topic: line for line in lines_of_enquiry(facts_for(p, m))}
    assert lines[Topic.NOISE].finding is Finding.CHANGE_WITHIN_NOISE
    assert lines[Topic.SMALL_NUMBER].figures["denominator"] == 23
    words = enquiry_evidence(lines[Topic.SMALL_NUMBER], m.unit)
    assert words.startswith(
        "The figure rests on 23 cases, so one case moves it by 4.3 percentage points"
    )
    assert "percentage points" in words
    # No scrutiny recorded: no actions line; no comparators: no neighbours line.
    assert Topic.ACTIONS not in lines
    assert Topic.NEIGHBOURS not in lines


def test_newer_monthly_data_is_compared_with_the_quarter_by_polarity():
    m = measure("1A8", frequency=Frequency.MONTHLY)
    values = {"2019-07": 76, "2019-08": 77, "2019-09": 77.6, "2019-10": 79.3}
    p = plan(
        [m],
        [target("1A8", "2019/20", 85)],
        [observation("1A8", month, value) for month, value in values.items()],
    )
    newer = p.observations_of("1A8")[-1]
    lines = {line.topic: line for line in lines_of_enquiry(facts_for(p, m, newer=newer))}
    line = lines[Topic.NEWER_DATA]
    assert line.finding is Finding.NEWER_BETTER
    assert enquiry_evidence(line, m.unit) == (
        "The latest figure, for October 2019, is 79.3%: better than the quarter's 77.6%."
    )
    lower = measure("1A8", frequency=Frequency.MONTHLY, polarity=Polarity.LOWER)
    lower_lines = lines_of_enquiry(facts_for(p, lower, newer=newer))
    assert {line.topic: line for line in lower_lines}[
        Topic.NEWER_DATA
    ].finding is Finding.NEWER_WORSE


def test_actions_and_neighbours_are_asked_about_when_known():
    m = measure("2B2")
    p = plan(
        [m],
        [target("2B2", "2019/20", 40)],
        [observation("2B2", "2019/20 Q1", 42), observation("2B2", "2019/20 Q2", 38)],
    )
    standing = group_position(
        {"Us": D(38), "A": D(45), "B": D(41), "C": D(30)}, "Us", Polarity.HIGHER
    )
    facts = facts_for(p, m, standing=standing, actions=ActionCounts(open=0, overdue=0))
    lines = {line.topic: line for line in lines_of_enquiry(facts)}
    assert enquiry_evidence(lines[Topic.NEIGHBOURS], m.unit).startswith(
        "Among its 4 comparators the council ranks 3rd"
    )
    assert lines[Topic.ACTIONS].finding is Finding.NO_OPEN_ACTION
    late = facts_for(p, m, actions=ActionCounts(open=3, overdue=2))
    words = enquiry_evidence(lines_of_enquiry(late)[-1], m.unit)
    assert words == "3 actions are open on this measure; 2 are past their due dates."


def test_the_lines_come_in_the_order_a_board_takes_them():
    m = measure("1A4")
    p = plan(
        [m],
        [target("1A4", "2019/20", 90)],
        [counted("1A4", "2019/20 Q1", 20, 20), counted("1A4", "2019/20 Q2", 19, 23)],
    )
    topics = [line.topic for line in lines_of_enquiry(facts_for(p, m, actions=ActionCounts(1, 0)))]
    order = list(Topic)
    assert topics == sorted(topics, key=order.index)
    assert topics[0] is Topic.NOISE
    assert topics[-1] is Topic.ACTIONS
