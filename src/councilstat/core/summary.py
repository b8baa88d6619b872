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

from councilstat.core.assessment import Assessment, assess_plan, is_due
from councilstat.core.periods import FinancialYear, Quarter
from councilstat.core.plan import DEFAULT_OUTCOME_TERM, Plan, Priority
from councilstat.core.rating import Direction, Rag

__all__ = [
    "Counts",
    "Coverage",
    "GroupSummary",
    "PlanSummary",
    "PriorityExceptions",
    "percent",
    "summarise",
]


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
class Coverage:
    """How many of the measures due in a quarter have reported, and whether the quarter's
    figures are published (``docs/rules.md``, "Provisional figures").

    A measure is due when a value is expected for the quarter (every monthly and quarterly
    measure; an annual one in the fourth quarter); it has reported when it has a value that
    counts for the quarter. A quarter is provisional until it is published and every measure
    due has reported.

    >>> Coverage(due=55, reported=18, published=False).note
    'Provisional: 18 of 55 measures due have reported; the figures are not yet published.'
    >>> Coverage(due=55, reported=55).provisional
    False
    """

    due: int
    reported: int
    published: bool = True

    @property
    def complete(self) -> bool:
        return self.reported >= self.due

    @property
    def missing(self) -> int:
        return max(self.due - self.reported, 0)

    @property
    def provisional(self) -> bool:
        return not self.published or not self.complete

    @property
    def note(self) -> str:
        """``Provisional: 18 of 55 measures due have reported.``; empty when not provisional."""
        if not self.provisional:
            return ""
        verb = "has" if self.due == 1 else "have"
        count = f"{self.reported} of {self.due} {'measure' if self.due == 1 else 'measures'}"
        sentence = f"Provisional: {count} due {verb} reported"
        if not self.published:
            return f"{sentence}; the figures are not yet published."
        return f"{sentence}."

    @classmethod
    def of(cls, assessments: Iterable[Assessment], *, published: bool = True) -> Coverage:
        due = [a for a in assessments if is_due(a.measure, a.quarter)]
        return cls(len(due), sum(1 for a in due if a.current is not None), published)


@dataclass(frozen=True)
class GroupSummary:
    """A priority or outcome: its counts this quarter and last."""

    code: str
    title: str
    current: Counts
    previous: Counts
    assessments: tuple[Assessment, ...]
    coverage: Coverage = Coverage(0, 0)
    """How many of the group's measures due have reported (and whether the quarter is
    published)."""


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
    coverage: Coverage = Coverage(0, 0)
    """How many measures due have reported, and whether the quarter is published."""

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

    """How many measures due have reported, and whether the quarter is published."""

    @property
    def previous_quarter(self) -> Quarter:
        return self.quarter.previous()


def _group(
    code: str,
    title: str,
    current: list[Assessment],
    previous: list[Assessment],
    published: bool,
) -> GroupSummary:
    return GroupSummary(
        code,
        title,
        Counts.of(current),
        Counts.of(previous),
        tuple(current),
        Coverage.of(current, published=published),
    )


def summarise(
    plan: Plan, period: Quarter | FinancialYear, *, published: bool = True
) -> PlanSummary:
    """Headline counts for ``period`` and the one before (the quarter before a quarter, the
    year before a financial year), overall and by group.

    ``published`` says whether the period's figures are published (plan files are figures
    as reported; the web application knows its collection rounds): with the measures due that
    have reported, it decides whether the summary is provisional (``PlanSummary.coverage``).
    """
    current = assess_plan(plan, period)
    previous = assess_plan(plan, period.previous())
    priorities = tuple(
        _group(
            p.code,
            p.title,
            [a for a in current if a.measure.priority == p],
            [a for a in previous if a.measure.priority == p],
            published,
        )
        for p in plan.priorities
    )
    outcomes = tuple(
        _group(
            o.code,
            o.title,
            [a for a in current if a.measure.outcome == o],
            [a for a in previous if a.measure.outcome == o],
            published,
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
        coverage=Coverage.of(current, published=published),
    )
