"""Download the committee report for a quarter, in any of its formats."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from councilstat.core.periods import Quarter
from councilstat.reports.render import ReportFormat
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.common.converters import period_slug
from councilstat.web.dashboards import selectors
from councilstat.web.dashboards.presenters import ReportRequest, report_file
from councilstat.web.plans.selectors import get_plan


def _as_at(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Http404("the as-at date must be written YYYY-MM-DD") from None


@login_required
@require_GET
def report(request: SignedInRequest, plan_id: int, quarter: Quarter, fmt: str) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    require(request.user, Permission.DOWNLOAD_REPORT, plan)
    try:
        chosen = ReportFormat(fmt)
    except ValueError:
        raise Http404(f"no report format {fmt}") from None
    wanted = ReportRequest(
        plan.pk,
        quarter,
        chosen,
        exceptions_only=request.GET.get("exceptions") == "1",
        as_at=_as_at(request.GET.get("as_at")),
    )
    content = report_file(
        request.user,
        plan,
        wanted,
        changed=selectors.latest_change(plan.pk),
        read=lambda: selectors.report_inputs(request.user, plan, wanted.as_at, quarter),
    )
    if content is None:
        response = render(request, "dashboards/report_pending.html", {"plan": plan}, status=202)
        response["Retry-After"] = "10"
        return response
    kind = "exceptions" if wanted.exceptions_only else "report"
    filename = f"{kind}-{period_slug(quarter)}.{chosen.value}"
    response = HttpResponse(content, content_type=chosen.media_type)
    disposition = "inline" if chosen is ReportFormat.HTML else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
