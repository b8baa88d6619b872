"""The new year's targets page: set every measure's target for the plan's year at once, with
last year's target and value beside each (``collection.year_targets``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from councilstat.core.periods import FinancialYear
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.collection.year_targets import YearTargetsForm, year_target_rows
from councilstat.web.common.errors import ValidationFailed
from councilstat.web.plans.next_year import set_year_targets
from councilstat.web.plans.selectors import get_plan

__all__ = ["year_targets"]


@login_required
@require_http_methods(["GET", "POST"])
def year_targets(request: SignedInRequest, plan_id: int) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    require(request.user, Permission.MANAGE_PLAN, plan)
    year = FinancialYear(plan.reporting_year)
    rows = year_target_rows(request.user, plan)
    form = YearTargetsForm(request.POST or None, rows=rows, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            changed, removed = set_year_targets(request.user, plan, form.values())
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            gone = f"; {removed} removed" if removed else ""
            messages.success(request, f"The targets for {year} were saved: {changed} set{gone}.")
            return redirect("plans:manage")
    context = {"plan": plan, "year": year, "last_year": year.previous(), "form": form}
    return render(request, "collection/year_targets.html", context)
