"""Reads of collected values, scoped to what the user may see.

Which figures a dashboard shows, by role:

- performance team, directors and measure owners: approved and published values (a
  submission counts once its director approves it);
- councillors: published values, plus the submitted and approved values of a quarter the
  performance team has opened to members.

Drafts and returned values are seen only on the owner's entry pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from councilstat.core.periods import FinancialYear, Period, Quarter
from councilstat.web.accounts.models import Role, User
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.collection.services import period_labels_in_return
from councilstat.web.plans.models import Measure, Plan

__all__ = ["DueValue", "approvals_for", "measures_due", "periods_due", "visible_observations"]

_OFFICER_STATUSES = (Status.APPROVED, Status.PUBLISHED)


def visible_observations(user: User, plan: Plan) -> QuerySet[Observation]:
    """The observations of ``plan`` whose figures ``user`` may see on dashboards."""
    rows = Observation.objects.filter(measure__plan=plan)
    if user.role == Role.COUNCILLOR:
        opened = [
            label
            for period_return in PeriodReturn.objects.filter(plan=plan, opened_to_members=True)
            for label in period_labels_in_return(period_return)
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
