"""The audit trail, for the performance team, on screen and as CSV: a measure's history, and a
quarter's log of entry, sign-off and publication ("who approved and published Q3?")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from councilstat.core.periods import Quarter
from councilstat.io.exports import csv_text
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.audit import selectors
from councilstat.web.audit.presenters import AuditLine, audit_lines
from councilstat.web.common.converters import period_slug
from councilstat.web.plans.selectors import get_measure, get_plan

_CSV_HEADER = ("when_utc", "who", "what", "change", "details", "reason")


def _csv(lines: list[AuditLine], filename: str) -> HttpResponse:
    rows = [
        (
            line.when.isoformat(),
            line.who,
            line.subject,
            line.sentence,
            "; ".join(line.details),
            line.reason,
        )
        for line in lines
    ]
    response = HttpResponse(csv_text(_CSV_HEADER, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def measure_history(request: SignedInRequest, plan_id: int, code: str) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    measure = get_measure(request.user, plan, code)
    require(request.user, Permission.VIEW_AUDIT, measure)
    lines = audit_lines(selectors.measure_history(measure))
    return render(
        request,
        "audit/measure_history.html",
        {"plan": plan, "measure": measure, "lines": lines},
    )


@login_required
def measure_history_csv(request: SignedInRequest, plan_id: int, code: str) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    measure = get_measure(request.user, plan, code)
    require(request.user, Permission.VIEW_AUDIT, measure)
    lines = audit_lines(selectors.measure_history(measure))
    return _csv(lines, f"audit-{measure.code}.csv")


@login_required
def quarter_log(request: SignedInRequest, plan_id: int, quarter: Quarter) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    require(request.user, Permission.VIEW_AUDIT)
    lines = audit_lines(selectors.quarter_history(plan, quarter))
    return render(
        request,
        "audit/quarter_log.html",
        {"plan": plan, "quarter": quarter, "lines": lines},
    )


@login_required
def quarter_log_csv(request: SignedInRequest, plan_id: int, quarter: Quarter) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    require(request.user, Permission.VIEW_AUDIT)
    lines = audit_lines(selectors.quarter_history(plan, quarter))
    return _csv(lines, f"audit-{period_slug(quarter)}.csv")
