"""Writes to scrutiny records: boards, meetings, questions, actions, resolutions, progress.

Each service takes the acting user, checks ``accounts.policy``, runs in one transaction and
records why in the audit trail (django-simple-history, with the change reason). Anything a
service links to (a plan, a measure, an owner, a later meeting) must belong to the meeting's
organisation; otherwise it raises ``ValidationFailed`` naming the field.

An action's status changes follow ``scrutiny.rules``; an update names the version the person
loaded, and a mismatch raises ``StaleVersion`` rather than overwrite someone else's change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from councilstat.core.errors import PeriodError
from councilstat.core.periods import Quarter, parse_period
from councilstat.web.accounts.models import Role, User
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.common.audit import with_reason
from councilstat.web.common.errors import StaleVersion, ValidationFailed
from councilstat.web.plans.models import Measure, Plan, Priority
from councilstat.web.scrutiny.models import (
    Action,
    AgendaItem,
    Board,
    Meeting,
    Question,
    Resolution,
    ResolutionKind,
)
from councilstat.web.scrutiny.rules import (
    CLOSED,
    OPEN,
    ActionStatus,
    TransitionRefused,
    check_transition,
    is_overdue,
)

__all__ = [
    "ActionDetails",
    "create_board",
    "create_meeting",
    "edit_action",
    "mark_overdue_actions",
    "record_action",
    "record_question",
    "record_resolution",
    "update_action_progress",
]

ACTION_OWNER_ROLES = (Role.PERFORMANCE, Role.OWNER, Role.DIRECTOR)


def _organisation_of(meeting: Meeting) -> int:
    return meeting.board.organisation_id


def _saved(
    instance: Board | Meeting | AgendaItem | Question | Action | Resolution,
    reason: str,
    user: User | None,
) -> None:
    """Save with the reason and the acting user in the audit trail (``None``: the system),
    so the actor is recorded outside a web request too (commands, the demo loader)."""
    with_reason(instance, reason, user)
    instance.save()


@transaction.atomic
def create_board(user: User, name: str) -> Board:
    require(user, Permission.RECORD_MEETING)
    name = name.strip()
    if not name:
        raise ValidationFailed({"name": "Enter the board's name"})
    organisation = user.organisation
    if organisation is None:
        raise ValidationFailed({"name": "You are not a member of a council"})
    if Board.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationFailed({"name": "There is already a board with this name"})
    board = Board(organisation=organisation, name=name)
    _saved(board, "Board created", user)
    return board


def _quarter(text: str) -> Quarter:
    try:
        quarter = parse_period(text)
    except PeriodError as error:
        raise ValidationFailed({"period": str(error)}) from None
    if not isinstance(quarter, Quarter):
        raise ValidationFailed({"period": "Enter a quarter, like 2019/20 Q2"})
    return quarter


@transaction.atomic
def create_meeting(
    user: User,
    board: Board,
    date: dt.date,
    plan: Plan,
    period: str,
    agenda: Sequence[str] = (),
) -> Meeting:
    """A meeting of ``board`` on ``date`` considering ``plan`` for the quarter ``period``."""
    require(user, Permission.RECORD_MEETING)
    errors = {}
    if board.organisation_id != user.organisation_id:
        errors["board"] = "Choose one of your council's boards"
    if plan.organisation_id != user.organisation_id:
        errors["plan"] = "Choose one of your council's plans"
    if Meeting.objects.filter(board=board, date=date).exists():
        errors["date"] = f"{board.name} already has a meeting on this date"
    if errors:
        raise ValidationFailed(errors)
    meeting = Meeting(board=board, date=date, plan=plan, period=str(_quarter(period)))
    _saved(meeting, "Meeting created", user)
    for order, title in enumerate(t.strip() for t in agenda):
        if title:
            item = AgendaItem(meeting=meeting, title=title[:300], order=order)
            _saved(item, "Agenda item added", user)
    return meeting


def _measures_of(meeting: Meeting, codes: Iterable[str]) -> list[Measure]:
    wanted = [c.strip() for c in codes if c.strip()]
    found = {m.code.casefold(): m for m in Measure.objects.filter(plan=meeting.plan)}
    missing = [c for c in wanted if c.casefold() not in found]
    if missing:
        raise ValidationFailed(
            {"measures": f"{meeting.plan.title} has no measure {', '.join(missing)}"}
        )
    chosen: dict[int, Measure] = {}
    for code in wanted:
        measure = found[code.casefold()]
        chosen.setdefault(measure.pk, measure)
    return list(chosen.values())


def _check_priority(meeting: Meeting, priority: Priority | None) -> None:
    if priority is not None and priority.plan_id != meeting.plan_id:
        raise ValidationFailed({"priority": "Choose a priority of the meeting's plan"})


@transaction.atomic
def record_question(
    user: User,
    meeting: Meeting,
    *,
    text: str,
    response: str = "",
    measure_codes: Sequence[str] = (),
    priority: Priority | None = None,
) -> Question:
    """A question or point raised at ``meeting`` on the measures named by code (or none)."""
    require(user, Permission.RECORD_MEETING)
    if not text.strip():
        raise ValidationFailed({"text": "Enter the question or point raised"})
    measures = _measures_of(meeting, measure_codes)
    _check_priority(meeting, priority)
    order = (meeting.questions.aggregate(top=Max("order"))["top"] or 0) + 1
    question = Question(
        meeting=meeting,
        text=text.strip(),
        response=response.strip(),
        priority=None if measures else priority,
        order=order,
    )
    _saved(question, "Question recorded", user)
    question.measures.set(measures)
    return question


@dataclass(frozen=True)
class ActionDetails:
    """What the performance team records about an agreed action."""

    description: str
    owner: User | None
    due: dt.date | None
    measure: Measure | None = None
    question: Question | None = None


def _checked_details(meeting: Meeting, details: ActionDetails) -> None:
    errors = {}
    if not details.description.strip():
        errors["description"] = "Describe what was agreed"
    owner = details.owner
    if owner is None:
        errors["owner"] = "Choose who owns the action"
    elif (
        owner.organisation_id != _organisation_of(meeting)
        or owner.role not in ACTION_OWNER_ROLES
        or not owner.is_active
    ):
        errors["owner"] = "Choose an officer of your council"
    if details.measure is not None and details.measure.plan_id != meeting.plan_id:
        errors["measure"] = "Choose a measure of the meeting's plan"
    if details.question is not None and details.question.meeting_id != meeting.pk:
        errors["question"] = "Choose a question raised at this meeting"
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def record_action(user: User, meeting: Meeting, details: ActionDetails) -> Action:
    """An action agreed at ``meeting``: not started until its owner says otherwise."""
    require(user, Permission.RECORD_MEETING)
    _checked_details(meeting, details)
    measure = details.measure
    if measure is None and details.question is not None:
        linked = list(details.question.measures.all()[:2])
        measure = linked[0] if len(linked) == 1 else None
    action = Action(
        meeting=meeting,
        question=details.question,
        measure=measure,
        description=details.description.strip(),
        owner=details.owner,
        due=details.due,
    )
    _saved(action, "Action agreed at the meeting", user)
    return action


def _locked(action: Action, expected_version: int) -> Action:
    current = Action.objects.select_for_update().select_related("meeting__board").get(pk=action.pk)
    if current.version != expected_version:
        raise StaleVersion(current, message=f"action {current.pk} was changed by someone else")
    return current


def _save_action(action: Action, reason: str, user: User | None) -> Action:
    action.version += 1
    _saved(action, reason, user)
    return action


@transaction.atomic
def edit_action(
    user: User, action: Action, details: ActionDetails, *, expected_version: int
) -> Action:
    """The performance team corrects an action: its description, owner, due date or measure."""
    require(user, Permission.RECORD_MEETING)
    current = _locked(action, expected_version)
    _checked_details(current.meeting, details)
    current.description = details.description.strip()
    current.owner = details.owner
    current.due = details.due
    current.measure = details.measure
    return _save_action(current, "Action edited by the performance team", user)


@transaction.atomic
def update_action_progress(
    user: User,
    action: Action,
    *,
    status: ActionStatus | str,
    progress: str,
    reason: str = "",
    expected_version: int,
    today: dt.date,
) -> Action:
    """The action's owner (or the performance team) reports its status and progress."""
    require(user, Permission.UPDATE_ACTION, action)
    current = _locked(action, expected_version)
    require(user, Permission.UPDATE_ACTION, current)
    new = ActionStatus(status)
    try:
        check_transition(
            current.status, new, reason=reason, may_reopen=user.role == Role.PERFORMANCE
        )
    except TransitionRefused as refused:
        raise ValidationFailed({refused.field: str(refused)}) from None
    if new in OPEN and is_overdue(new, current.due, today):
        new = ActionStatus.OVERDUE
    was = ActionStatus(current.status)
    current.status = new
    current.reason = reason.strip() if new is ActionStatus.WILL_NOT_BE_DONE else ""
    if progress.strip():
        current.progress = progress.strip()
    if new in CLOSED:
        current.closed_on = current.closed_on if was is new else today
    else:
        current.closed_on = None
    return _save_action(current, f"Status: {new.label}", user)


def mark_overdue_actions(today: dt.date) -> int:
    """Record as overdue every open action whose due date has passed. Returns how many."""
    marked = 0
    late = Action.objects.filter(
        status__in=(ActionStatus.NOT_STARTED, ActionStatus.ON_TRACK), due__lt=today
    ).values_list("pk", flat=True)
    for pk in list(late):
        with transaction.atomic():
            action = Action.objects.select_for_update().get(pk=pk)
            if action.overdue_on(today) and action.status != ActionStatus.OVERDUE:
                action.status = ActionStatus.OVERDUE
                _save_action(action, f"Overdue: due {action.due:%d/%m/%Y}", None)
                marked += 1
    return marked


@transaction.atomic
def record_resolution(
    user: User,
    meeting: Meeting,
    *,
    kind: ResolutionKind | str,
    text: str,
    later_date: dt.date | None = None,
) -> Resolution:
    """What the board resolved. Further discussion names the later meeting's date; that
    meeting of the same board is created (for the same plan and quarter) if it is not yet."""
    require(user, Permission.RECORD_MEETING)
    kind = ResolutionKind(kind)
    errors = {}
    if not text.strip():
        errors["text"] = "Enter what the board resolved"
    if kind is ResolutionKind.FURTHER_DISCUSSION:
        if later_date is None:
            errors["later_date"] = "Enter the date of the meeting that will discuss it"
        elif later_date <= meeting.date:
            errors["later_date"] = "The later meeting must be after this one"
    if errors:
        raise ValidationFailed(errors)
    later = None
    if kind is ResolutionKind.FURTHER_DISCUSSION and later_date is not None:
        later = Meeting.objects.filter(board=meeting.board, date=later_date).first()
        if later is None:
            later = Meeting(
                board=meeting.board, date=later_date, plan=meeting.plan, period=meeting.period
            )
            _saved(later, f"Meeting created by a resolution of {meeting}", user)
    order = (meeting.resolutions.aggregate(top=Max("order"))["top"] or 0) + 1
    resolution = Resolution(
        meeting=meeting, kind=kind, text=text.strip(), later_meeting=later, order=order
    )
    _saved(resolution, "Resolution recorded", user)
    return resolution
