"""``manage.py create_council "Name" --admin EMAIL``: a new council and its first user.

Creates the organisation, its first performance-team user (username: the e-mail address
unless ``--username`` says otherwise) and e-mails them an invitation to choose a password,
through Django's e-mail backend (the console in development). ``--national-area`` sets the
nation comparisons show beside the comparator group: england (the default), wales, scotland,
northern-ireland, or the ONS code itself (E92000001, W92000004, S92000003, N92000002).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from councilstat.web.accounts.invitations import DEFAULT_SITE_URL, invitation_days
from councilstat.web.accounts.models import NationalArea
from councilstat.web.accounts.services import create_council_unchecked
from councilstat.web.common.errors import ValidationFailed


def _national_area(text: str) -> str:
    wanted = text.strip().lower().replace("-", " ").replace("_", " ")
    for area in NationalArea:
        if wanted in (area.value.lower(), area.label.lower(), area.name.lower().replace("_", " ")):
            return area.value
    choices = ", ".join(f"{a.label.lower().replace(' ', '-')} ({a.value})" for a in NationalArea)
    raise CommandError(f"--national-area must be one of {choices}")


class Command(BaseCommand):
    help = "Create a council and its first performance-team user, and e-mail them an invitation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help='the council\'s name, e.g. "Anytown Borough Council"')
        parser.add_argument(
            "--admin", required=True, metavar="EMAIL", help="the first user's e-mail address"
        )
        parser.add_argument("--username", default="", help="their username (default: EMAIL)")
        parser.add_argument("--first-name", default="", help="their first name")
        parser.add_argument("--last-name", default="", help="their last name")
        parser.add_argument(
            "--national-area",
            default="england",
            help="england (default), wales, scotland or northern-ireland, or the ONS code",
        )
        parser.add_argument(
            "--site-url",
            default=getattr(settings, "COUNCILSTAT_SITE_URL", "") or DEFAULT_SITE_URL,
            help="the service's address, for the link in the invitation "
            f"(default: the COUNCILSTAT_SITE_URL setting, or {DEFAULT_SITE_URL})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = create_council_unchecked(
                options["name"],
                options["admin"],
                site_url=options["site_url"],
                national_area=_national_area(options["national_area"]),
                username=options["username"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationFailed as failure:
            raise CommandError("; ".join(failure.errors.values())) from None
        organisation, admin = created.organisation, created.admin
        self.stdout.write(
            f"Created {organisation.name} (national comparator area: "
            f"{organisation.national_area_name}) with {admin.get_username()} in its "
            "performance team."
        )
        if not created.invitation.sent:
            raise CommandError(
                f"The invitation to {admin.email} could not be sent: check the e-mail "
                "settings; a service administrator can send it again from the councils page, "
                'or they can use "Forgotten your password?" on the sign-in page.'
            )
        self.stdout.write(
            f"An invitation to choose a password was e-mailed to {admin.email}; the link "
            f"works once, for {invitation_days()} days."
        )
