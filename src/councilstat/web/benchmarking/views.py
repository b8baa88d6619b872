"""Benchmarking pages: the comparator groups, and a measure beside its comparators.

Thin views: the policy, the user-scoped selectors (404 outside the organisation), and the
presenter, which asks ``core`` for every figure.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from councilstat.core.periods import Quarter
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.benchmarking.presenters import comparison_for
from councilstat.web.benchmarking.selectors import comparator_data, groups_for
from councilstat.web.plans.selectors import get_measure, get_plan

__all__ = ["index", "measure_comparison"]


@login_required
def index(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_DASHBOARD)
    return render(request, "benchmarking/index.html", {"groups": groups_for(request.user)})


@login_required
def measure_comparison(
    request: SignedInRequest, plan_id: int, code: str, quarter: Quarter | None = None
) -> HttpResponse:
    require(request.user, Permission.VIEW_DASHBOARD)
    plan = get_plan(request.user, plan_id)
    measure = get_measure(request.user, plan, code)
    comparison = comparison_for(comparator_data(measure, quarter))
    if comparison is None:
        raise Http404(f"{code} is not compared with a national metric")
    context = {"plan": plan, "measure": measure, "quarter": quarter, "comparison": comparison}
    return render(request, "benchmarking/comparison.html", context)
