"""Lines of enquiry for an exception: the questions a scrutiny board asks of an off-target
measure, each with the evidence the figures already hold.

A board looking at a red measure asks the same things every time: is the change real or noise,
is the number so small that a few cases swing it, what does newer data say, will the year end
on target, how do comparable councils compare, and what is being done about it. This module
decides which of those questions the figures can answer for one measure in one quarter, and
gives each its evidence as figures; ``reports.words`` puts the evidence into sentences at the
measure's precision. A question the figures cannot inform is left out rather than asked
without evidence, except the question of actions, whose absence is itself the finding.

>>> from decimal import Decimal
>>> actions_line(ActionCounts(open=0, overdue=0)).finding
<Finding.NO_OPEN_ACTION: 'no_open_action'>
>>> actions_line(ActionCounts(open=2, overdue=1)).figures["overdue"]
1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from councilstat.core.assessment import Assessment
from councilstat.core.benchmark import GroupPosition
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.plan import Observation
from councilstat.core.rating import Direction, direction_of_travel
from councilstat.core.spc import Variation

__all__ = [
    "QUESTIONS",
    "ActionCounts",
    "EnquiryFacts",
    "Finding",
    "LineOfEnquiry",
    "Topic",
    "actions_line",
    "lines_of_enquiry",
]


class Topic(StrEnum):
    NOISE = "noise"
    SMALL_NUMBER = "small_number"
    NEWER_DATA = "newer_data"
    FORECAST = "forecast"
    NEIGHBOURS = "neighbours"
    ACTIONS = "actions"


QUESTIONS: Mapping[Topic, str] = {
    Topic.NOISE: "Is the change beyond normal variation, or noise?",
    Topic.SMALL_NUMBER: "Is the number small enough for a few cases to swing the figure?",
    Topic.NEWER_DATA: "What does the newer data say?",
    Topic.FORECAST: "Will the year end on target?",
    Topic.NEIGHBOURS: "How do comparable councils compare?",
    Topic.ACTIONS: "Which actions are open, and are any overdue?",
}


class Finding(StrEnum):
    """What the evidence shows, one value per kind of answer."""

    SPECIAL_CAUSE_CONCERN = "special_cause_concern"
    SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement"
    COMMON_CAUSE = "common_cause"
    CHANGE_SIGNIFICANT = "change_significant"
    CHANGE_WITHIN_NOISE = "change_within_noise"
    SMALL_NUMBER = "small_number"
    NEWER_BETTER = "newer_better"
    NEWER_WORSE = "newer_worse"
    NEWER_SAME = "newer_same"
    FORECAST_ON_TARGET = "forecast_on_target"
    FORECAST_OFF_TARGET = "forecast_off_target"
    FORECAST_NO_TARGET = "forecast_no_target"
    NEIGHBOURS_RANKED = "neighbours_ranked"
    OVERDUE_ACTIONS = "overdue_actions"
    OPEN_ACTIONS = "open_actions"
    NO_OPEN_ACTION = "no_open_action"


Figure = Decimal | float | int | str | None


@dataclass(frozen=True)
class LineOfEnquiry:
    """One question for the board, what the figures show, and the figures themselves."""

    topic: Topic
    finding: Finding
    figures: Mapping[str, Figure] = field(default_factory=dict)

    @property
    def question(self) -> str:
        return QUESTIONS[self.topic]


@dataclass(frozen=True)
class ActionCounts:
    """The actions agreed on a measure that are still open, and how many of those are late."""

    open: int
    overdue: int


@dataclass(frozen=True)
class EnquiryFacts:
    """Everything a measure's lines of enquiry may draw on, as plain data.

    ``newer`` is the measure's latest value from after the quarter ended (monthly data newer
    than the quarter), ``standing`` its place among its comparators, ``actions`` the actions
    agreed on it (``None`` where no scrutiny is recorded for the plan).
    """

    assessment: Assessment
    statistics: MeasureStatistics
    newer: Observation | None = None
    standing: GroupPosition | None = None
    actions: ActionCounts | None = None


_CONCERN = {Variation.CONCERN_HIGH, Variation.CONCERN_LOW}
_IMPROVEMENT = {Variation.IMPROVEMENT_HIGH, Variation.IMPROVEMENT_LOW}


def _noise(facts: EnquiryFacts) -> LineOfEnquiry | None:
    """Special cause on the SPC chart first (the strongest signal); else the test of the change
    from the previous quarter, where counts allow one; else the chart's common cause."""
    spc, assessment = facts.statistics.spc, facts.assessment
    figures: dict[str, Figure] = {
        "value": assessment.value,
        "previous": assessment.previous_value,
        "period": str(assessment.quarter),
    }
    variation = spc.variation if spc is not None else None
    if spc is not None:
        figures |= {"mean": spc.mean, "lpl": spc.lpl, "upl": spc.upl}
    if variation in _CONCERN:
        return LineOfEnquiry(Topic.NOISE, Finding.SPECIAL_CAUSE_CONCERN, figures)
    if variation in _IMPROVEMENT:
        return LineOfEnquiry(Topic.NOISE, Finding.SPECIAL_CAUSE_IMPROVEMENT, figures)
    significant = facts.statistics.direction_significant
    if significant is not None and assessment.previous_value is not None:
        finding = Finding.CHANGE_SIGNIFICANT if significant else Finding.CHANGE_WITHIN_NOISE
        return LineOfEnquiry(Topic.NOISE, finding, figures)
    if variation is Variation.COMMON_CAUSE and spc is not None and spc.lpl is not None:
        return LineOfEnquiry(Topic.NOISE, Finding.COMMON_CAUSE, figures)
    return None


def _small_number(facts: EnquiryFacts) -> LineOfEnquiry | None:
    interval = facts.statistics.interval
    if interval is None or not interval.small_number:
        return None
    figures: dict[str, Figure] = {
        "denominator": interval.denominator,
        "one_case_step": interval.one_case_step,
        "lower": interval.lower,
        "upper": interval.upper,
    }
    return LineOfEnquiry(Topic.SMALL_NUMBER, Finding.SMALL_NUMBER, figures)


def _newer(facts: EnquiryFacts) -> LineOfEnquiry | None:
    newer, assessment = facts.newer, facts.assessment
    if newer is None or assessment.value is None:
        return None
    travel = direction_of_travel(newer.value, assessment.value, assessment.measure.polarity)
    finding = (
        {
            Direction.IMPROVING: Finding.NEWER_BETTER,
            Direction.WORSENING: Finding.NEWER_WORSE,
        }.get(travel, Finding.NEWER_SAME)
        if travel is not None
        else Finding.NEWER_SAME
    )
    figures: dict[str, Figure] = {
        "newer_period": str(newer.period),
        "newer_value": newer.value,
        "value": assessment.value,
        "period": str(assessment.quarter),
    }
    return LineOfEnquiry(Topic.NEWER_DATA, finding, figures)


def _forecast(facts: EnquiryFacts) -> LineOfEnquiry | None:
    forecast = facts.statistics.forecast
    if forecast is None:
        return None
    figures: dict[str, Figure] = {
        "value": forecast.value,
        "low": forecast.low,
        "high": forecast.high,
        "target": forecast.target,
        "year": str(forecast.year),
    }
    if forecast.target is None or forecast.rag is None:
        return LineOfEnquiry(Topic.FORECAST, Finding.FORECAST_NO_TARGET, figures)
    on_target = forecast.rag.value == "green"
    finding = Finding.FORECAST_ON_TARGET if on_target else Finding.FORECAST_OFF_TARGET
    return LineOfEnquiry(Topic.FORECAST, finding, figures | {"rag": forecast.rag.value})


def _neighbours(facts: EnquiryFacts) -> LineOfEnquiry | None:
    standing = facts.standing
    if standing is None or standing.rank is None:
        return None
    figures: dict[str, Figure] = {
        "rank": standing.rank,
        "count": standing.count,
        "quartile": standing.quartile,
        "median": standing.median,
        "joint": "yes" if standing.joint else "no",
    }
    return LineOfEnquiry(Topic.NEIGHBOURS, Finding.NEIGHBOURS_RANKED, figures)


def actions_line(actions: ActionCounts) -> LineOfEnquiry:
    """The actions question: overdue first, then open, else that nothing is being done."""
    figures: dict[str, Figure] = {"open": actions.open, "overdue": actions.overdue}
    if actions.overdue:
        return LineOfEnquiry(Topic.ACTIONS, Finding.OVERDUE_ACTIONS, figures)
    if actions.open:
        return LineOfEnquiry(Topic.ACTIONS, Finding.OPEN_ACTIONS, figures)
    return LineOfEnquiry(Topic.ACTIONS, Finding.NO_OPEN_ACTION, figures)


def lines_of_enquiry(facts: EnquiryFacts) -> tuple[LineOfEnquiry, ...]:
    """The board's questions about one measure that its figures can inform, in the order a
    board takes them: noise, small numbers, newer data, the year end, neighbours, actions."""
    found = [
        _noise(facts),
        _small_number(facts),
        _newer(facts),
        _forecast(facts),
        _neighbours(facts),
        actions_line(facts.actions) if facts.actions is not None else None,
    ]
    return tuple(line for line in found if line is not None)
