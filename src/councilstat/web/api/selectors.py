"""The API's reads: the user's plans, and each list filtered as asked.

Everything starts from the user's scope: ``plans.selectors`` (404 outside the organisation)
and ``collection.selectors.visible_observations`` (only the values the caller may see).

Selectors query, presenters never do: the schemas only shape what these reads return.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from councilstat.core.errors import PeriodError
from councilstat.core.periods import Period, Quarter, parse_period
from councilstat.web.accounts.models import User
from councilstat.web.api.errors import InvalidInput
from councilstat.web.collection.models import Observation
from councilstat.web.collection.selectors import visible_observations
from councilstat.web.plans.models import Measure, Outcome, Plan, Priority, Target

__all__ = [
    "Filters",
    "measures_of",
    "observations_of",
    "outcomes_of",
    "parse_period_param",
    "parse_quarter_param",
    "priorities_of",
    "targets_of",
]


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to; ``None`` is no filter."""

    period: str | None = None
    priority: str | None = None
    outcome: str | None = None
    directorate: int | None = None
    measure: str | None = None


def parse_period_param(text: str, name: str = "period") -> Period:
    try:
        return parse_period(text)
    except PeriodError as error:
        raise InvalidInput({("query", name): str(error)}) from None


def parse_quarter_param(text: str) -> Quarter:
    period = parse_period_param(text)
    if not isinstance(period, Quarter):
        raise InvalidInput({("query", "period"): f"give a quarter like 2019/20 Q2, not {period}"})
    return period


def priorities_of(plan: Plan) -> QuerySet[Priority]:
    return Priority.objects.filter(plan=plan).order_by("order", "code")


def outcomes_of(plan: Plan, filters: Filters) -> QuerySet[Outcome]:
    outcomes = Outcome.objects.filter(priority__plan=plan).select_related("priority")
    if filters.priority is not None:
        outcomes = outcomes.filter(priority__code=filters.priority)
    return outcomes.order_by("priority__order", "order", "code", "pk")


def _measure_filters(prefix: str, filters: Filters) -> dict[str, object]:
    wanted = {
        "outcome__priority__code": filters.priority,
        "outcome__code": filters.outcome,
        "directorate_id": filters.directorate,
        "code": filters.measure,
    }
    return {f"{prefix}{k}": v for k, v in wanted.items() if v is not None}


def measures_of(plan: Plan, filters: Filters) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(plan=plan, **_measure_filters("", filters))
        .select_related("outcome__priority", "directorate")
        .order_by("outcome__priority__order", "outcome__order", "order", "code")
    )


def _period_label(filters: Filters) -> str | None:
    return None if filters.period is None else str(parse_period_param(filters.period))


def targets_of(plan: Plan, filters: Filters) -> QuerySet[Target]:
    targets = Target.objects.filter(
        measure__plan=plan, **_measure_filters("measure__", filters)
    ).select_related("measure")
    label = _period_label(filters)
    if label is not None:
        targets = targets.filter(period=label)
    return targets.order_by("measure__order", "measure__code", "period_end", "period")


def observations_of(user: User, plan: Plan, filters: Filters) -> QuerySet[Observation]:
    rows = visible_observations(user, plan).filter(
        measure__plan=plan, **_measure_filters("measure__", filters)
    )
    label = _period_label(filters)
    if label is not None:
        rows = rows.filter(period=label)
    return rows.select_related("measure").order_by(
        "measure__order", "measure__code", "period_end", "period"
    )
