"""Reads of collected values, scoped to what the user may see.

Which figures a dashboard shows, by role:

- performance team, directors and measure owners: approved and published values (a
  submission counts once its director approves it);
- councillors: published values, plus the submitted and approved values of a quarter the
  performance team has opened to members.

Drafts and returned values are seen only on the owner's entry pages.

Selectors query, presenters never do: what the collection pages list (the director's
approvals with their ratings, the returns with their counts, the template's rows, an entry's
previous values) is read here; ``presenters`` puts it into words for the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from councilstat.core.periods import FinancialYear, Month, Period, Quarter, parse_period
from councilstat.core.rating import rag
from councilstat.io.template_writer import TemplateRow
from councilstat.web.accounts.models import Role, User
from councilstat.web.accounts.policy import Permission, can
from councilstat.web.collection.figures import series_targets, series_values, snapshot
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.common.errors import WorkflowError
from councilstat.web.plans.models import Measure, Plan
from councilstat.web.plans.selectors import earlier_plans

__all__ = [
    "PREVIOUS_PERIODS",
    "ApprovalRow",
    "DueValue",
    "EntryHistory",
    "PeriodRow",
    "StoredValue",
    "approval_rows",
    "approvals_for",
    "entry_history",
    "measures_due",
    "open_quarter",
    "period_labels_in_return",
    "period_rows",
    "periods_due",
    "target_for",
    "template_rows",
    "visible_observations",
]

_OFFICER_STATUSES = (Status.APPROVED, Status.PUBLISHED)
PREVIOUS_PERIODS = 4
"""How many periods before the one being entered the entry page shows."""


def period_labels_in_return(period_return: PeriodReturn) -> list[str]:
    """The period labels whose values belong to the return's quarter."""
    quarter = parse_period(period_return.period)
    if not isinstance(quarter, Quarter):
        raise WorkflowError(f"{period_return.period} is not a quarter")
    labels = [str(quarter), *(str(m) for m in quarter.months())]
    if quarter.number == 4:
        labels.append(str(quarter.financial_year))
    return labels


def target_for(measure: Measure, period: Period) -> Decimal | None:
    """The target in force for ``period``: its own, else its financial year's."""
    labels = [str(period), str(period.financial_year)]
    found = series_targets(measure, labels)  # last year's measure's, for last year's periods
    for label in labels:
        if label in found:
            return found[label]
    return None


def visible_observations(user: User, plan: Plan) -> QuerySet[Observation]:
    """The observations of ``plan`` whose figures ``user`` may see on dashboards, with those
    of the earlier years' plans it continues (``snapshot`` joins each measure's series)."""
    plans = [plan.pk, *earlier_plans(plan)]
    rows = Observation.objects.filter(measure__plan_id__in=plans)
    if user.role == Role.COUNCILLOR:
        returns = PeriodReturn.objects.filter(plan_id__in=plans, opened_to_members=True)
        opened = [
            label for period_return in returns for label in period_labels_in_return(period_return)
        ]
        return rows.filter(
            Q(status=Status.PUBLISHED)
            | Q(status__in=(Status.SUBMITTED, Status.APPROVED), period__in=opened)
        )
    if user.role in (Role.PERFORMANCE, Role.DIRECTOR, Role.OWNER):
        return rows.filter(status__in=_OFFICER_STATUSES)
    return rows.none()


@dataclass(frozen=True)
class DueValue:
    """A value an owner owes: the measure, the period, the deadline and what is there so far."""

    measure: Measure
    period: Period
    deadline: date | None
    observation: Observation | None

    @property
    def status_label(self) -> str:
        return self.observation.get_status_display() if self.observation else "Not started"


def periods_due(measure: Measure, quarter: Quarter) -> list[Period]:
    if measure.frequency == "monthly":
        return list(quarter.months())
    if measure.frequency == "quarterly":
        return [quarter]
    return [FinancialYear(quarter.year)] if quarter.number == 4 else []


def measures_due(user: User, plan: Plan, quarter: Quarter) -> list[DueValue]:
    """The values ``user`` owes for ``quarter``: their own measures only."""
    measures = list(
        Measure.objects.filter(plan=plan, owner=user).select_related("outcome__priority")
    )
    period_return = PeriodReturn.objects.filter(plan=plan, period=str(quarter)).first()
    wanted = {(m.pk, str(p)): (m, p) for m in measures for p in periods_due(m, quarter)}
    existing = {
        (o.measure_id, o.period): o
        for o in Observation.objects.filter(
            measure__in=measures, period__in={label for _, label in wanted}
        )
    }
    return [
        DueValue(
            measure, period, period_return.deadline if period_return else None, existing.get(key)
        )
        for key, (measure, period) in wanted.items()
    ]


def approvals_for(user: User, plan: Plan) -> QuerySet[Observation]:
    """Submitted values awaiting this director's decision (their directorate only)."""
    if user.role != Role.DIRECTOR or user.directorate_id is None:
        return Observation.objects.none()
    return (
        Observation.objects.filter(
            measure__plan=plan,
            measure__directorate_id=user.directorate_id,
            status=Status.SUBMITTED,
        )
        .select_related("measure", "entered_by")
        .order_by("measure__order", "measure__code", "period_end")
    )


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
class StoredValue:
    """A period with its stored value (if any) and the target in force."""

    period: Period
    observation: Observation | None
    target: Decimal | None


@dataclass(frozen=True)
class EntryHistory:
    """What the entry page shows beside the form: the period's target, and the previous
    periods' values and targets (latest first)."""

    target: Decimal | None
    previous: tuple[StoredValue, ...]


def entry_history(measure: Measure, period: Period) -> EntryHistory:
    """The period's target and the ``PREVIOUS_PERIODS`` periods before it, with their values."""
    earlier = [period]
    for _ in range(PREVIOUS_PERIODS):
        earlier.append(earlier[-1].previous())
    found = series_values(measure, [str(p) for p in earlier])  # joined across the years
    target = target_for(measure, period)
    previous = tuple(StoredValue(p, found.get(str(p)), target_for(measure, p)) for p in earlier[1:])
    return EntryHistory(target, previous)


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
