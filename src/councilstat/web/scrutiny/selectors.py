"""Reads of scrutiny records, always scoped to the user's organisation (404 outside it).

Every list runs a fixed number of queries, whatever the number of meetings or actions.

Selectors query, presenters never do: ``scrutiny_records`` reads what
``presenters.ScrutinyPresenter`` groups by measure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from councilstat.core import plan as core
from councilstat.web.accounts.models import Organisation, User
from councilstat.web.benchmarking.models import (
    ComparatorGroup,
    ComparatorSharing,
    ComparatorValue,
    MeasureBenchmark,
)
from councilstat.web.benchmarking.selectors import shared_with
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.models import Observation, PeriodReturn
from councilstat.web.collection.selectors import visible_observations
from councilstat.web.plans.models import Measure, Plan, Target
from councilstat.web.scrutiny.models import Action, Board, Meeting, Question
from councilstat.web.scrutiny.rules import CLOSED, OPEN

__all__ = [
    "ActionFilters",
    "ScrutinyRecords",
    "actions_for",
    "actions_from_previous_meetings",
    "boards_for",
    "get_action",
    "get_meeting",
    "latest_change",
    "pack_change",
    "meeting_snapshot",
    "meetings_for",
    "owners_with_actions",
    "previous_meeting",
    "scrutiny_records",
    "tracker_filters",
]


def _organisation(user: User) -> int | None:
    return user.organisation_id if user.is_authenticated else None


def boards_for(user: User) -> QuerySet[Board]:
    organisation = _organisation(user)
    if organisation is None:
        return Board.objects.none()
    return Board.objects.filter(organisation_id=organisation)


def meetings_for(user: User) -> QuerySet[Meeting]:
    organisation = _organisation(user)
    if organisation is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(board__organisation_id=organisation).select_related(
        "board", "plan"
    )


def get_meeting(user: User, pk: int) -> Meeting:
    """A meeting of the user's organisation with everything recorded at it (404 otherwise)."""
    rows = meetings_for(user).prefetch_related(
        "agenda_items",
        Prefetch(
            "questions",
            Question.objects.select_related("priority").prefetch_related(
                Prefetch("measures", Measure.objects.select_related("outcome__priority"))
            ),
        ),
        Prefetch(
            "actions",
            Action.objects.select_related("owner", "measure", "question").order_by("pk"),
        ),
        "resolutions__later_meeting__board",
    )
    return get_object_or_404(rows, pk=pk)


def _actions(organisation: int | None) -> QuerySet[Action]:
    if organisation is None:
        return Action.objects.none()
    return Action.objects.filter(meeting__board__organisation_id=organisation).select_related(
        "meeting__board", "owner", "measure__plan", "question"
    )


def get_action(user: User, pk: int) -> Action:
    return get_object_or_404(_actions(_organisation(user)), pk=pk)


@dataclass(frozen=True)
class ActionFilters:
    """The tracker's filters: board, owner, measure code and which statuses (open by default)."""

    board: int | None = None
    owner: int | None = None
    measure: str = ""
    show: str = "open"

    SHOW_CHOICES = (("open", "Open"), ("overdue", "Overdue"), ("closed", "Closed"), ("all", "All"))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def tracker_filters(query: QueryDict) -> ActionFilters:
    """Read the filters from a query string, ignoring anything malformed."""
    show = query.get("show", "open")
    return ActionFilters(
        board=_int(query.get("board")),
        owner=_int(query.get("owner")),
        measure=(query.get("measure") or "").strip()[:20],
        show=show if show in dict(ActionFilters.SHOW_CHOICES) else "open",
    )


def actions_for(user: User, filters: ActionFilters, today: dt.date) -> list[Action]:
    """The actions of the user's organisation the filters choose, most urgent first."""
    rows = _actions(_organisation(user))
    if filters.board:
        rows = rows.filter(meeting__board_id=filters.board)
    if filters.owner:
        rows = rows.filter(owner_id=filters.owner)
    if filters.measure:
        rows = rows.filter(measure__code__iexact=filters.measure)
    if filters.show in ("open", "overdue"):
        rows = rows.filter(status__in=OPEN)
    elif filters.show == "closed":
        rows = rows.filter(status__in=CLOSED)
    if filters.show == "overdue":
        rows = rows.filter(due__lt=today)
    listed = list(rows.order_by("due", "meeting__date", "pk"))
    return sorted(listed, key=lambda a: (not a.overdue_on(today), a.due or dt.date.max, a.pk))


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The board's meeting before this one."""
    return (
        Meeting.objects.filter(board_id=meeting.board_id, date__lt=meeting.date)
        .order_by("-date")
        .first()
    )


def actions_from_previous_meetings(meeting: Meeting) -> list[Action]:
    """The board's actions agreed before ``meeting`` that are still open, or that were closed
    since the board last met: what came of what it asked last time."""
    previous = previous_meeting(meeting)
    if previous is None:
        return []
    since = previous.date
    rows = Action.objects.filter(
        meeting__board_id=meeting.board_id, meeting__date__lt=meeting.date
    ).filter(Q(status__in=OPEN) | Q(status__in=CLOSED, closed_on__gte=since))
    return list(
        rows.select_related("meeting__board", "owner", "measure").order_by(
            "meeting__date", "measure__code", "pk"
        )
    )


def owners_with_actions(user: User) -> list[User]:
    """The people who own actions in the user's organisation (the tracker's owner filter)."""
    organisation = _organisation(user)
    if organisation is None:
        return []
    return list(
        User.objects.filter(organisation_id=organisation, scrutiny_actions__isnull=False)
        .distinct()
        .order_by("first_name", "username")
    )


def meeting_snapshot(user: User, meeting: Meeting) -> core.Plan:
    """The meeting's plan with the values ``user`` may see, as core's plain data."""
    return snapshot(meeting.plan, visible_observations(user, meeting.plan))


@dataclass(frozen=True)
class ScrutinyRecords:
    """The questions asked and the actions agreed on a plan's measures, read once for
    ``presenters.ScrutinyPresenter`` (latest meeting first)."""

    questions: tuple[Question, ...]
    actions: tuple[Action, ...]


def scrutiny_records(
    user: User,
    plan: Plan,
    *,
    before: dt.date | None = None,
    measure: Measure | None = None,
) -> ScrutinyRecords:
    """The questions and actions on ``plan``'s measures (or on ``measure`` only) at meetings of
    the user's organisation, held before ``before`` when given: three queries, whatever the
    number of measures or meetings.

    The plan is already the user's: the caller found it with ``plans.selectors.get_plan``.
    """
    meetings = Meeting.objects.filter(board__organisation=user.organisation, plan=plan)
    if before is not None:
        meetings = meetings.filter(date__lt=before)
    questions = Question.objects.filter(meeting__in=meetings)
    actions = Action.objects.filter(meeting__in=meetings, measure__isnull=False)
    if measure is not None:
        questions = questions.filter(measures=measure)
        actions = actions.filter(measure=measure)
    questions = (
        questions.select_related("meeting__board")
        .prefetch_related(Prefetch("measures", Measure.objects.only("pk", "code")))
        .order_by("-meeting__date", "order", "pk")
    )
    actions = actions.select_related("meeting__board", "owner", "measure").order_by(
        "-meeting__date", "due", "pk"
    )
    return ScrutinyRecords(tuple(questions), tuple(actions))


def _plan_and_earlier(plan: Plan) -> list[int]:
    """The plan's id and those of the earlier years' plans it continues (its measures' series
    reach back into them)."""
    ids = [plan.pk]
    previous = plan.previous_id
    while previous is not None and previous not in ids:
        ids.append(previous)
        previous = Plan.objects.filter(pk=previous).values_list("previous_id", flat=True).first()
    return ids


def latest_change(plan: Plan) -> dt.datetime | None:
    """When anything a committee report or meeting pack of ``plan`` shows last changed
    (``None``: nothing ever did), for its key: a value (of this year, or of an earlier year
    that its measures continue), a target, a measure, a meeting, question or action on it, a
    quarter's round or publication, the council's name, or a measure's comparators (its
    national metric, its group's areas, the metric's values, its own or shared with it, and
    the sharing agreements: the lines of enquiry rank it among them). Read from the audit
    trail, so a deletion counts as a change too (the comparators' own times for groups and
    values, which are replaced, never deleted); one
    query per kind of record."""
    plans = _plan_and_earlier(plan)
    mapped = MeasureBenchmark.objects.filter(measure__plan_id=plan.pk)
    changes: list[tuple[QuerySet[Any], str]] = [
        (Observation.history.filter(measure__plan_id__in=plans), "history_date"),
        (Measure.history.filter(plan_id=plan.pk), "history_date"),
        (Target.history.filter(measure__plan_id=plan.pk), "history_date"),
        (PeriodReturn.history.filter(plan_id=plan.pk), "history_date"),
        (Meeting.history.filter(plan_id=plan.pk), "history_date"),
        (Question.history.filter(meeting__plan_id=plan.pk), "history_date"),
        (Action.history.filter(meeting__plan_id=plan.pk), "history_date"),
        (Organisation.history.filter(id=plan.organisation_id), "history_date"),
        (MeasureBenchmark.history.filter(measure__plan_id=plan.pk), "history_date"),
        (ComparatorGroup.objects.filter(pk__in=mapped.values("group_id")), "changed_at"),
        (
            ComparatorValue.objects.filter(
                shared_with(plan.organisation_id), metric__in=mapped.values("metric")
            ),
            "changed_at",
        ),
        (ComparatorSharing.history.filter(recipient_id=plan.organisation_id), "history_date"),
    ]
    moments = [
        moment
        for found, field in changes
        if (moment := found.aggregate(latest=Max(field))["latest"]) is not None
    ]
    return max(moments) if moments else None


def pack_change(meeting: Meeting) -> dt.datetime | None:
    """When anything a meeting's pack shows last changed: its plan's report inputs
    (:func:`latest_change`), and the board's meetings and actions of any year (the actions
    arising from previous meetings)."""
    board = [
        Meeting.history.filter(board_id=meeting.board_id),
        Action.history.filter(meeting__board_id=meeting.board_id),
    ]
    moments = [latest_change(meeting.plan)]
    moments += [history.aggregate(latest=Max("history_date"))["latest"] for history in board]
    found = [moment for moment in moments if moment is not None]
    return max(found) if found else None
