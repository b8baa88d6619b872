"""Headline counts and percentages for a plan, its priorities and outcomes, and the exceptions,
for a quarter (compared with the quarter before) or a financial year (compared with the year
before).

Percentages are a count over its denominator, rounded half up to a whole number
(``docs/rules.md``, "Headline percentages"); the denominator is always carried alongside so it
can be stated.

>>> percent(28, 54)
52
>>> percent(1, 8)
13
>>> percent(3, 0) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from councilstat.core.assessment import Assessment, assess_plan
from councilstat.core.periods import FinancialYear, Quarter
from councilstat.core.plan import DEFAULT_OUTCOME_TERM, Plan, Priority
from councilstat.core.rating import Direction, Rag

__all__ = ["Counts", "GroupSummary", "PlanSummary", "PriorityExceptions", "percent", "summarise"]


def percent(count: int, denominator: int) -> int | None:
    """``count`` as a whole-number percentage of ``denominator``, half up; ``None`` for 0 of 0."""
    if denominator <= 0:
        return None
    return (200 * count + denominator) // (2 * denominator)


@dataclass(frozen=True)
class Counts:
    """RAG and direction-of-travel counts over a set of measures for one quarter."""

    measures: int
    green: int
    amber: int
    red: int
    improving: int
    no_change: int
    worsening: int

    @property
    def assessed(self) -> int:
        """Measures with a RAG: a value and a target this quarter."""
        return self.green + self.amber + self.red

    @property
    def not_assessed(self) -> int:
        return self.measures - self.assessed

    @property
    def met_pct(self) -> int | None:
        return percent(self.green, self.assessed)

    @property
    def direction_assessed(self) -> int:
        """Measures with a comparable previous value."""
        return self.improving + self.no_change + self.worsening

    @property
    def improving_pct(self) -> int | None:
        return percent(self.improving, self.direction_assessed)

    @classmethod
    def of(cls, assessments: Iterable[Assessment]) -> Counts:
        listed = list(assessments)
        rags = [a.rag for a in listed]
        directions = [a.direction for a in listed]
        return cls(
            measures=len(listed),
            green=rags.count(Rag.GREEN),
            amber=rags.count(Rag.AMBER),
            red=rags.count(Rag.RED),
            improving=directions.count(Direction.IMPROVING),
            no_change=directions.count(Direction.NO_CHANGE),
            worsening=directions.count(Direction.WORSENING),
        )


@dataclass(frozen=True)
class GroupSummary:
    """A priority or outcome: its counts this quarter and last."""

    code: str
    title: str
    current: Counts
    previous: Counts
    assessments: tuple[Assessment, ...]


@dataclass(frozen=True)
class PriorityExceptions:
    """The red measures of one priority."""

    priority: Priority
    assessments: tuple[Assessment, ...]


@dataclass(frozen=True)
class PlanSummary:
    """Everything a report's headline needs for one quarter or one financial year."""

    plan_title: str
    period: Quarter | FinancialYear
    """The quarter summarised, or the financial year for a year's summary."""
    current: Counts
    previous: Counts
    outcome_count: int
    priorities: tuple[GroupSummary, ...]
    outcomes: tuple[GroupSummary, ...]
    assessments: tuple[Assessment, ...]
    exceptions: tuple[PriorityExceptions, ...]
    outcome_term: str = DEFAULT_OUTCOME_TERM
    """What the plan calls its outcomes, e.g. ``key delivery outcome`` (``Plan.outcome_term``)."""
    outcome_term_plural: str = ""

    @property
    def is_year(self) -> bool:
        return isinstance(self.period, FinancialYear)

    @property
    def quarter(self) -> Quarter:
        """The quarter summarised; for a year, its fourth quarter (where the year ends)."""
        if isinstance(self.period, FinancialYear):
            return Quarter(self.period.year, 4)
        return self.period

    @property
    def previous_period(self) -> Quarter | FinancialYear:
        """What the previous figures are for: the quarter before, or the year before."""
        return self.period.previous()

    @property
    def previous_quarter(self) -> Quarter:
        return self.quarter.previous()


def _group(
    code: str, title: str, current: list[Assessment], previous: list[Assessment]
) -> GroupSummary:
    return GroupSummary(code, title, Counts.of(current), Counts.of(previous), tuple(current))


def summarise(plan: Plan, period: Quarter | FinancialYear) -> PlanSummary:
    """Headline counts for ``period`` and the one before (the quarter before a quarter, the
    year before a financial year), overall and by group."""
    current = assess_plan(plan, period)
    previous = assess_plan(plan, period.previous())
    priorities = tuple(
        _group(
            p.code,
            p.title,
            [a for a in current if a.measure.priority == p],
            [a for a in previous if a.measure.priority == p],
        )
        for p in plan.priorities
    )
    outcomes = tuple(
        _group(
            o.code,
            o.title,
            [a for a in current if a.measure.outcome == o],
            [a for a in previous if a.measure.outcome == o],
        )
        for o in plan.outcomes
    )
    exceptions = tuple(
        PriorityExceptions(p, reds)
        for p in plan.priorities
        if (reds := tuple(a for a in current if a.measure.priority == p and a.rag is Rag.RED))
    )
    return PlanSummary(
        plan_title=plan.title,
        period=period,
        current=Counts.of(current),
        previous=Counts.of(previous),
        outcome_count=len(plan.outcomes),
        priorities=priorities,
        outcomes=outcomes,
        assessments=current,
        exceptions=exceptions,
        outcome_term=plan.outcome_term,
        outcome_term_plural=plan.outcome_term_plural,
    )
