"""Scrutiny's background jobs: a meeting's pack (a committee report with the actions arising),
and the daily reminders: the handler that ``manage.py send_reminders`` runs (and prints), and
the worker's daily run of it at 07:30 (Europe/London), with links to ``COUNCILSTAT_SITE_URL``.
A second run of the reminders on the same day sends nothing already sent."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from councilstat.web.accounts.invitations import site_url
from councilstat.web.accounts.models import User
from councilstat.web.jobs.models import Job, Kind
from councilstat.web.jobs.services import JobError, JobFile, handler, progress, run_now

__all__ = [
    "daily_reminders",
    "make_pack",
    "pack_key",
    "reminder_parameters",
    "send_daily_reminders",
]


def pack_key(user: User, parameters: dict[str, Any], changed: dt.datetime | None) -> str:
    """The identity of a pack: the meeting, format and day (actions' statuses are as on that
    day), what the user may see (their role), and when its inputs last changed
    (``selectors.pack_change``)."""
    stamp = changed.isoformat() if changed else "never"
    raw = "|".join([*(str(parameters[k]) for k in sorted(parameters)), user.role, stamp])
    return hashlib.sha256(raw.encode()).hexdigest()


@handler(Kind.PACK)
def make_pack(job: Job) -> JobFile:
    """Render the pack ``job.parameters`` describe (meeting, format, day) for ``job.owner``."""
    from django.http import Http404

    from councilstat.web.accounts.policy import Permission, require
    from councilstat.web.scrutiny.pack import ReportFormat, build_pack, file_stem
    from councilstat.web.scrutiny.selectors import get_meeting

    if job.owner is None:
        raise JobError("A pack is always made for someone; this job has no owner.")
    require(job.owner, Permission.VIEW_SCRUTINY)
    try:
        meeting = get_meeting(job.owner, int(job.parameters["meeting_id"]))
    except Http404:
        raise JobError("The meeting of this pack is no longer there.") from None
    chosen = ReportFormat(job.parameters["format"])
    today = dt.date.fromisoformat(job.parameters["today"])
    progress(job, 0, 1, f"Writing the {chosen.value.upper()} file")
    content = build_pack(job.owner, meeting, chosen, today=today)
    return JobFile(content, f"{file_stem(meeting, 'pack')}{chosen.suffix}", chosen.media_type)


def reminder_parameters(
    today: dt.date | None = None, *, site_url: str = "", dry_run: bool = False
) -> dict[str, Any]:
    """A reminders job's parameters: the day (``None``: today when it runs), the address for
    links in the e-mails, and whether to send nothing but say what would be sent."""
    return {
        "date": today.isoformat() if today else None,
        "site_url": site_url.rstrip("/"),
        "dry_run": dry_run,
    }


@handler(Kind.REMINDERS)
def send_daily_reminders(job: Job) -> str:
    """Mark actions overdue and send the day's reminders; say what was done, in one line (and
    one more naming anyone with no address). Fails, naming them, if any e-mail failed."""
    from councilstat.web.scrutiny.reminders import send_reminders
    from councilstat.web.scrutiny.services import mark_overdue_actions

    parameters = job.parameters
    today = (
        dt.date.fromisoformat(parameters["date"])
        if parameters.get("date")
        else timezone.localdate()
    )
    dry_run = bool(parameters.get("dry_run"))
    marked = 0 if dry_run else mark_overdue_actions(today)
    result = send_reminders(today, site_url=parameters.get("site_url", ""), dry_run=dry_run)
    verb = "Would send" if dry_run else "Sent"
    lines = [
        f"{today:%Y-%m-%d}: {verb} {result.sent} e-mail(s) with {result.reminders} "
        f"reminder(s); {result.already_sent} already sent today or at this stage; "
        f"{marked} action(s) newly marked overdue."
    ]
    if result.no_address:
        lines.append(f"No e-mail address for: {', '.join(sorted(result.no_address))}")
    if result.failed:
        lines.append(f"Sending failed for: {', '.join(sorted(result.failed))}")
        raise JobError("\n".join(lines))
    return "\n".join(lines)


@db_periodic_task(crontab(minute="30", hour="7"))
def daily_reminders() -> None:
    """Every morning in the worker: today's reminders, as a job the log and admin can see."""
    run_now(
        None,
        Kind.REMINDERS,
        "Daily reminders",
        reminder_parameters(site_url=site_url()),
    )
