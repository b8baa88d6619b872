"""Load the demonstration council into the store, with a user for each role.

Values for periods up to the end of the demonstration quarter (2019/20 Q2) are published, as
they stood when the board met; later monthly values (October 2019) are approved, and the
2019/20 Q3 return is opened to members so councillors see that newer data too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from councilstat.core.periods import Quarter, parse_period
from councilstat.demo import DEMO_PERIOD, demo_data_path
from councilstat.io.plan_reader import read_plan
from councilstat.web.accounts.models import Directorate, Organisation, Role, User
from councilstat.web.collection.imports import import_plan
from councilstat.web.collection.models import PeriodReturn, Status
from councilstat.web.plans.models import Plan

__all__ = ["DEMO_PASSWORD", "DemoUser", "load_demo"]

DEMO_PASSWORD = "demo-council-2019"  # noqa: S105  (a published demonstration password)
DEMO_OWNER_TITLE = "Assistant Director, Human Resources and Organisational Development"
DEMO_DIRECTORATE = "Assistant Chief Executive"
# When the demonstration's Quarter 2 figures were published, ahead of the board's meeting.
DEMO_PUBLISHED = timezone.make_aware(dt.datetime(2019, 11, 14, 12))
# When October 2019's monthly figures were approved: newer data than the quarter.
DEMO_NEWER_DATA = timezone.make_aware(dt.datetime(2019, 11, 18, 12))


@dataclass(frozen=True)
class DemoUser:
    role: str
    username: str
    password: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100]


def _user(
    organisation: Organisation,
    username: str,
    role: Role,
    *,
    title: str = "",
    directorate: Directorate | None = None,
    password: str | None = DEMO_PASSWORD,
) -> User:
    user, _ = User.objects.get_or_create(username=username)
    user.organisation, user.role, user.directorate = organisation, role, directorate
    user.first_name = title or username.capitalize()
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def _owners(organisation: Organisation, titles: set[str]) -> dict[str, User]:
    owners = {
        title: _user(organisation, f"owner-{_slug(title)}", Role.OWNER, title=title, password=None)
        for title in sorted(titles - {DEMO_OWNER_TITLE})
    }
    owners[DEMO_OWNER_TITLE] = _user(organisation, "owner", Role.OWNER, title=DEMO_OWNER_TITLE)
    return owners


def _returns(plan: Plan, demo_quarter: Quarter) -> None:
    published = DEMO_PUBLISHED
    quarter = Quarter(2017, 1)
    while quarter <= demo_quarter.next():
        deadline = quarter.end + dt.timedelta(days=31)
        PeriodReturn.objects.update_or_create(
            plan=plan,
            period=str(quarter),
            defaults={
                "deadline": deadline,
                "published_at": published if quarter <= demo_quarter else None,
                "opened_to_members": quarter > demo_quarter,
            },
        )
        quarter = quarter.next()


@transaction.atomic
def load_demo() -> list[DemoUser]:
    """Load (or refresh) the demonstration council. Returns the sign-ins to print."""
    loaded = read_plan(demo_data_path())
    organisation, _ = Organisation.objects.get_or_create(name=loaded.organisation)
    owners = _owners(organisation, {m.owner for m in loaded.plan.measures})
    quarter = parse_period(DEMO_PERIOD)
    assert isinstance(quarter, Quarter)  # noqa: S101  (the constant names a quarter)
    reported = [o for o in loaded.plan.observations if o.period.end <= quarter.end]
    newer = [o for o in loaded.plan.observations if o.period.end > quarter.end]
    result = import_plan(
        replace(loaded.plan, observations=tuple(reported)),
        organisation,
        reporting_year=quarter.year,
        status=Status.PUBLISHED,
        owners=owners,
        history_date=DEMO_PUBLISHED,
    )
    import_plan(
        replace(loaded.plan, observations=tuple(newer)),
        organisation,
        reporting_year=quarter.year,
        status=Status.APPROVED,
        owners=owners,
        history_date=DEMO_NEWER_DATA,
    )
    _returns(result.plan, quarter)
    directorate = Directorate.objects.get(organisation=organisation, name=DEMO_DIRECTORATE)
    _user(organisation, "performance", Role.PERFORMANCE, title="Performance Officer")
    _user(organisation, "director", Role.DIRECTOR, title=DEMO_DIRECTORATE, directorate=directorate)
    _user(organisation, "councillor", Role.COUNCILLOR, title="Councillor Demo")
    return [
        DemoUser(role.label, username, DEMO_PASSWORD)
        for role, username in (
            (Role.PERFORMANCE, "performance"),
            (Role.OWNER, "owner"),
            (Role.DIRECTOR, "director"),
            (Role.COUNCILLOR, "councillor"),
        )
    ]
