"""The job page (state, progress, then the download or the error), the download, and "My jobs".
Also the page other apps show when a request is over the bounds (``too_many_jobs``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.jobs import selectors
from councilstat.web.jobs.models import State
from councilstat.web.jobs.services import TooManyJobs

__all__ = ["download", "job", "job_list", "too_many_jobs"]

REFRESH_SECONDS = 2


@login_required
@require_GET
def job(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.get_job(request.user, pk)
    context = {"job": found, "refresh": None if found.finished else REFRESH_SECONDS}
    return render(request, "jobs/job.html", context)


@login_required
@require_GET
def download(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.get_job_with_file(request.user, pk)
    if found.state != State.DONE or found.result is None:
        raise Http404("this job has no file")
    response = HttpResponse(bytes(found.result), content_type=found.result_type)
    inline = found.result_type.startswith("text/html")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{found.result_name}"'
    return response


@login_required
@require_GET
def job_list(request: SignedInRequest) -> HttpResponse:
    context = {
        "jobs": selectors.jobs_of(request.user),
        "keep_days": settings.COUNCILSTAT_JOBS_KEEP_DAYS,
    }
    return render(request, "jobs/list.html", context)


def too_many_jobs(request: HttpRequest, refusal: TooManyJobs) -> HttpResponse:
    """The page for a request over the bounds: what happened and what to do (429)."""
    response = render(request, "jobs/too_many.html", {"refusal": refusal}, status=429)
    response["Retry-After"] = "30"
    return response
