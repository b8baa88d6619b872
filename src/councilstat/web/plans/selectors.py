"""Reads of plans and measures, always scoped to the user's organisation (404 outside it).

Selectors query, presenters never do: every read of the plan's structure goes through here.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from councilstat.web.accounts.models import User
from councilstat.web.plans.models import Measure, Plan

__all__ = ["get_measure", "get_plan", "plans_for"]


def plans_for(user: User) -> QuerySet[Plan]:
    if not user.is_authenticated or user.organisation_id is None:
        return Plan.objects.none()
    return Plan.objects.filter(organisation_id=user.organisation_id)


def get_plan(user: User, plan_id: int) -> Plan:
    return get_object_or_404(plans_for(user), pk=plan_id)


def get_measure(user: User, plan: Plan, code: str) -> Measure:
    measure = (
        Measure.objects.filter(plan=plan, code=code)
        .select_related("outcome__priority", "directorate", "owner", "plan")
        .first()
    )
    if measure is None:
        raise Http404(f"no measure {code}")
    return measure
