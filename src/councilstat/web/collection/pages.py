"""What the collection pages show, gathered for the views: read-only, scoped by the caller.

Every target comes from the services' rule (``target_for``) or the core plan, and every RAG
from ``core.rating``; the templates only format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from councilstat.core import plan as core
from councilstat.core.periods import Month, Period, Quarter, parse_period
from councilstat.core.rating import rag
from councilstat.core.validation import InvalidFigure, observation_value
from councilstat.io.template_writer import TemplateRow
from councilstat.reports.formatting import format_value
from councilstat.web.accounts.models import User
from councilstat.web.accounts.policy import Permission, can
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.collection.selectors import approvals_for, measures_due, periods_due
from councilstat.web.collection.services import Figures, period_labels_in_return, target_for
from councilstat.web.plans.adapters import core_measure
from councilstat.web.plans.models import Measure, Plan

__all__ = [
    "ApprovalRow",
    "PeriodRow",
    "PeriodValue",
    "approval_rows",
    "attempted_value",
    "entry_facts",
    "open_quarter",
    "period_rows",
    "template_rows",
]

EDITABLE = (Status.DRAFT, Status.RETURNED)
PREVIOUS_PERIODS = 4
_POLARITY = {
    core.Polarity.HIGHER: "Higher is better",
    core.Polarity.LOWER: "Lower is better",
    core.Polarity.NONE: "Neither (not rated)",
}


def open_quarter(plan: Plan) -> Quarter:
    """The quarter being collected: the earliest unpublished return, else the latest one."""
    returns = [(parse_period(r.period), r.published_at) for r in plan.returns.all()]
    quarters = [q for q, _ in returns if isinstance(q, Quarter)]
    unpublished = [q for q, published in returns if isinstance(q, Quarter) and published is None]
    if unpublished:
        return min(unpublished)
    if quarters:
        return max(quarters)
    today = timezone.localdate()
    month = Month(today.year, today.month)
    return Quarter(month.financial_year.year, (today.month - 4) % 12 // 3 + 1)


@dataclass(frozen=True)
class PeriodValue:
    """A measure's value in a period with its target and rating (``rag`` is a ``Rag`` value)."""

    period: Period
    observation: Observation | None
    target: Decimal | None
    rag: str | None


def _rated(
    measure: Measure, rules: core.Measure, period: Period, row: Observation | None
) -> PeriodValue:
    target = target_for(measure, period)
    rating = rag(row.value if row else None, target, rules.tolerance, rules.polarity)
    return PeriodValue(period, row, target, rating.value if rating else None)


def tolerance_text(rules: core.Measure) -> str:
    """``5% of the target``, ``2 percentage points`` or a figure in the measure's unit."""
    tolerance = rules.tolerance
    if tolerance.kind is core.ToleranceKind.PERCENT_OF_TARGET:
        return f"{tolerance} of the target"
    if rules.unit is core.Unit.PERCENT:
        return f"{tolerance} percentage points"
    return format_value(tolerance.amount, rules.unit)


def entry_facts(measure: Measure, period: Period, row: Observation | None) -> dict[str, object]:
    """The entry page's facts: this period's target and rating, and the previous values."""
    rules = core_measure(measure)
    earlier = [period]
    for _ in range(PREVIOUS_PERIODS):
        earlier.append(earlier[-1].previous())
    found = {
        o.period: o
        for o in Observation.objects.filter(measure=measure, period__in=[str(p) for p in earlier])
    }
    return {
        "measure": measure,
        "period": period,
        "current": _rated(measure, rules, period, row),
        "previous": [_rated(measure, rules, p, found.get(str(p))) for p in earlier[1:]],
        "tolerance": tolerance_text(rules),
        "polarity": _POLARITY[rules.polarity],
        "editable": row is None or row.status in EDITABLE,
    }


def attempted_value(measure: Measure, figures: Figures) -> Decimal | None:
    """The value someone tried to save (from numerator and denominator if that is how)."""
    try:
        return observation_value(
            core_measure(measure), figures.value, figures.numerator, figures.denominator
        )
    except InvalidFigure:
        return figures.value


@dataclass(frozen=True)
class ApprovalRow:
    observation: Observation
    target: Decimal | None
    rag: str | None


def approval_rows(user: User, plans: list[Plan]) -> list[ApprovalRow]:
    """The director's queue with each value's target and RAG: three queries a plan."""
    rows = []
    for plan in plans:
        queue = list(approvals_for(user, plan).select_related("measure__outcome__priority"))
        if not queue:
            continue
        measures = Measure.objects.filter(pk__in={o.measure_id for o in queue})
        rules = snapshot(plan, Observation.objects.none(), measures=measures)
        for item in queue:
            measure = rules.measure(item.measure.code)
            target = rules.target(measure.code, parse_period(item.period))
            rating = rag(item.value, target, measure.tolerance, measure.polarity)
            rows.append(ApprovalRow(item, target, rating.value if rating else None))
    return rows


@dataclass(frozen=True)
class PeriodRow:
    """A quarter's return with how many of its values are at each status."""

    period_return: PeriodReturn
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def by_status(self) -> list[tuple[str, int]]:
        return [(status.label, self.counts.get(status.value, 0)) for status in Status]


def period_rows(plan: Plan) -> list[PeriodRow]:
    """The plan's returns, latest first, with counts by status: two queries a plan."""
    tally: dict[str, dict[str, int]] = {}
    counted = (
        Observation.objects.filter(measure__plan=plan)
        .values_list("period", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for label, status, n in counted:
        tally.setdefault(label, {})[status] = n
    rows = []
    for period_return in plan.returns.all():
        counts: dict[str, int] = {}
        for label in period_labels_in_return(period_return):
            for status, n in tally.get(label, {}).items():
                counts[status] = counts.get(status, 0) + n
        rows.append(PeriodRow(period_return, counts))
    return rows


def template_rows(user: User, plan: Plan, quarter: Quarter) -> list[TemplateRow]:
    """The values due in ``quarter``: the performance team's for every measure, an owner's for
    their own."""
    if can(user, Permission.IMPORT_DATA):
        measures = plan.measures.select_related("outcome__priority").order_by(
            "outcome__priority__order", "outcome__order", "order", "code"
        )
        return [
            TemplateRow(m.code, m.title, period)
            for m in measures
            for period in periods_due(m, quarter)
        ]
    return [
        TemplateRow(d.measure.code, d.measure.title, d.period)
        for d in measures_due(user, plan, quarter)
    ]
