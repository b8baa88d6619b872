"""What a board asked about a measure and what came of it, for the measure page and reports.

Selectors query, presenters never do: ``ScrutinyPresenter`` takes a plan's questions and
actions as ``selectors.scrutiny_records`` read them (three queries, whatever the number of
measures or meetings) and answers per measure; the measure page includes
``scrutiny/_measure_scrutiny.html`` with ``measure_scrutiny(...)`` as ``scrutiny``::

    records = scrutiny_records(request.user, stored.plan, measure=stored)
    context["scrutiny"] = measure_scrutiny(records, stored)
    {% include "scrutiny/_measure_scrutiny.html" %}

the exceptions page can take ``presenter.by_code()`` and include the partial (with
``level=3``) under each red measure; and the committee report takes
``presenter.report_actions()`` as its ``actions`` input.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from councilstat.reports.model import ActionItem
from councilstat.web.plans.models import Measure
from councilstat.web.scrutiny.models import Action, Meeting
from councilstat.web.scrutiny.rules import ActionStatus
from councilstat.web.scrutiny.selectors import ScrutinyRecords

__all__ = [
    "ActionView",
    "MeasureScrutiny",
    "QuestionView",
    "ScrutinyPresenter",
    "measure_scrutiny",
]


@dataclass(frozen=True)
class QuestionView:
    meeting: Meeting
    text: str
    response: str
    measure_codes: tuple[str, ...]


@dataclass(frozen=True)
class ActionView:
    """An action as shown: its status on the day (overdue worked out from the due date)."""

    action: Action
    status: ActionStatus

    @property
    def overdue(self) -> bool:
        return self.status is ActionStatus.OVERDUE

    @property
    def owner_name(self) -> str:
        owner = self.action.owner
        return owner.display_name if owner else "No owner"

    @property
    def meeting(self) -> Meeting:
        return self.action.meeting


@dataclass(frozen=True)
class MeasureScrutiny:
    """The ``scrutiny`` context of the measure page's partial."""

    code: str
    questions: tuple[QuestionView, ...]
    actions: tuple[ActionView, ...]

    @property
    def open_actions(self) -> tuple[ActionView, ...]:
        return tuple(a for a in self.actions if a.status in _OPEN_SHOWN)

    def __bool__(self) -> bool:
        return bool(self.questions or self.actions)


_OPEN_SHOWN = {ActionStatus.NOT_STARTED, ActionStatus.ON_TRACK, ActionStatus.OVERDUE}


class ScrutinyPresenter:
    """Questions and actions of one plan's measures, grouped by measure code, with each
    action's status on ``today``.

    ``records`` come from ``selectors.scrutiny_records``, which reads only meetings of the
    user's organisation; its ``before`` limits them to meetings held before a date (the pack
    for a meeting shows what was asked before it).
    """

    def __init__(self, records: ScrutinyRecords, *, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self._questions: dict[str, list[QuestionView]] = defaultdict(list)
        for question in records.questions:
            codes = tuple(m.code for m in question.measures.all())
            view = QuestionView(question.meeting, question.text, question.response, codes)
            for code in codes:
                self._questions[code].append(view)
        self._actions: dict[str, list[ActionView]] = defaultdict(list)
        for action in records.actions:
            if action.measure is None:  # the selector reads actions on measures only
                continue
            status = action.status_on(self.today)
            self._actions[action.measure.code].append(ActionView(action, status))

    def questions_for_measure(self, measure: Measure | str) -> tuple[QuestionView, ...]:
        """The questions asked about ``measure`` (a stored measure or its code), latest first."""
        return tuple(self._questions.get(_code(measure), ()))

    def actions_for_measure(self, measure: Measure | str) -> tuple[ActionView, ...]:
        """The actions agreed on ``measure``, latest meeting first, with today's status."""
        return tuple(self._actions.get(_code(measure), ()))

    def for_measure(self, measure: Measure | str) -> MeasureScrutiny:
        return MeasureScrutiny(
            _code(measure), self.questions_for_measure(measure), self.actions_for_measure(measure)
        )

    @property
    def measure_codes(self) -> Sequence[str]:
        """The codes of the measures with any question or action."""
        return sorted(set(self._questions) | set(self._actions))

    def by_code(self) -> dict[str, MeasureScrutiny]:
        """Each measure with a question or an action, by code: for a list of measures (the
        exceptions page) to include the partial beside each one."""
        return {code: self.for_measure(code) for code in self.measure_codes}

    def report_actions(self) -> dict[str, list[ActionItem]]:
        """The actions by measure code, for the committee report's ``actions`` input."""
        return {
            code: [
                ActionItem(
                    description=view.action.description,
                    owner=view.owner_name,
                    due=view.action.due,
                    status=view.status.label,
                    meeting=str(view.meeting),
                    open=view.status in _OPEN_SHOWN,
                    overdue=view.status is ActionStatus.OVERDUE,
                )
                for view in views
            ]
            for code, views in self._actions.items()
        }


def _code(measure: Measure | str) -> str:
    return measure if isinstance(measure, str) else measure.code


def measure_scrutiny(
    records: ScrutinyRecords, measure: Measure, today: dt.date | None = None
) -> MeasureScrutiny:
    """The questions and actions on one measure, for the measure page's partial."""
    return ScrutinyPresenter(records, today=today).for_measure(measure)
