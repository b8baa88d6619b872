"""A meeting's documents: the pack (report formats) and the draft minutes (Word and HTML).

Anyone who reads scrutiny may download a pack; only the performance team drafts minutes.
Each figure comes from ``core`` over the values the user may see. A pack is a committee report,
so a background job makes it (``tasks.make_pack``) and the job page offers the download.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from councilstat.core.summary import summarise
from councilstat.reports.minutes import DraftMinutes
from councilstat.reports.minutes_docx import render_minutes_docx
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.jobs.models import Kind
from councilstat.web.jobs.services import TooManyJobs, enqueue
from councilstat.web.jobs.views import too_many_jobs
from councilstat.web.scrutiny import selectors
from councilstat.web.scrutiny.minutes import assemble_minutes
from councilstat.web.scrutiny.models import Meeting
from councilstat.web.scrutiny.pack import ReportFormat, file_stem
from councilstat.web.scrutiny.selectors import pack_change
from councilstat.web.scrutiny.tasks import pack_key

__all__ = ["minutes", "minutes_download", "pack"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


@login_required
@require_GET
def pack(request: SignedInRequest, pk: int, fmt: str) -> HttpResponse:
    found = selectors.get_meeting(request.user, pk)
    require(request.user, Permission.VIEW_SCRUTINY)
    try:
        chosen = ReportFormat(fmt)
    except ValueError:
        raise Http404(f"no pack format {fmt}") from None
    today = timezone.localdate()
    parameters = {"meeting_id": found.pk, "format": chosen.value, "today": today.isoformat()}
    when = f"{found.date.day} {found.date:%B %Y}"
    title = f"Pack for the {found.board.name}, {when} ({chosen.value.upper()})"
    key = pack_key(request.user, parameters, pack_change(found))
    try:
        job = enqueue(request.user, Kind.PACK, title, parameters, key=key)
    except TooManyJobs as refusal:
        return too_many_jobs(request, refusal)
    return redirect(reverse("jobs:job", kwargs={"pk": job.pk}))


def _draft(request: SignedInRequest, pk: int) -> tuple[Meeting, DraftMinutes]:
    found = selectors.get_meeting(request.user, pk)
    require(request.user, Permission.DRAFT_MINUTES)
    summary = summarise(selectors.meeting_snapshot(request.user, found), found.quarter)
    return found, assemble_minutes(found, summary)


@login_required
@require_GET
def minutes(request: SignedInRequest, pk: int) -> HttpResponse:
    found, draft = _draft(request, pk)
    context = {
        "meeting": found,
        "minutes": draft,
        "back_link_url": reverse("scrutiny:meeting", args=[found.pk]),
    }
    return render(request, "scrutiny/minutes.html", context)


@login_required
@require_GET
def minutes_download(request: SignedInRequest, pk: int, fmt: str) -> HttpResponse:
    found, draft = _draft(request, pk)
    stem = file_stem(found, "draft-minutes")
    if fmt == "docx":
        return _download(render_minutes_docx(draft), DOCX, f"{stem}.docx")
    if fmt == "html":
        page = render_to_string("scrutiny/minutes_document.html", {"minutes": draft})
        return _download(page.encode(), "text/html; charset=utf-8", f"{stem}.html")
    raise Http404(f"no minutes format {fmt}")
