"""The quarterly performance report as plain data, assembled from core results.

No rendering here: the HTML renderer (and later PDF, Word and Excel) all draw the same model.
"""

from __future__ import annotations

from dataclasses import dataclass

from councilstat.core.assessment import Assessment
from councilstat.core.narrative import headline
from councilstat.core.periods import Quarter
from councilstat.core.plan import Plan
from councilstat.core.summary import Counts, GroupSummary, PlanSummary, summarise
from councilstat.reports.formatting import format_value

__all__ = ["MeasureRow", "OutcomeSection", "PrioritySection", "QuarterReport", "build_report"]

RATING_RULES = (
    "Green (on target): the value meets or beats the target in the measure's better direction.",
    "Amber (within tolerance): the value misses the target by no more than the measure's "
    "tolerance; a value exactly on the edge of the tolerance is amber.",
    "Red (off target): the value misses the target by more than the tolerance.",
    "A tolerance written as a percentage (5%) is that share of the target; a plain number (2) "
    "is in the measure's own units, percentage points for a percentage.",
    "A measure is rated in a quarter when it has a value for a period ending in that quarter and "
    "a target. Monthly measures are rolled up into the quarter as their definition says "
    "(the latest month, the sum or the mean); annual measures are rated in the fourth quarter.",
    "Direction of travel compares the quarter's value with the previous quarter's.",
    "Percentages are rounded half up to a whole number, and each is stated with its denominator.",
)


@dataclass(frozen=True)
class MeasureRow:
    code: str
    title: str
    frequency: str
    tolerance: str
    target: str
    previous: str
    current: str
    current_period: str
    latest: str
    latest_period: str
    rag: str | None
    rag_label: str
    direction: str | None
    direction_label: str
    not_assessed: str
    note: str


@dataclass(frozen=True)
class OutcomeSection:
    code: str
    title: str
    measures: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class PrioritySection:
    code: str
    title: str
    counts: Counts
    previous_counts: Counts
    outcomes: tuple[OutcomeSection, ...]


@dataclass(frozen=True)
class ExceptionSection:
    code: str
    title: str
    measures: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class QuarterReport:
    organisation: str
    plan_title: str
    quarter: str
    previous_quarter: str
    period_dates: str
    headline: tuple[str, ...]
    counts: Counts
    previous_counts: Counts
    priorities: tuple[PrioritySection, ...]
    exceptions: tuple[ExceptionSection, ...]
    not_assessed: tuple[MeasureRow, ...]
    rules: tuple[str, ...]

    @property
    def title(self) -> str:
        return f"{self.plan_title}: performance report, {self.quarter}"


def _row(plan: Plan, assessment: Assessment) -> MeasureRow:
    measure = assessment.measure
    newer = [
        o for o in plan.observations_of(measure.code)[-1:] if o.period.end > assessment.quarter.end
    ]
    current = assessment.current
    return MeasureRow(
        code=measure.code,
        title=measure.title,
        frequency=measure.frequency.value.capitalize(),
        tolerance=str(measure.tolerance),
        target=format_value(assessment.target, measure.unit),
        previous=format_value(assessment.previous_value, measure.unit),
        current=format_value(assessment.value, measure.unit),
        current_period=str(current.period) if current else "",
        latest=format_value(newer[0].value, measure.unit) if newer else "",
        latest_period=str(newer[0].period) if newer else "",
        rag=assessment.rag.value if assessment.rag else None,
        rag_label=assessment.rag.label if assessment.rag else "Not rated",
        direction=assessment.direction.value if assessment.direction else None,
        direction_label=assessment.direction.label if assessment.direction else "–",
        not_assessed=assessment.not_rated.label if assessment.not_rated else "",
        note=current.observations[-1].note if current else "",
    )


def _priority_section(plan: Plan, summary: PlanSummary, group: GroupSummary) -> PrioritySection:
    outcomes = tuple(
        OutcomeSection(
            o.code,
            o.title,
            tuple(_row(plan, a) for a in o.assessments),
        )
        for o in summary.outcomes
        if o.assessments and o.assessments[0].measure.priority.code == group.code
    )
    return PrioritySection(group.code, group.title, group.current, group.previous, outcomes)


def build_report(plan: Plan, quarter: Quarter, *, organisation: str = "") -> QuarterReport:
    """Assemble the report for ``quarter`` from the plan's figures."""
    summary = summarise(plan, quarter)
    start, end = quarter.start, quarter.end
    return QuarterReport(
        organisation=organisation,
        plan_title=plan.title,
        quarter=str(quarter),
        previous_quarter=str(quarter.previous()),
        period_dates=f"{start:%B} to {end:%B %Y}",
        headline=headline(summary),
        counts=summary.current,
        previous_counts=summary.previous,
        priorities=tuple(_priority_section(plan, summary, group) for group in summary.priorities),
        exceptions=tuple(
            ExceptionSection(
                e.priority.code, e.priority.title, tuple(_row(plan, a) for a in e.assessments)
            )
            for e in summary.exceptions
        ),
        not_assessed=tuple(_row(plan, a) for a in summary.assessments if a.rag is None),
        rules=RATING_RULES,
    )
