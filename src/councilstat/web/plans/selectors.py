"""Reads of plans and measures, always scoped to the user's organisation (404 outside it).

Selectors query, presenters never do: every read of the plan's structure goes through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from councilstat.web.accounts.models import User
from councilstat.web.plans.models import Measure, Plan

__all__ = [
    "MeasureYears",
    "earlier_plans",
    "get_measure",
    "get_plan",
    "measure_years",
    "plans_for",
    "previous_candidates",
]


def plans_for(user: User) -> QuerySet[Plan]:
    if not user.is_authenticated or user.organisation_id is None:
        return Plan.objects.none()
    return Plan.objects.filter(organisation_id=user.organisation_id)


def get_plan(user: User, plan_id: int) -> Plan:
    return get_object_or_404(plans_for(user), pk=plan_id)


def get_measure(user: User, plan: Plan, code: str) -> Measure:
    measure = (
        Measure.objects.filter(plan=plan, code=code)
        .select_related(
            "outcome__priority",
            "directorate",
            "owner",
            "plan",
            "previous__plan",
            "successor__plan",
        )
        .first()
    )
    if measure is None:
        raise Http404(f"no measure {code}")
    return measure


def earlier_plans(plan: Plan) -> list[int]:
    """The ids of the plans ``plan`` continues: last year's, the year before's... (none, and
    no query, when it was not started from another)."""
    found: list[int] = []
    previous = plan.previous_id
    while previous is not None and previous != plan.pk and previous not in found:
        found.append(previous)
        previous = Plan.objects.filter(pk=previous).values_list("previous_id", flat=True).first()
    return found


@dataclass(frozen=True)
class MeasureYears:
    """Where a measure's series comes from and goes: the earlier years' measures it continues
    (last year's first, each with its plan) and the measure continuing it next year."""

    code: str
    title: str
    earlier: tuple[Measure, ...]
    later: Measure | None

    @property
    def renamed_from(self) -> Measure | None:
        """Last year's measure, when it had another code or title."""
        if self.earlier and (self.earlier[0].code, self.earlier[0].title) != (
            self.code,
            self.title,
        ):
            return self.earlier[0]
        return None


def measure_years(measure: Measure) -> MeasureYears:
    """The measure's lineage for its page: no query for last year's and next year's measures
    when ``get_measure`` read it (it reads them with it), one a year further back."""
    earlier: list[Measure] = []
    found = measure.previous
    while found is not None and found.pk != measure.pk and found not in earlier:
        earlier.append(found)
        if found.previous_id is None:
            break
        found = Measure.objects.select_related("plan").filter(pk=found.previous_id).first()
    later = getattr(measure, "successor", None)  # no successor: Django raises AttributeError
    return MeasureYears(measure.code, measure.title, tuple(earlier), later)


def previous_candidates(plan: Plan) -> QuerySet[Plan]:
    """The plans ``plan`` may continue: its organisation's plans for the year before that no
    other plan continues yet (and the one it continues, if any)."""
    others = Plan.objects.filter(
        organisation_id=plan.organisation_id, reporting_year=plan.reporting_year - 1
    ).exclude(pk=plan.pk)
    taken = Plan.objects.filter(previous__isnull=False).exclude(pk=plan.pk)
    return others.exclude(pk__in=taken.values("previous_id"))
