"""The audit trail of a measure, for the performance team: on screen and as CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from councilstat.io.exports import csv_text
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.audit.selectors import measure_history as history_of
from councilstat.web.plans.selectors import get_measure, get_plan


@login_required
def measure_history(request: SignedInRequest, plan_id: int, code: str) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    measure = get_measure(request.user, plan, code)
    require(request.user, Permission.VIEW_AUDIT, measure)
    return render(
        request,
        "audit/measure_history.html",
        {"plan": plan, "measure": measure, "entries": history_of(measure)},
    )


@login_required
def measure_history_csv(request: SignedInRequest, plan_id: int, code: str) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    measure = get_measure(request.user, plan, code)
    require(request.user, Permission.VIEW_AUDIT, measure)
    rows = [
        (e.when.isoformat(), e.who, e.subject, e.action, field, old, new, e.reason)
        for e in history_of(measure)
        for field, old, new in (e.changes or (("", "", ""),))
    ]
    header = ("when_utc", "who", "what", "action", "field", "old", "new", "reason")
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    filename = f"audit-{measure.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
