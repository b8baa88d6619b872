"""What a board asked about a measure and what came of it, for the measure page and reports.

``ScrutinyPresenter`` loads a plan's questions and actions once (three queries, whatever the
number of measures or meetings) and answers per measure; the measure page includes
``scrutiny/_measure_scrutiny.html`` with ``measure_scrutiny(...)`` as ``scrutiny``::

    from councilstat.web.scrutiny.presenters import measure_scrutiny
    context["scrutiny"] = measure_scrutiny(request.user, stored)
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

from django.db.models import Prefetch
from django.utils import timezone

from councilstat.reports.model import ActionItem
from councilstat.web.accounts.models import User
from councilstat.web.plans.models import Measure, Plan
from councilstat.web.scrutiny.models import Action, Meeting, Question
from councilstat.web.scrutiny.rules import ActionStatus

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
    """Questions and actions of one plan's measures, grouped by measure code.

    Only meetings of the user's organisation are read (the plan is already theirs: the
    caller found it with ``plans.selectors.get_plan``). ``before`` limits to meetings held
    before a date (the pack for a meeting shows what was asked before it).
    """

    def __init__(
        self,
        user: User,
        plan: Plan,
        *,
        today: dt.date | None = None,
        before: dt.date | None = None,
        measure: Measure | None = None,
    ) -> None:
        self.today = today or timezone.localdate()
        meetings = Meeting.objects.filter(
            board__organisation=user.organisation, plan=plan
        ).select_related("board")
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
        self._questions: dict[str, list[QuestionView]] = defaultdict(list)
        for question in questions:
            codes = tuple(m.code for m in question.measures.all())
            view = QuestionView(question.meeting, question.text, question.response, codes)
            for code in codes:
                self._questions[code].append(view)
        self._actions: dict[str, list[ActionView]] = defaultdict(list)
        for action in actions:
            if action.measure is None:  # filtered out above; for the types
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
                )
                for view in views
            ]
            for code, views in self._actions.items()
        }


def _code(measure: Measure | str) -> str:
    return measure if isinstance(measure, str) else measure.code


def measure_scrutiny(user: User, measure: Measure, today: dt.date | None = None) -> MeasureScrutiny:
    """The questions and actions on one measure, for the measure page's partial."""
    presenter = ScrutinyPresenter(user, measure.plan, today=today, measure=measure)
    return presenter.for_measure(measure)
