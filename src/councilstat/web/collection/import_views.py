"""Spreadsheet import in the browser (upload, preview, confirm) and the collection template.

The upload is checked (extension, size, content) and kept in the database under a random
token; the preview reads it again and lists every problem by file, sheet, row and column, or
every value the import will add or change (old -> new, with its status), an approved or
published one with a box to tick if it is to be replaced; confirming applies it all or
nothing. A pending import belongs to its uploader: anyone else gets 404.

An upload of more than ``COUNCILSTAT_IMPORT_JOB_ROWS`` values is applied by a background job
(``collection.tasks``) rather than in the request: the confirmation queues it and sends the
officer to the job's page. The job's key comes from the upload's token, so a second click
finds the same job, before or after it has run, and the upload is applied once.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from councilstat.core.periods import Quarter
from councilstat.io.exports import csv_text
from councilstat.io.template_writer import write_template
from councilstat.web.accounts.policy import Permission, can, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.collection import selectors
from councilstat.web.collection.forms import UploadForm
from councilstat.web.collection.imports import (
    ImportOutcome,
    ValueChange,
    rows_read,
    run_import,
    stage_upload,
)
from councilstat.web.collection.models import PendingImport
from councilstat.web.common.converters import period_slug
from councilstat.web.common.problems import SHOWN, csv_download, problem_links, problems_csv
from councilstat.web.jobs.models import Job, Kind
from councilstat.web.jobs.services import TooManyJobs, enqueue
from councilstat.web.jobs.views import too_many_jobs
from councilstat.web.plans.selectors import get_plan, plans_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.IMPORT_DATA)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, user=request.user)
    else:
        form = UploadForm(user=request.user, initial={"kind": UploadForm.OBSERVATIONS})
    if form.is_valid():
        data = form.cleaned_data
        pending = stage_upload(request.user, form.target_plan, data["filename"], data["content"])
        return redirect("collection:import_preview", token=pending.token)
    context = {
        "form": form,
        "open_rounds": selectors.open_rounds(plans_for(request.user).prefetch_related("returns")),
    }
    return render(request, "collection/upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: SignedInRequest, token: str) -> HttpResponse:
    require(request.user, Permission.IMPORT_DATA)
    pending = (
        PendingImport.objects.select_related("plan")
        .filter(token=token, uploaded_by=request.user)
        .first()
    )
    if pending is None:
        # Applied by a job already: a second click on "Confirm" finds that job.
        done = Job.objects.filter(owner=request.user, kind=Kind.IMPORT, key=_job_key(token))
        if request.method == "POST" and (job := done.defer("result").first()) is not None:
            return redirect("jobs:job", pk=job.pk)
        raise Http404("no such pending import")
    if request.method == "POST" and request.POST.get("action") == "cancel":
        pending.delete()
        messages.info(request, f"The import of {pending.filename} was cancelled.")
        return redirect("collection:import")
    if request.method == "POST" and rows_read(pending) > settings.COUNCILSTAT_IMPORT_JOB_ROWS:
        return _confirm_as_job(request, pending)
    outcome = run_import(
        request.user,
        pending,
        apply=request.method == "POST",
        ticked=request.POST.getlist("replace"),
        reason=request.POST.get("reason", "")[:2000],
    )
    if outcome.applied:
        messages.success(request, outcome.applied_message)
        return redirect("collection:periods")
    context = {
        "pending": pending,
        "outcome": outcome,
        "problem_links": _problem_links(outcome),
        "shown_problems": outcome.problems[:SHOWN],
        "shown_changes": _shown_changes(outcome),
        "ticked": set(request.POST.getlist("replace")),
        "reason": request.POST.get("reason", ""),
    }
    return render(request, "collection/preview.html", context)


def _job_key(token: str) -> str:
    return hashlib.sha256(f"import:{token}".encode()).hexdigest()


def _confirm_as_job(request: SignedInRequest, pending: PendingImport) -> HttpResponse:
    """Queue a large confirmed import as a job (once per upload) and show its page."""
    preview_url = reverse("collection:import_preview", kwargs={"token": pending.token})
    parameters = {
        "pending": pending.pk,
        "ticked": request.POST.getlist("replace"),
        "reason": request.POST.get("reason", "")[:2000],
        "confirmed_at": timezone.now().isoformat(),
        "next": [reverse("collection:periods"), "Go to the collection periods"],
        "back": [preview_url, f"Go back to the preview of {pending.filename}"],
    }
    try:
        job = enqueue(
            request.user,
            Kind.IMPORT,
            f"Import of {pending.filename}",
            parameters,
            key=_job_key(pending.token),
        )
    except TooManyJobs as refusal:
        return too_many_jobs(request, refusal)
    return redirect("jobs:job", pk=job.pk)


def _shown_changes(outcome: ImportOutcome) -> list[ValueChange]:
    """The changes listed on the page: every approved or published one (each has its box to
    tick) and the first ``SHOWN`` of the others; the download lists them all."""
    others = 0
    shown = []
    for change in outcome.changes:
        if change.signed_off or others < SHOWN:
            shown.append(change)
            others += not change.signed_off
    return shown


@login_required
@require_GET
def report(request: SignedInRequest, token: str) -> HttpResponse:
    """Every problem of a pending import as CSV (the page lists the first ``SHOWN``), or, when
    it has none, every value it would add or change."""
    require(request.user, Permission.IMPORT_DATA)
    pending = get_object_or_404(
        PendingImport.objects.select_related("plan"), token=token, uploaded_by=request.user
    )
    outcome = run_import(request.user, pending, apply=False)
    if outcome.problems:
        return csv_download(problems_csv(outcome.problems), pending.filename, "problems")
    changes = csv_text(
        ("code", "period", "status", "now", "imported", "rating", "change_percent"),
        (
            (c.code, c.period, c.status_label, c.old, c.new, c.rag, c.change_percent)
            for c in outcome.changes
        ),
    )
    return csv_download(changes, pending.filename, "changes")


def _problem_links(outcome: ImportOutcome) -> list[dict[str, str]]:
    """The error summary's entries, each linked to its row in the problems table (or to the
    confirmation's field)."""
    links = problem_links(outcome.problems)
    links += [{"text": message, "href": f"#id_{name}"} for name, message in outcome.errors.items()]
    return links


@login_required
@require_GET
def template(request: SignedInRequest, plan_id: int, quarter: Quarter) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    if not can(request.user, Permission.IMPORT_DATA):
        require(request.user, Permission.ENTER_VALUE)
    rows = selectors.template_rows(request.user, plan, quarter)
    content = write_template(rows, title=f"{plan.title} {quarter}")
    name = f"{slugify(plan.title)[:60] or 'plan'}-{period_slug(quarter)}-template.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    disposition = content_disposition_header(as_attachment=True, filename=name)
    response["Content-Disposition"] = disposition or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
