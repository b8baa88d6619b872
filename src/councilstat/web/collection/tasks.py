"""The background job that applies a large confirmed import of values (``Kind.IMPORT``).

The browser's confirmation (``import_views.preview``) sends an upload of more than
``COUNCILSTAT_IMPORT_JOB_ROWS`` values here rather than applying it in the request. The job
applies it exactly as the synchronous confirmation does (``imports.run_import``: all or
nothing, the officer's ticks and reason, the importer recorded in the audit trail), as the
job's owner, and refuses it if a value was approved, published or restated after the
confirmation. The pending upload is deleted with the import, so it is applied once.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from councilstat.web.collection.imports import run_import
from councilstat.web.collection.models import PendingImport
from councilstat.web.jobs.models import Job, Kind
from councilstat.web.jobs.services import JobError, handler, progress

__all__ = ["apply_import"]


@handler(Kind.IMPORT)
def apply_import(job: Job) -> str:
    """Apply the confirmed pending import ``job.parameters["pending"]``; returns what it did."""
    owner = job.owner
    parameters = job.parameters
    pending = (
        PendingImport.objects.select_related("plan")
        .filter(pk=parameters.get("pending"), uploaded_by=owner)
        .first()
        if owner is not None
        else None
    )
    if owner is None or pending is None:
        raise JobError(
            "This upload has already been imported or was cancelled, so nothing more was stored."
        )
    confirmed = parameters.get("confirmed_at")
    confirmed_at = dt.datetime.fromisoformat(confirmed) if confirmed else None
    progress(job, 0, 0, f"Checking the values of {pending.filename}")

    def stored(done: int, total: int) -> None:
        # Inside the import's transaction: written aside, to be seen before it commits.
        progress(job, done, total, f"Storing values: {done:,} of {total:,}", aside=True)

    try:
        outcome = run_import(
            owner,
            pending,
            apply=True,
            ticked=parameters.get("ticked", []),
            reason=parameters.get("reason", ""),
            confirmed_at=confirmed_at,
            progress=stored,
        )
    except PermissionDenied as refused:
        raise JobError("You may no longer import data, so nothing was stored.") from refused
    if not outcome.applied:
        raise JobError(outcome.refusal)
    return outcome.applied_message
