"""``manage.py load_demo``: load the demonstration council and print its sign-ins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from councilstat.web.plans.demo import load_demo


class Command(BaseCommand):
    help = "Load (or refresh) the demonstration council and print a sign-in for each role."

    def handle(self, *args: Any, **options: Any) -> None:
        users = load_demo()
        self.stdout.write("Demonstration sign-ins:")
        for user in users:
            self.stdout.write(f"{user.role}: {user.username} / {user.password}")
