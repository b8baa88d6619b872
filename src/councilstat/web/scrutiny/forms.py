"""Forms for scrutiny: boards, meetings, questions, actions, resolutions and progress.

Forms read what was typed; the rules (same organisation, measure codes of the meeting's
plan, a reason for "will not be done", the version check) are the services'. A service's
``ValidationFailed`` comes back onto the form with ``add_service_errors``.

Dates use the GOV.UK date input (``common.forms.GovukDateField``: day, month, year in three
boxes), rendered by ``scrutiny/_date_field.html``.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from councilstat.web.accounts.models import User
from councilstat.web.common.forms import GovukDateField, ServiceErrorsMixin
from councilstat.web.plans.models import Measure, Plan, Priority
from councilstat.web.scrutiny.models import Board, Meeting, Question, ResolutionKind
from councilstat.web.scrutiny.rules import CHOOSABLE
from councilstat.web.scrutiny.services import ACTION_OWNER_ROLES

__all__ = [
    "ActionForm",
    "BoardForm",
    "GovukDateField",
    "MeetingForm",
    "ProgressForm",
    "QuestionForm",
    "ResolutionForm",
]

_NO_PERSONAL_DATA = "Do not include personal data."


class BoardForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label="Name of the board",
        max_length=200,
        help_text="For example, Overview and Scrutiny Management Board, or Cabinet.",
        error_messages={"required": "Enter the board's name"},
    )


class MeetingForm(ServiceErrorsMixin, forms.Form):
    board = forms.ModelChoiceField(
        queryset=Board.objects.none(), error_messages={"required": "Choose the board"}
    )
    date = GovukDateField(
        label="Date of the meeting",
        help_text="For example, 22 11 2019",
        error_messages={"required": "Enter the date of the meeting"},
    )
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(), error_messages={"required": "Choose the plan"}
    )
    period = forms.CharField(
        label="Quarter considered",
        max_length=20,
        help_text="For example, 2019/20 Q2",
        error_messages={"required": "Enter the quarter the meeting considers"},
    )
    agenda = forms.CharField(
        label="Agenda items",
        required=False,
        widget=forms.Textarea,
        help_text="One item on each line.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = user.organisation
        self.fields["board"].queryset = Board.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["plan"].queryset = Plan.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    @property
    def agenda_items(self) -> list[str]:
        return [line for line in self.cleaned_data.get("agenda", "").splitlines() if line.strip()]


_CODE_SPLIT = re.compile(r"[\s,;]+|\band\b", re.IGNORECASE)


class QuestionForm(ServiceErrorsMixin, forms.Form):
    measures = forms.CharField(
        label="Measure codes",
        required=False,
        max_length=200,
        help_text="The measures the question is about, like 2B7, 2B8. Leave empty for a "
        "general point.",
    )
    priority = forms.ModelChoiceField(
        queryset=Priority.objects.none(),
        required=False,
        label="Priority it was raised under",
        help_text="For a general point only.",
        empty_label="None",
    )
    text = forms.CharField(
        label="Question or point raised",
        widget=forms.Textarea,
        max_length=5000,
        help_text=_NO_PERSONAL_DATA,
        error_messages={"required": "Enter the question or point raised"},
    )
    response = forms.CharField(
        label="Officers' response",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text=_NO_PERSONAL_DATA,
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = meeting.plan.priorities.all()  # type: ignore[attr-defined]

    @property
    def measure_codes(self) -> list[str]:
        return [c for c in _CODE_SPLIT.split(self.cleaned_data.get("measures", "")) if c]


def _owner_label(user: User) -> str:
    return user.display_name


class OwnerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _owner_label(obj)


class MeasureChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}"


class QuestionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.text if len(obj.text) <= 90 else f"{obj.text[:88]}…"


class ActionForm(ServiceErrorsMixin, forms.Form):
    description = forms.CharField(
        label="What was agreed",
        widget=forms.Textarea,
        max_length=2000,
        help_text=_NO_PERSONAL_DATA,
        error_messages={"required": "Describe what was agreed"},
    )
    owner = OwnerChoiceField(
        queryset=User.objects.none(),
        label="Owner",
        empty_label="Choose an officer",
        error_messages={"required": "Choose who owns the action"},
    )
    due = GovukDateField(label="Due date", required=False, help_text="For example, 31 1 2020")
    measure = MeasureChoiceField(
        queryset=Measure.objects.none(),
        required=False,
        label="Measure",
        empty_label="None (a general point)",
    )
    question = QuestionChoiceField(
        queryset=Question.objects.none(),
        required=False,
        label="Arising from the question",
        empty_label="None",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = meeting.board.organisation_id
        fields = self.fields
        fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation, role__in=ACTION_OWNER_ROLES, is_active=True
        ).order_by("first_name", "username")
        fields["measure"].queryset = meeting.plan.measures.order_by("order", "code")  # type: ignore[attr-defined]
        fields["question"].queryset = meeting.questions.all()  # type: ignore[attr-defined]


class ProgressForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in CHOOSABLE],
        widget=forms.RadioSelect,
        label="Status",
        error_messages={"required": "Choose the action's status"},
    )
    progress = forms.CharField(
        label="Progress note",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text="What has been done since the meeting. " + _NO_PERSONAL_DATA,
    )
    reason = forms.CharField(
        label="Reason it will not be done",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="Needed when the action will not be done.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResolutionForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=ResolutionKind.choices,
        widget=forms.RadioSelect,
        label="Type of resolution",
        error_messages={"required": "Choose the type of resolution"},
    )
    text = forms.CharField(
        label="Resolved",
        widget=forms.Textarea,
        max_length=5000,
        help_text="As the minutes will read, after “Resolved:”.",
        error_messages={"required": "Enter what the board resolved"},
    )
    later_date = GovukDateField(
        label="Date of the later meeting",
        required=False,
        help_text="For further discussion at a later meeting. For example, 12 2 2020",
    )
