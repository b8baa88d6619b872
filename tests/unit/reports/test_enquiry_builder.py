"""The lines of enquiry as every format draws them (``reports.enquiry``): each question is asked
when the figures hold its evidence and not otherwise, and the report carries them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal as D

from councilstat.core.assessment import assess
from councilstat.core.benchmark import group_position
from councilstat.core.enquiry import Finding, Topic
from councilstat.core.measure_statistics import measure_statistics
from councilstat.core.periods import Quarter
from councilstat.core.plan import Frequency, Observation, Polarity
from councilstat.reports.enquiry import (
    action_counts,
    enquiry_lines,
    exception_enquiries,
    newer_value,
)
from councilstat.reports.measures import ActionItem
from councilstat.reports.model import build_report
from tests.factories import measure, observation, period, plan, target

Q2 = Quarter(2019, 2)


def counted(code, period_text, numerator, denominator):
    value = D(100) * D(numerator) / D(denominator)
    return Observation(code, period(period_text), value, D(numerator), D(denominator))


def action(status="On track", *, open_=True, overdue=False):
    return ActionItem("Review the cases", "Jo Bloggs", dt.date(2019, 12, 1), status, "OSMB",
                      open=open_, overdue=overdue)  # fmt: skip


def lines_for(p, m, quarter=Q2, **extra):
    assessment = assess(p, m, quarter)
    return {
        line.topic: line
        for line in enquiry_lines(p, assessment, measure_statistics(p, assessment), **extra)
    }


def quarterly(code="1A1", values=(80, 82, 79, 70), **kwargs):
    m = measure(code, **kwargs)
    quarters = ["2018/19 Q3", "2018/19 Q4", "2019/20 Q1", "2019/20 Q2"]
    observations = [observation(code, q, v) for q, v in zip(quarters, values, strict=False)]
    return m, plan([m], [target(code, "2019/20", 85)], observations)


def test_small_numbers_are_asked_about_only_when_the_count_is_small():
    m = measure("1A4")
    small = plan(
        [m],
        [target("1A4", "2019/20", 90)],
        [counted("1A4", "2019/20 Q1", 20, 20), counted("1A4", "2019/20 Q2", 19, 23)],
    )
    line = lines_for(small, m)[Topic.SMALL_NUMBER]
    assert line.question == "Is the number small enough for a few cases to swing the figure?"
    assert line.evidence.startswith(
        "The figure rests on 23 cases, so one case moves it by 4.3 percentage points"
    )
    large = plan(
        [m],
        [target("1A4", "2019/20", 90)],
        [counted("1A4", "2019/20 Q1", 2000, 2000), counted("1A4", "2019/20 Q2", 1900, 2300)],
    )
    lines = lines_for(large, m)
    assert Topic.SMALL_NUMBER not in lines
    # With counts in both quarters the change is tested: 100% to 82.6% of 2,300 is beyond chance.
    assert lines[Topic.NOISE].finding is Finding.CHANGE_SIGNIFICANT
    assert "is beyond chance" in lines[Topic.NOISE].evidence


def test_newer_data_is_asked_about_only_when_a_later_period_has_a_value():
    m = measure("1A8", frequency=Frequency.MONTHLY)
    months = {"2019-07": 76, "2019-08": 77, "2019-09": 77.6}
    without = plan(
        [m], [target("1A8", "2019/20", 85)], [observation("1A8", k, v) for k, v in months.items()]
    )
    assert newer_value(without, assess(without, m, Q2)) is None
    assert Topic.NEWER_DATA not in lines_for(without, m)
    months["2019-10"] = 75.1
    later = plan(
        [m], [target("1A8", "2019/20", 85)], [observation("1A8", k, v) for k, v in months.items()]
    )
    line = lines_for(later, m)[Topic.NEWER_DATA]
    assert line.finding is Finding.NEWER_WORSE
    assert line.evidence == (
        "The latest figure, for October 2019, is 75.1%: worse than the quarter's 77.6%."
    )
    # Asked of the quarter that holds October, nothing is newer.
    assert Topic.NEWER_DATA not in lines_for(later, m, Quarter(2019, 3))


def test_actions_are_asked_about_only_where_scrutiny_is_recorded():
    m, p = quarterly()
    assert Topic.ACTIONS not in lines_for(p, m)  # plan files: no scrutiny recorded
    none_agreed = lines_for(p, m, actions=())[Topic.ACTIONS]
    assert none_agreed.finding is Finding.NO_OPEN_ACTION
    assert none_agreed.evidence == "No action is open on this measure: should the board agree one?"
    items = [
        action(),
        action("Overdue", overdue=True),
        action("Complete", open_=False),
        action("Will not be done", open_=False, overdue=True),  # closed: never late
    ]
    assert action_counts(items).open == 2
    assert action_counts(items).overdue == 1
    line = lines_for(p, m, actions=items)[Topic.ACTIONS]
    assert line.finding is Finding.OVERDUE_ACTIONS
    assert line.evidence == "2 actions are open on this measure; 1 is past its due date."


def test_neighbours_are_asked_about_only_with_a_standing():
    m, p = quarterly()
    assert Topic.NEIGHBOURS not in lines_for(p, m)
    standing = group_position(
        {"Us": D(70), "A": D(75), "B": D(81), "C": D(68), "D": D(90)}, "Us", Polarity.HIGHER
    )
    line = lines_for(p, m, standing=standing)[Topic.NEIGHBOURS]
    assert line.evidence.startswith("Among its 5 comparators the council ranks 4th")
    # A standing with no rank (the council has no value) informs nothing.
    unranked = group_position({"A": D(75), "B": D(81)}, "Us", Polarity.HIGHER)
    assert Topic.NEIGHBOURS not in lines_for(p, m, standing=unranked)


def test_the_forecast_and_the_spc_chart_are_asked_about_when_core_gives_them():
    m, p = quarterly(values=(80, 82, 79, 70))
    assessment = assess(p, m, Q2)
    statistics = measure_statistics(p, assessment)
    lines = lines_for(p, m)
    assert (Topic.FORECAST in lines) == (statistics.forecast is not None)
    assert statistics.forecast is not None
    assert lines[Topic.FORECAST].evidence.startswith("At current performance 2019/20 ends at")
    assert lines[Topic.NOISE].question == "Is the change beyond normal variation, or noise?"
    # The single value of a new measure with no target: a forecast, but nothing to meet.
    single_m, single = quarterly(values=(70,))
    alone = lines_for(single, single_m, Quarter(2018, 3))
    assert Topic.NOISE not in alone  # no previous value, no counts, no chart
    assert alone[Topic.FORECAST].finding is Finding.FORECAST_NO_TARGET
    # Without the chart, the test of the change or the forecast, neither question is asked.
    bare = dataclasses.replace(statistics, spc=None, direction_significant=None, forecast=None)
    topics = {line.topic for line in enquiry_lines(p, assessment, bare)}
    assert Topic.NOISE not in topics
    assert Topic.FORECAST not in topics


def test_the_report_carries_the_same_lines_for_each_exception():
    red, green = measure("1A1"), measure("1A2")
    p = plan(
        [red, green],
        [target("1A1", "2019/20", 85), target("1A2", "2019/20", 50)],
        [observation("1A1", "2019/20 Q1", 80), observation("1A1", "2019/20 Q2", 70),
         observation("1A2", "2019/20 Q1", 60), observation("1A2", "2019/20 Q2", 61)],
    )  # fmt: skip
    actions = {"1A1": [action("Overdue", overdue=True)]}
    report = build_report(p, Q2, organisation="A council", actions=actions)
    (item,) = report.exception_measures
    assert item.row.code == "1A1"
    summary_reds = [assess(p, red, Q2)]
    statistics = {"1A1": measure_statistics(p, summary_reds[0])}
    expected = exception_enquiries(p, summary_reds, statistics, actions=actions)
    assert item.enquiry == expected["1A1"]
    assert item.enquiry[-1].finding is Finding.OVERDUE_ACTIONS
    # No actions given: the plan records none, so no actions line, unless the caller says so.
    plain = build_report(p, Q2, organisation="A council")
    assert Topic.ACTIONS not in {line.topic for line in plain.exception_measures[0].enquiry}
    recorded = build_report(p, Q2, organisation="A council", records_actions=True)
    assert recorded.exception_measures[0].enquiry[-1].finding is Finding.NO_OPEN_ACTION
