"""``manage.py send_reminders``: the daily reminders. A scheduler runs it once a day (see
docs/scrutiny.md for the cron and systemd timer lines); a second run the same day sends
nothing already sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from councilstat.web.accounts.invitations import DEFAULT_SITE_URL, site_url
from councilstat.web.scrutiny.reminders import send_reminders
from councilstat.web.scrutiny.services import mark_overdue_actions


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
        marked = 0 if options["dry_run"] else mark_overdue_actions(today)
        result = send_reminders(today, site_url=address, dry_run=options["dry_run"])
        verb = "Would send" if options["dry_run"] else "Sent"
        self.stdout.write(
            f"{today:%Y-%m-%d}: {verb} {result.sent} e-mail(s) with {result.reminders} "
            f"reminder(s); {result.already_sent} already sent today or at this stage; "
            f"{marked} action(s) newly marked overdue."
        )
        if result.no_address:
            self.stdout.write(f"No e-mail address for: {', '.join(sorted(result.no_address))}")
        if result.failed:
            raise CommandError(f"Sending failed for: {', '.join(sorted(result.failed))}")
