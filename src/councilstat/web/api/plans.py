"""Read the plan: plans, priorities, outcomes, measures and targets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate
from ninja.params.functions import Path, Query

from councilstat.web.accounts.policy import Permission, require
from councilstat.web.api.auth import caller
from councilstat.web.api.errors import responses
from councilstat.web.api.pagination import Page
from councilstat.web.api.schemas import MeasureOut, OutcomeOut, PlanOut, PriorityOut, TargetOut
from councilstat.web.api.selectors import (
    Filters,
    measures_of,
    outcomes_of,
    priorities_of,
    targets_of,
)
from councilstat.web.plans.models import Measure, Outcome, Plan, Priority, Target
from councilstat.web.plans.selectors import get_plan, plans_for

__all__ = [
    "CODE",
    "CODE_PATH",
    "DIRECTORATE",
    "ID",
    "PERIOD",
    "PERIOD_PATTERN",
    "TEXT_PATTERN",
    "plan_of",
    "router",
]

router = Router(tags=["plan"])
ID: Any = Path(..., ge=1, le=2**31 - 1)
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]+$"
"""Codes are printable: no NUL or other control character (PostgreSQL refuses NUL)."""
CODE: Any = Query(None, min_length=1, max_length=20, pattern=TEXT_PATTERN)
CODE_PATH: Any = Path(..., min_length=1, max_length=20, pattern=TEXT_PATTERN)
DIRECTORATE: Any = Query(None, ge=1, le=2**31 - 1)
PERIOD_PATTERN = r"^(FY ?)?\d{4}([/-]\d{2}(\d{2})?)?( ?Q[1-4])?$|^Q[1-4] \d{4}[/-]\d{2}$"
"""A period as written: ``2019/20``, ``2019-20``, ``2019/20 Q2``, ``Q2 2019/20``, ``FY2019 Q2``,
``2019-07``. The pattern cannot say that 20 must follow 2019: such a period is refused (422)."""
PERIOD: Any = Query(None, min_length=1, max_length=20, pattern=PERIOD_PATTERN)


def plan_of(request: HttpRequest, plan_id: int) -> Plan:
    """The caller's plan (404 outside their organisation), after the policy check."""
    user = caller(request)
    require(user, Permission.VIEW_DASHBOARD)
    return get_plan(user, plan_id)


@router.get("/plans", response=responses(list[PlanOut]), summary="Plans")
@paginate(Page)
def list_plans(request: HttpRequest) -> list[Plan]:
    user = caller(request)
    require(user, Permission.VIEW_DASHBOARD)
    return plans_for(user).select_related("organisation").order_by("-reporting_year", "pk")  # type: ignore[return-value]


@router.get("/plans/{plan_id}", response=responses(PlanOut), summary="One plan")
def get_one_plan(request: HttpRequest, plan_id: int = ID) -> Plan:
    return plan_of(request, plan_id)


@router.get(
    "/plans/{plan_id}/priorities", response=responses(list[PriorityOut]), summary="Priorities"
)
@paginate(Page)
def list_priorities(request: HttpRequest, plan_id: int = ID) -> list[Priority]:
    return priorities_of(plan_of(request, plan_id))  # type: ignore[return-value]


@router.get("/plans/{plan_id}/outcomes", response=responses(list[OutcomeOut]), summary="Outcomes")
@paginate(Page)
def list_outcomes(
    request: HttpRequest, plan_id: int = ID, priority: str | None = CODE
) -> list[Outcome]:
    return outcomes_of(plan_of(request, plan_id), Filters(priority=priority))  # type: ignore[return-value]


@router.get("/plans/{plan_id}/measures", response=responses(list[MeasureOut]), summary="Measures")
@paginate(Page)
def list_measures(
    request: HttpRequest,
    plan_id: int = ID,
    priority: str | None = CODE,
    outcome: str | None = CODE,
    directorate: int | None = DIRECTORATE,
) -> list[Measure]:
    filters = Filters(priority=priority, outcome=outcome, directorate=directorate)
    return measures_of(plan_of(request, plan_id), filters)  # type: ignore[return-value]


@router.get(
    "/plans/{plan_id}/measures/{code}", response=responses(MeasureOut), summary="One measure"
)
def get_one_measure(request: HttpRequest, plan_id: int = ID, code: str = CODE_PATH) -> Measure:
    return get_object_or_404(measures_of(plan_of(request, plan_id), Filters()), code=code)


@router.get("/plans/{plan_id}/targets", response=responses(list[TargetOut]), summary="Targets")
@paginate(Page)
def list_targets(
    request: HttpRequest,
    plan_id: int = ID,
    period: str | None = PERIOD,
    priority: str | None = CODE,
    outcome: str | None = CODE,
    directorate: int | None = DIRECTORATE,
    measure: str | None = CODE,
) -> list[Target]:
    filters = Filters(period, priority, outcome, directorate, measure)
    return targets_of(plan_of(request, plan_id), filters)  # type: ignore[return-value]
