"""Ask for the committee report for a quarter, in any of its formats: a background job makes it
and the job page offers the download (at once, where jobs run inline)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from councilstat.core.periods import Quarter
from councilstat.reports.render import ReportFormat
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.dashboards.presenters import ReportRequest, report_key
from councilstat.web.jobs.models import Kind
from councilstat.web.jobs.services import TooManyJobs, enqueue
from councilstat.web.jobs.views import too_many_jobs
from councilstat.web.plans.selectors import get_plan
from councilstat.web.scrutiny.selectors import latest_change


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
    key = report_key(request.user, wanted, latest_change(plan))
    try:
        job = enqueue(request.user, Kind.REPORT, wanted.title, wanted.parameters(), key=key)
    except TooManyJobs as refusal:
        return too_many_jobs(request, refusal)
    return redirect(reverse("jobs:job", kwargs={"pk": job.pk}))
