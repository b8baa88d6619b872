"""Background jobs: ask for one, run it, report its progress. The whole API other apps use.

Slow work (a committee report, a meeting's pack, a large import, the daily reminders) runs as a
job: a :class:`~councilstat.web.jobs.models.Job` row that the user's job page shows, run by the
huey worker (``manage.py run_huey``) or, in immediate mode (development, the demonstration, the
tests), inline before :func:`enqueue` returns. The same code runs either way.

An app that has slow work does two things:

1. Registers a handler for its kind, in a module its ``AppConfig.ready()`` imports (so both
   the web processes and the worker know it)::

       from councilstat.web.jobs.models import Job, Kind
       from councilstat.web.jobs.services import JobError, JobFile, handler, progress

       @handler(Kind.IMPORT)
       def run_import(job: Job) -> JobFile | str:
           rows = read(job.parameters["upload_id"])       # parameters: JSON-ready values
           for done, row in enumerate(rows, 1):
               store(row)
               progress(job, done, len(rows), "Storing values")
           if problems:
               raise JobError("Row 12: the value is not a number")  # shown to the user
           return f"{len(rows)} values imported"          # or JobFile(bytes, name, type)

   The handler runs with the job's owner (``job.owner``) and must check what that user may
   do, as a view would. A :class:`JobError` fails the job with its words; any other exception
   fails it with a general message (the details go to the log).

2. Asks for it from a view (outside any transaction) and sends the user to the job page::

       try:
           job = enqueue(request.user, Kind.IMPORT, "Import of values.xlsx", {"upload_id": 7})
       except TooManyJobs as refusal:
           return too_many_jobs(request, refusal)     # jobs.views: the page that says so
       return redirect(job)

   ``key=`` (a digest of every input) makes an identical request reuse the same user's
   queued, running or finished job instead of doing the work again.

Bounds: a user may have ``COUNCILSTAT_JOBS_PER_USER`` unfinished jobs (default 3) and the
service ``COUNCILSTAT_JOBS_OVERALL`` (default 20); :func:`enqueue` raises :class:`TooManyJobs`
past either. Work the scheduler starts (no owner) is not bounded.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from councilstat.web.accounts.models import User
from councilstat.web.jobs.models import UNFINISHED, Job, Kind, State

__all__ = [
    "Handler",
    "JobError",
    "JobFile",
    "TooManyJobs",
    "clean_up",
    "enqueue",
    "fail_after_restore",
    "handler",
    "progress",
    "run",
    "run_now",
]

logger = logging.getLogger("councilstat.jobs")


@dataclass(frozen=True)
class JobFile:
    """A file a job made, for its owner to download."""

    content: bytes
    filename: str
    media_type: str


class JobError(Exception):
    """A failure to tell the user in these words (the job page shows them)."""


class TooManyJobs(Exception):  # noqa: N818  (a refusal, named for what the user is told)
    """Refused: the user (or the service) already has as many unfinished jobs as allowed."""

    def __init__(self, message: str, *, limit: int, own: bool, noun: str = "jobs") -> None:
        super().__init__(message)
        self.limit = limit
        self.own = own
        self.noun = noun


Handler = Callable[[Job], JobFile | str]
_handlers: dict[str, Handler] = {}


def handler(kind: Kind) -> Callable[[Handler], Handler]:
    """Register the function that does the work of jobs of ``kind``."""

    def register(function: Handler) -> Handler:
        _handlers[kind.value] = function
        return function

    return register


def _stale_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.COUNCILSTAT_JOBS_STALE_MINUTES)


def _unfinished() -> QuerySet[Job]:
    return Job.objects.filter(state__in=UNFINISHED, created_at__gte=_stale_before())


_PLURALS = {Kind.REPORT: "reports", Kind.PACK: "packs", Kind.IMPORT: "imports"}


def _check_bounds(owner: User, kind: Kind) -> None:
    per_user = settings.COUNCILSTAT_JOBS_PER_USER
    kinds = list(_unfinished().filter(owner=owner).values_list("kind", flat=True)[:per_user])
    if len(kinds) >= per_user:
        # "reports" when all of them are reports, as the user thinks of them.
        noun = _PLURALS.get(kind, "jobs") if set(kinds) == {kind.value} else "jobs"
        raise TooManyJobs(
            f"You already have {per_user} {noun} being prepared. "
            "Wait for one of them to finish, then ask again.",
            limit=per_user,
            own=True,
            noun=noun,
        )
    overall = settings.COUNCILSTAT_JOBS_OVERALL
    if _unfinished().count() >= overall:
        raise TooManyJobs(
            f"The service is already preparing {overall} jobs, its limit. "
            "Try again in a few minutes.",
            limit=overall,
            own=False,
        )


def enqueue(
    owner: User | None,
    kind: Kind,
    title: str,
    parameters: Mapping[str, Any],
    *,
    key: str = "",
) -> Job:
    """Ask for a job and start it (queue it for the worker, or run it now in immediate mode).

    Returns the job, or the same owner's identical one (same ``kind`` and non-empty ``key``)
    that is queued, running or done. Raises :class:`TooManyJobs` over the bounds.
    """
    with transaction.atomic():
        if owner is not None:
            # One request at a time per user from here to the insert, so that two at once
            # cannot both pass the bound.
            User.objects.select_for_update().filter(pk=owner.pk).first()
            if key:
                same = (
                    Job.objects.filter(owner=owner, kind=kind, key=key)
                    .exclude(state=State.FAILED)
                    .exclude(state__in=UNFINISHED, created_at__lt=_stale_before())
                    .defer("result")
                    .first()
                )
                if same is not None:
                    return same
            _check_bounds(owner, kind)
        job = Job.objects.create(
            organisation=owner.organisation if owner is not None else None,
            owner=owner,
            kind=kind,
            title=title,
            parameters=dict(parameters),
            key=key,
        )
    _start(job)
    job.refresh_from_db()
    return job


def _start(job: Job) -> None:
    """Hand the job to huey: inline now in immediate mode, else to the worker once the row is
    committed (so that the worker finds it)."""
    from councilstat.web.jobs.tasks import HUEY, run_job  # the task module imports this one

    pk = job.pk

    def push() -> None:
        try:
            run_job(pk)
        except Exception:  # Redis unreachable: say so on the job page, rather than a 500
            logger.exception("job %s could not be queued", pk)
            Job.objects.filter(pk=pk, state=State.QUEUED).update(
                state=State.FAILED,
                finished_at=timezone.now(),
                error="The service could not start this just now. Try again in a few minutes.",
            )

    if connection.in_atomic_block and not HUEY.immediate:
        transaction.on_commit(push)
    else:
        push()


def run_now(owner: User | None, kind: Kind, title: str, parameters: Mapping[str, Any]) -> Job:
    """Record a job and run it here and now, whatever the queue: for a command that prints what
    it did (``send_reminders``), and for a periodic task already running in the worker."""
    job = Job.objects.create(
        organisation=owner.organisation if owner is not None else None,
        owner=owner,
        kind=kind,
        title=title,
        parameters=dict(parameters),
    )
    run(job.pk)
    job.refresh_from_db()
    return job


def progress(job: Job, done: int, total: int, message: str = "", *, aside: bool = False) -> None:
    """Record how far ``job`` has got: ``done`` of ``total`` steps, and what it is doing.

    ``aside``: the handler is working inside a transaction (an import): on PostgreSQL the
    progress is then written on a connection of its own, so that the job's page sees it before
    the work commits, and never on a connection busy copying rows (``COPY``). On SQLite, one
    writer at a time, it is written with the work."""
    job.progress_done, job.progress_total = done, total
    job.progress_message = message[:300]
    if aside and connection.vendor != "sqlite":
        _progress_aside(job)
        return
    Job.objects.filter(pk=job.pk).update(
        progress_done=done, progress_total=total, progress_message=job.progress_message
    )


def _progress_aside(job: Job) -> None:
    aside = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with aside.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Job._meta.db_table} SET progress_done = %s, progress_total = %s, "  # noqa: S608  (the table's own name)
                "progress_message = %s WHERE id = %s",
                [job.progress_done, job.progress_total, job.progress_message, job.pk],
            )
    finally:
        aside.close()


def _finish(job: Job, outcome: JobFile | str) -> None:
    job.state = State.DONE
    job.finished_at = timezone.now()
    job.progress_done = job.progress_total = job.progress_total or 1
    fields = ["state", "finished_at", "progress_done", "progress_total"]
    if isinstance(outcome, JobFile):
        job.result = outcome.content
        job.result_name = outcome.filename
        job.result_type = outcome.media_type
        fields += ["result", "result_name", "result_type"]
    else:
        job.message = outcome
        fields.append("message")
    job.save(update_fields=fields)


def _fail(job: Job, error: str) -> None:
    job.state = State.FAILED
    job.finished_at = timezone.now()
    job.error = error
    job.save(update_fields=["state", "finished_at", "error"])


def run(job_id: int) -> Job | None:
    """Do the work of the job ``job_id`` (the worker's task calls this); ``None`` if it is
    gone or already started elsewhere. The job ends done, or failed with its error in words."""
    claimed = Job.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = Job.objects.select_related("owner", "organisation").get(pk=job_id)
    work = _handlers.get(job.kind)
    try:
        if work is None:
            raise JobError(f"This service cannot do jobs of the kind “{job.get_kind_display()}”.")
        outcome = work(job)
    except JobError as refusal:
        _fail(job, str(refusal))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(
            job,
            "Something went wrong while this was being prepared. Try again; if it fails "
            f"again, contact the performance team and quote job {job.pk}.",
        )
    else:
        _finish(job, outcome)
    return job


RESTORED = (
    "The service was restored from a backup before this finished, so it was stopped. "
    "Ask for it again."
)


def fail_after_restore(sender: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> int:
    """Fail every job a restored database holds as waiting or running: the queue they were in
    is not the backup's, so no worker will run them, and an identical request would otherwise
    wait on one (``enqueue`` reuses an unfinished job of the same key). Returns how many."""
    return (
        Job.objects.using(using)
        .filter(state__in=UNFINISHED)
        .update(state=State.FAILED, finished_at=timezone.now(), error=RESTORED)
    )


def clean_up(now: dt.datetime | None = None) -> tuple[int, int]:
    """Mark jobs unfinished after ``COUNCILSTAT_JOBS_STALE_MINUTES`` failed (their worker
    stopped), and delete finished jobs older than ``COUNCILSTAT_JOBS_KEEP_DAYS``: returns
    (marked, deleted)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(minutes=settings.COUNCILSTAT_JOBS_STALE_MINUTES)
    marked = Job.objects.filter(state__in=UNFINISHED, created_at__lt=stale).update(
        state=State.FAILED,
        finished_at=now,
        error="This did not finish in time and was stopped. Ask for it again.",
    )
    old = now - dt.timedelta(days=settings.COUNCILSTAT_JOBS_KEEP_DAYS)
    deleted, _ = Job.objects.filter(finished_at__lt=old).delete()
    return marked, deleted
