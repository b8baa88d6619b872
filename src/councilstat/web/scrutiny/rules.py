"""The date and status rules of scrutiny, as pure functions: no database, no clock.

Every function that depends on the day takes ``today`` explicitly, so tests pin the date and
the daily job passes ``timezone.localdate()`` (the date in Europe/London).

An action's lifecycle::

    not started --> on track --> complete
         |              |
         +--------------+--> will not be done (with a reason)

    overdue: an open action (not started or on track) whose due date has passed. The daily
    job records it as the stored status; every page also works it out from the due date, so
    an action shows as overdue on the day after it falls due even before the job runs.

Only the performance team reopens a closed action (complete or will not be done).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "CLOSED",
    "DEFAULT_REMINDER_DAYS",
    "OPEN",
    "ActionStatus",
    "ReminderStage",
    "TransitionRefused",
    "check_transition",
    "effective_status",
    "is_overdue",
    "reminder_stage",
]


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    COMPLETE = "complete"
    OVERDUE = "overdue"
    WILL_NOT_BE_DONE = "will_not_be_done"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.ON_TRACK: "On track",
    ActionStatus.COMPLETE: "Complete",
    ActionStatus.OVERDUE: "Overdue",
    ActionStatus.WILL_NOT_BE_DONE: "Will not be done",
}

OPEN = frozenset({ActionStatus.NOT_STARTED, ActionStatus.ON_TRACK, ActionStatus.OVERDUE})
CLOSED = frozenset({ActionStatus.COMPLETE, ActionStatus.WILL_NOT_BE_DONE})
CHOOSABLE = (
    ActionStatus.NOT_STARTED,
    ActionStatus.ON_TRACK,
    ActionStatus.COMPLETE,
    ActionStatus.WILL_NOT_BE_DONE,
)
"""The statuses a person picks; ``overdue`` follows from the due date."""


def is_overdue(status: ActionStatus | str, due: dt.date | None, today: dt.date) -> bool:
    """An open action whose due date is before ``today``; one due today is not yet overdue."""
    return ActionStatus(status) in OPEN and due is not None and due < today


def effective_status(
    status: ActionStatus | str, due: dt.date | None, today: dt.date
) -> ActionStatus:
    """The status to show on ``today``: overdue when the due date has passed, else as stored.

    A stored ``overdue`` whose due date has since been moved later shows as on track.
    """
    if is_overdue(status, due, today):
        return ActionStatus.OVERDUE
    stored = ActionStatus(status)
    return ActionStatus.ON_TRACK if stored is ActionStatus.OVERDUE else stored


class TransitionRefused(ValueError):
    """A status change the rules do not allow; the message says why, for the person."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def check_transition(
    current: ActionStatus | str,
    new: ActionStatus | str,
    *,
    reason: str,
    may_reopen: bool,
) -> None:
    """Raise ``TransitionRefused`` unless ``current`` may become ``new``.

    ``overdue`` is never chosen; ``will not be done`` needs a reason; a closed action is
    reopened only by someone who ``may_reopen`` (the performance team).
    """
    current, new = ActionStatus(current), ActionStatus(new)
    if new is ActionStatus.OVERDUE:
        raise TransitionRefused(
            "status", "Overdue follows from the due date: choose another status"
        )
    if new is ActionStatus.WILL_NOT_BE_DONE and not reason.strip():
        raise TransitionRefused("reason", "Explain why the action will not be done")
    if current in CLOSED and new is not current and not may_reopen:
        raise TransitionRefused(
            "status",
            f"This action is {current.label.lower()}: ask the performance team to reopen it",
        )


DEFAULT_REMINDER_DAYS: tuple[int, ...] = (7, 1)


@dataclass(frozen=True)
class ReminderStage:
    """Which reminder is due for a deadline on a day.

    ``overdue`` reminders repeat each day until the thing is done; a ``due`` reminder is sent
    once per stage (``days`` before the deadline: 7, then 1), so a missed daily run still sends
    the stage's reminder on the next run, and no day sends the same stage twice.
    """

    overdue: bool
    days: int
    """For a due reminder, the stage (7 or 1 days before); for an overdue one, days late."""
    days_left: int


def reminder_stage(
    deadline: dt.date, today: dt.date, stages: Sequence[int] = DEFAULT_REMINDER_DAYS
) -> ReminderStage | None:
    """The reminder due on ``today`` for something due on ``deadline``; ``None`` if none yet.

    >>> reminder_stage(dt.date(2020, 1, 31), dt.date(2020, 1, 24))
    ReminderStage(overdue=False, days=7, days_left=7)
    >>> reminder_stage(dt.date(2020, 1, 31), dt.date(2020, 1, 27)).days
    7
    >>> reminder_stage(dt.date(2020, 1, 31), dt.date(2020, 1, 30)).days
    1
    >>> reminder_stage(dt.date(2020, 1, 31), dt.date(2020, 1, 31)).days
    1
    >>> reminder_stage(dt.date(2020, 1, 31), dt.date(2020, 2, 3))
    ReminderStage(overdue=True, days=3, days_left=-3)
    >>> reminder_stage(dt.date(2020, 1, 31), dt.date(2020, 1, 20)) is None
    True
    """
    days_left = (deadline - today).days
    if days_left < 0:
        return ReminderStage(overdue=True, days=-days_left, days_left=days_left)
    reached = [stage for stage in stages if stage >= days_left]
    if not reached:
        return None
    return ReminderStage(overdue=False, days=min(reached), days_left=days_left)
