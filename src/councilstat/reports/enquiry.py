"""The lines of enquiry for a quarter's exceptions, assembled in one place from the figures a
report already holds, so the committee report (every format), the exceptions page and the
draft minutes ask the board the same questions with the same evidence.

``core.enquiry`` decides which questions the figures can inform; this module gathers its
:class:`~councilstat.core.enquiry.EnquiryFacts` for a measure (the assessment and statistics
core computed, the newest value for a period after the quarter, the measure's place among its
comparators, the actions agreed on it) and puts each line's evidence into words
(``words.enquiry_evidence``) at the measure's precision::

    lines = enquiry_lines(plan, assessment, statistics, actions=items)
    lines[0].question   # "Is the change beyond normal variation, or noise?"
    lines[0].evidence   # "The change from 80.0% to 76.5% is within the noise: ..."
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from councilstat.core.assessment import Assessment
from councilstat.core.benchmark import GroupPosition
from councilstat.core.enquiry import (
    ActionCounts,
    EnquiryFacts,
    Finding,
    Topic,
    lines_of_enquiry,
)
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.plan import Observation, Plan
from councilstat.reports.measures import ActionItem
from councilstat.reports.words import enquiry_evidence

__all__ = [
    "EnquiryLine",
    "action_counts",
    "enquiry_facts",
    "enquiry_lines",
    "exception_enquiries",
    "newer_value",
]


@dataclass(frozen=True)
class EnquiryLine:
    """A question for the board and what the figures show in answer, in words."""

    topic: Topic
    finding: Finding
    question: str
    evidence: str


def newer_value(plan: Plan, assessment: Assessment) -> Observation | None:
    """The measure's newest value for a period that ended after the quarter (monthly data
    newer than the quarter, or a later quarter), or ``None``."""
    observations = plan.observations_of(assessment.measure.code)
    newest = observations[-1] if observations else None
    if newest is None or newest.period.end <= assessment.quarter.end:
        return None
    return newest


def action_counts(actions: Sequence[ActionItem]) -> ActionCounts:
    """How many of the actions agreed on a measure are open, and how many of those are late
    (each item's ``open`` and ``overdue`` as its status stood on the report's day)."""
    return ActionCounts(
        open=sum(1 for a in actions if a.open),
        overdue=sum(1 for a in actions if a.open and a.overdue),
    )


def enquiry_facts(
    plan: Plan,
    assessment: Assessment,
    statistics: MeasureStatistics,
    *,
    standing: GroupPosition | None = None,
    actions: Sequence[ActionItem] | None = None,
) -> EnquiryFacts:
    """Everything a measure's lines of enquiry draw on. ``actions`` is ``None`` where no
    scrutiny is recorded for the plan (plan files): then there is no actions line; an empty
    sequence means none was agreed, and the line asks whether one should be."""
    return EnquiryFacts(
        assessment=assessment,
        statistics=statistics,
        newer=newer_value(plan, assessment),
        standing=standing,
        actions=action_counts(actions) if actions is not None else None,
    )


def enquiry_lines(
    plan: Plan,
    assessment: Assessment,
    statistics: MeasureStatistics,
    *,
    standing: GroupPosition | None = None,
    actions: Sequence[ActionItem] | None = None,
) -> tuple[EnquiryLine, ...]:
    """The board's questions about the measure that its figures can inform, in the order a
    board takes them, each with its evidence in words."""
    facts = enquiry_facts(plan, assessment, statistics, standing=standing, actions=actions)
    unit = assessment.measure.unit
    return tuple(
        EnquiryLine(line.topic, line.finding, line.question, enquiry_evidence(line, unit))
        for line in lines_of_enquiry(facts)
    )


def exception_enquiries(
    plan: Plan,
    assessments: Sequence[Assessment],
    statistics: Mapping[str, MeasureStatistics],
    *,
    standings: Mapping[str, GroupPosition] | None = None,
    actions: Mapping[str, Sequence[ActionItem]] | None = None,
) -> dict[str, tuple[EnquiryLine, ...]]:
    """The lines of enquiry of each of ``assessments`` (a quarter's exceptions), by measure
    code. ``actions`` is ``None`` where no scrutiny is recorded for the plan."""
    standings = standings or {}
    return {
        a.measure.code: enquiry_lines(
            plan,
            a,
            statistics[a.measure.code],
            standing=standings.get(a.measure.code),
            actions=tuple(actions.get(a.measure.code, ())) if actions is not None else None,
        )
        for a in assessments
    }
