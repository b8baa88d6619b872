"""``manage.py send_reminders``: the daily reminders, run here as a background job of the same
code the worker runs each morning (``scrutiny.tasks``), and its outcome printed. A scheduler
may run it once a day instead of the worker (see docs/scrutiny.md for the cron and systemd
timer lines); a second run the same day sends nothing already sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from councilstat.web.accounts.invitations import DEFAULT_SITE_URL, site_url
from councilstat.web.jobs.models import Kind, State
from councilstat.web.jobs.services import run_now
from councilstat.web.scrutiny.tasks import reminder_parameters


class Command(BaseCommand):
    help = "Send today's reminders: values and actions due and overdue, and the digest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Act as if today were this date (YYYY-MM-DD), in Europe/London; for testing.",
        )
        parser.add_argument(
            "--site-url",
            default=getattr(settings, "COUNCILSTAT_SITE_URL", "") or DEFAULT_SITE_URL,
            help="The service's address for the links in the e-mails, e.g. "
            "https://performance.example.gov.uk (default: the COUNCILSTAT_SITE_URL setting, "
            f"or {DEFAULT_SITE_URL})",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be a date like 2020-01-24") from None
        try:
            address = site_url(options["site_url"])
        except ValueError as error:
            raise CommandError(f"--site-url: {error}") from None
        parameters = reminder_parameters(today, site_url=address, dry_run=options["dry_run"])
        job = run_now(None, Kind.REMINDERS, "Reminders (command line)", parameters)
        if job.state != State.DONE:
            raise CommandError(job.error)
        self.stdout.write(job.message)
