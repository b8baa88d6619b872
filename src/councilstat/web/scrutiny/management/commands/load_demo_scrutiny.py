"""``manage.py load_demo_scrutiny``: record the demonstration's OSMB meeting (after
``load_demo``). Running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from councilstat.web.accounts.models import User
from councilstat.web.plans.models import Plan
from councilstat.web.scrutiny.demo import demo_actions, load_demo_meeting


class Command(BaseCommand):
    help = "Record the demonstration council's Overview and Scrutiny Management Board meeting."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            meeting = load_demo_meeting()
        except (User.DoesNotExist, Plan.DoesNotExist):
            raise CommandError(
                "Load the demonstration council first: manage.py load_demo"
            ) from None
        self.stdout.write(
            f"Recorded {meeting}: {meeting.questions.count()} questions, "
            f"{len(demo_actions())} actions, {meeting.resolutions.count()} resolution."
        )
