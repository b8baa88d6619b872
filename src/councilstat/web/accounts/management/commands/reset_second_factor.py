"""``manage.py reset_second_factor USERNAME``: remove a user's authenticator app (a lost or
replaced phone), so that they set up a new one when they next sign in. Their sessions end
too, so a session verified with the old app cannot carry on."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from councilstat.web.accounts.models import User
from councilstat.web.accounts.services import end_all_sessions
from councilstat.web.operations.logs import security_event


class Command(BaseCommand):
    help = "Remove a user's authenticator app so that they set up a new one at next sign-in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user is called {options['username']!r}.") from None
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        ended = end_all_sessions(user)
        security_event("second_factor_reset", target=user.pk, devices=removed, sessions=ended)
        self.stdout.write(
            f"Removed {removed} authenticator app(s) and ended {ended} session(s) of "
            f"{user.username}; they set up a new app when they next sign in."
        )
