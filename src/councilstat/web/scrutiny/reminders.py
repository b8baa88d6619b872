"""Daily reminders by e-mail: values due and overdue, actions due and overdue, and a digest.

Who gets what (``docs/scrutiny.md`` has the table):

* a measure's owner: each value they owe for a quarter whose round is open for entry (opened,
  not closed, not published), 7 days and 1 day before the round's deadline, then every day
  once it is overdue. A value is owed until it is submitted (a draft or a returned value is
  still owed). An extended deadline starts the stages again;
* an action's owner: each open action 7 days and 1 day before its due date, then every day
  once it is overdue;
* every member of the performance team: one digest a day listing everything overdue in
  their council and every reminder sent that day.

Selection is separate from sending: :func:`select_reminders` says what is due on a day, and
:func:`send_reminders` sends what the log shows was not yet sent. A "due" reminder is logged
under its stage (7 or 1 days before), so it goes once per stage even if a daily run was
missed; an overdue one, and the digest, go once a day. Each person gets one e-mail a day.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from councilstat.core.errors import PeriodError
from councilstat.core.periods import Quarter, parse_period
from councilstat.web.accounts.invitations import site_url as absolute_site_url
from councilstat.web.accounts.models import Organisation, Role, User
from councilstat.web.collection.models import PeriodReturn, Status
from councilstat.web.collection.selectors import measures_due
from councilstat.web.scrutiny.models import Action, ReminderKind, ReminderLog
from councilstat.web.scrutiny.rules import (
    DEFAULT_REMINDER_DAYS,
    OPEN,
    ReminderStage,
    reminder_stage,
)

__all__ = ["Reminder", "SendResult", "select_reminders", "send_reminders"]

logger = logging.getLogger("councilstat.reminders")

_OWED = (None, Status.DRAFT, Status.RETURNED)


@dataclass(frozen=True)
class Reminder:
    """One thing one person is reminded of on one day."""

    recipient: User
    kind: ReminderKind
    key: str
    """What it is about and its deadline, with the stage for a due reminder."""
    text: str
    daily: bool
    """Overdue reminders and digests repeat daily; due reminders go once per stage."""


def _when(stage: ReminderStage, deadline: dt.date) -> str:
    date = f"{deadline.day} {deadline:%B %Y}"
    if stage.overdue:
        days = "day" if stage.days == 1 else "days"
        return f"was due on {date} ({stage.days} {days} ago)"
    if stage.days_left == 0:
        return f"is due today, {date}"
    if stage.days_left == 1:
        return f"is due tomorrow, {date}"
    return f"is due on {date}, in {stage.days_left} days"


def _key(about: str, deadline: dt.date, stage: ReminderStage) -> str:
    """``value:12:2019/20 Q3:2020-01-31:stage-7``; an overdue one has no stage (daily)."""
    suffix = "" if stage.overdue else f":stage-{stage.days}"
    return f"{about}:{deadline:%Y-%m-%d}{suffix}"


def _open_quarters(organisation: Organisation) -> list[tuple[PeriodReturn, Quarter]]:
    returns = PeriodReturn.objects.filter(
        plan__organisation=organisation, published_at__isnull=True, closed_at__isnull=True
    ).select_related("plan")
    found = []
    for period_return in returns:
        try:
            quarter = parse_period(period_return.period)
        except PeriodError:
            continue
        if isinstance(quarter, Quarter):
            found.append((period_return, quarter))
    return found


def _value_reminders(
    organisation: Organisation, today: dt.date, stages: Sequence[int]
) -> list[Reminder]:
    reminders = []
    for period_return, quarter in _open_quarters(organisation):
        stage = reminder_stage(period_return.deadline, today, stages)
        if stage is None:
            continue
        kind = ReminderKind.VALUE_OVERDUE if stage.overdue else ReminderKind.VALUE_DUE
        owners = User.objects.filter(
            measures_owned__plan=period_return.plan, is_active=True
        ).distinct()
        for owner in owners:
            for due in measures_due(owner, period_return.plan, quarter):
                if (due.observation.status if due.observation else None) not in _OWED:
                    continue
                text = (
                    f"{due.measure.code} {due.measure.title}, value for {due.period}, "
                    f"{_when(stage, period_return.deadline)}"
                )
                key = _key(f"value:{due.measure.pk}:{due.period}", period_return.deadline, stage)
                reminders.append(Reminder(owner, kind, key, text, stage.overdue))
    return reminders


def _action_reminders(
    organisation: Organisation, today: dt.date, stages: Sequence[int]
) -> list[Reminder]:
    actions = Action.objects.filter(
        meeting__board__organisation=organisation,
        status__in=OPEN,
        due__isnull=False,
        owner__is_active=True,
    ).select_related("owner", "measure", "meeting__board")
    reminders = []
    for action in actions:
        if action.due is None or action.owner is None:  # filtered out above; for the types
            continue
        stage = reminder_stage(action.due, today, stages)
        if stage is None:
            continue
        kind = ReminderKind.ACTION_OVERDUE if stage.overdue else ReminderKind.ACTION_DUE
        about = f"{action.measure.code}: " if action.measure else ""
        text = (
            f"Action agreed at {action.meeting}: {about}{action.description} "
            f"{_when(stage, action.due)}"
        )
        key = _key(f"action:{action.pk}", action.due, stage)
        reminders.append(Reminder(action.owner, kind, key, text, stage.overdue))
    return reminders


def _digests(organisation: Organisation, reminders: Sequence[Reminder]) -> list[Reminder]:
    if not reminders:
        return []
    overdue = [r for r in reminders if r.daily]
    due = [r for r in reminders if not r.daily]
    lines = [f"{len(overdue)} overdue and {len(due)} coming up in {organisation.name}."]
    for reminder in sorted(reminders, key=lambda r: (not r.daily, r.recipient.display_name)):
        lines.append(f"- {reminder.recipient.display_name}: {reminder.text}")
    team = User.objects.filter(
        organisation=organisation, role=Role.PERFORMANCE, is_active=True
    ).order_by("pk")
    return [
        Reminder(member, ReminderKind.DIGEST, "digest", "\n".join(lines), True) for member in team
    ]


def select_reminders(
    today: dt.date, stages: Sequence[int] = DEFAULT_REMINDER_DAYS
) -> list[Reminder]:
    """Everything due to be sent on ``today`` (before checking what was already sent)."""
    selected: list[Reminder] = []
    for organisation in Organisation.objects.order_by("pk"):
        owed = _value_reminders(organisation, today, stages)
        owed += _action_reminders(organisation, today, stages)
        selected += owed + _digests(organisation, owed)
    return selected


@dataclass
class SendResult:
    sent: int = 0
    """E-mails sent."""
    reminders: int = 0
    """Reminders in them (logged)."""
    already_sent: int = 0
    no_address: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _already_sent(reminder: Reminder, today: dt.date) -> bool:
    rows = ReminderLog.objects.filter(
        recipient=reminder.recipient, kind=reminder.kind, key=reminder.key
    )
    return rows.filter(sent_on=today).exists() if reminder.daily else rows.exists()


def _claim(reminders: Iterable[Reminder], today: dt.date) -> bool:
    """Log the reminders as sent; False if another run logged any of them first."""
    try:
        with transaction.atomic():
            for reminder in reminders:
                ReminderLog.objects.create(
                    recipient=reminder.recipient,
                    kind=reminder.kind,
                    key=reminder.key,
                    sent_on=today,
                    sent_at=timezone.now(),
                )
    except IntegrityError:
        return False
    return True


def _message(recipient: User, reminders: Sequence[Reminder], site_url: str) -> tuple[str, str]:
    digest = [r for r in reminders if r.kind == ReminderKind.DIGEST]
    own = [r for r in reminders if r.kind != ReminderKind.DIGEST]
    parts = [f"Dear {recipient.display_name},", ""]
    if own:
        parts += ["You have these to do:", *(f"- {r.text}" for r in own), ""]
        kinds = {r.kind for r in own}
        if kinds & {ReminderKind.VALUE_DUE, ReminderKind.VALUE_OVERDUE}:
            parts.append(f"Enter values: {site_url}{reverse('collection:my_measures')}")
        if kinds & {ReminderKind.ACTION_DUE, ReminderKind.ACTION_OVERDUE}:
            parts.append(f"Update actions: {site_url}{reverse('scrutiny:tracker')}")
        parts.append("")
    if digest:
        parts += ["Today's summary for the performance team:", digest[0].text, ""]
    parts.append("This is an automatic reminder from the council's performance system.")
    overdue = sum(1 for r in own if r.daily)
    subject = (
        f"Performance reminders: {len(own)} to do" + (f", {overdue} overdue" if overdue else "")
        if own
        else "Performance digest: what is due and overdue"
    )
    return subject, "\n".join(parts)


def send_reminders(
    today: dt.date | None = None,
    *,
    stages: Sequence[int] = DEFAULT_REMINDER_DAYS,
    site_url: str = "",
    dry_run: bool = False,
) -> SendResult:
    """Send ``today``'s reminders that were not sent yet: one e-mail per person. Their links
    are absolute, on ``site_url`` (default: the ``COUNCILSTAT_SITE_URL`` setting; see
    ``accounts.invitations.site_url``)."""
    today = today or timezone.localdate()
    address = absolute_site_url(site_url)
    result = SendResult()
    by_person: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in select_reminders(today, stages):
        if _already_sent(reminder, today):
            result.already_sent += 1
        else:
            by_person[reminder.recipient.pk].append(reminder)
    for reminders in by_person.values():
        recipient = reminders[0].recipient
        if not recipient.email:
            result.no_address.append(recipient.get_username())
            continue
        if dry_run:
            result.sent += 1
            result.reminders += len(reminders)
            continue
        if not _claim(reminders, today):
            result.already_sent += len(reminders)
            continue
        subject, body = _message(recipient, reminders, address)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        except Exception:  # a mail server's failure must not stop the others
            logger.exception("reminder to user %s failed", recipient.pk)
            ReminderLog.objects.filter(
                recipient=recipient, sent_on=today, key__in=[r.key for r in reminders]
            ).delete()
            result.failed.append(recipient.get_username())
            continue
        result.sent += 1
        result.reminders += len(reminders)
    return result
