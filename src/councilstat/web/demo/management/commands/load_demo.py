"""``manage.py load_demo``: load the demonstration council, its comparators and its scrutiny
meeting, and print the sign-ins. Running it again refreshes the council and its comparators and
leaves the meeting as it is."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from councilstat.web.demo.benchmarks import DemoNotLoaded, load_demo_benchmarks
from councilstat.web.demo.council import load_demo
from councilstat.web.demo.scrutiny import demo_actions, load_demo_meeting


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demonstration council, its comparators and its Overview and "
        "Scrutiny Management Board meeting, and print a sign-in for each role."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        users = load_demo()
        self.stdout.write("Demonstration sign-ins:")
        for user in users:
            self.stdout.write(f"{user.role}: {user.username} / {user.password}")
        try:
            imported, links = load_demo_benchmarks()
        except DemoNotLoaded as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Loaded {imported.created} new and {imported.updated} changed comparator "
            f"values; compared {', '.join(str(link) for link in links)}."
        )
        meeting = load_demo_meeting()
        self.stdout.write(
            f"Recorded {meeting}: {meeting.questions.count()} questions, "
            f"{len(demo_actions())} actions, {meeting.resolutions.count()} resolution."
        )
