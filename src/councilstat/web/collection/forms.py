"""Forms for data collection: opening, extending and publishing a round; entering a value,
approving, returning, restating, importing; the organisation's collection settings.

Forms only read what was typed; the rules (valid for the unit, commentary when red, the
version check) are the services'. A service's ``ValidationFailed`` comes back onto the form
with ``add_service_errors`` so the GOV.UK error summary links to the field at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from councilstat.core.periods import Quarter
from councilstat.core.plan import Unit
from councilstat.core.validation import MAX_LENGTH
from councilstat.io.uploads import (
    MAX_UPLOAD_BYTES,
    UploadRefused,
    check_plan_upload,
    check_upload,
    display_name,
)
from councilstat.web.accounts.models import User
from councilstat.web.collection.models import Observation
from councilstat.web.collection.services import Figures
from councilstat.web.common.forms import FigureField, GovukDateField, ServiceErrorsMixin
from councilstat.web.plans.models import Plan
from councilstat.web.plans.selectors import plans_for

__all__ = [
    "CollectionSettingsForm",
    "DeadlineForm",
    "EntryForm",
    "MembersForm",
    "OpenRoundForm",
    "PublishForm",
    "RestateForm",
    "ReturnForm",
    "UploadForm",
    "VersionForm",
]

COMMENTARY_HELP = (
    "What the figure shows, why it has changed and what is being done. Required when the "
    "value is off target (red). Do not include personal data."
)
COMMENTARY_REQUIRED_HELP = (
    "Required because this value is off target (red): say why, and what is being done. "
    "Do not include personal data."
)


class ValueField(FigureField):
    """The value: needed unless a numerator and denominator are given instead, which the
    service checks (``give a value, or a numerator and denominator``). So it is labelled as
    required, but an empty box is not refused here."""

    def validate(self, value: Any) -> None:
        return None


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


class FiguresForm(ServiceErrorsMixin, forms.Form):
    value = ValueField(label="Value")
    numerator = FigureField(label="Numerator", required=False)
    denominator = FigureField(label="Denominator", required=False)
    commentary = forms.CharField(
        label="Commentary",
        required=False,
        max_length=MAX_LENGTH["commentary"],
        widget=forms.Textarea,
        help_text=COMMENTARY_HELP,
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def figures(self) -> Figures:
        data = self.cleaned_data
        return Figures(data["value"], data["numerator"], data["denominator"], data["commentary"])

    @staticmethod
    def initial_for(observation: Observation | None, **extra: Any) -> dict[str, Any]:
        if observation is None:
            return {"version": "", **extra}
        return {
            "value": _plain(observation.value) if observation.numerator is None else "",
            "numerator": _plain(observation.numerator),
            "denominator": _plain(observation.denominator),
            "commentary": observation.commentary,
            "version": observation.version,
            **extra,
        }

    @staticmethod
    def initial_from(figures: Figures, version: int) -> dict[str, Any]:
        """The form as the person filled it in, at another version (after a conflict)."""
        return {
            "value": _plain(figures.value),
            "numerator": _plain(figures.numerator),
            "denominator": _plain(figures.denominator),
            "commentary": figures.commentary,
            "version": version,
        }


@dataclass(frozen=True)
class UnitEntry:
    """How the value box shows a measure's unit: the words the label ends with (GOV.UK puts
    the unit in the label, as a prefix or suffix is hidden from screen readers), the prefix
    or suffix beside the box, and how a numerator and denominator make the value."""

    words: str = ""
    prefix: str = ""
    suffix: str = ""
    fraction: str = "The value is numerator ÷ denominator, for example days lost ÷ staff."


_UNIT_ENTRY = {
    Unit.PERCENT: UnitEntry(
        "per cent", suffix="%", fraction="The value is 100 × numerator ÷ denominator."
    ),
    Unit.CURRENCY: UnitEntry(
        "pounds",
        prefix="£",
        fraction="The value is numerator ÷ denominator, for example cost ÷ cases.",
    ),
    Unit.DAYS: UnitEntry("days", suffix="days"),
    Unit.RATE: UnitEntry(fraction="The value is numerator ÷ denominator."),
    Unit.RATIO: UnitEntry(fraction="The value is numerator ÷ denominator."),
}


def unit_entry(unit: Unit) -> UnitEntry:
    """How the value box of a measure in ``unit`` shows it."""
    return _UNIT_ENTRY.get(unit, UnitEntry())


class EntryForm(FiguresForm):
    """An owner's value: ``action`` is the button pressed (save a draft, or save and submit).
    ``unit`` puts the measure's unit in the value's label."""

    confirmed = forms.BooleanField(label="I confirm this value is correct", required=False)
    confirmation_asked = forms.BooleanField(required=False, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[("draft", "Save draft"), ("submit", "Save and submit")], required=False
    )

    commentary_required = False

    def __init__(self, *args: Any, unit: Unit = Unit.NUMBER, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_entry = unit_entry(unit)
        if self.unit_entry.words:
            self.fields["value"].label = f"Value, in {self.unit_entry.words}"

    @property
    def submit(self) -> bool:
        return self.cleaned_data.get("action") == "submit"

    def require_commentary(self) -> None:
        """The value is red: label the commentary "(required)" and say why in its hint."""
        self.commentary_required = True
        self.fields["commentary"].help_text = COMMENTARY_REQUIRED_HELP
        self["commentary"].help_text = COMMENTARY_REQUIRED_HELP  # bound after validation

    def ask_confirmation(self) -> None:
        """The value moved a long way: ask again, as an error if it was asked already."""
        if self.cleaned_data.get("confirmation_asked"):
            self.add_error("confirmed", "Confirm the value is correct, or change it")


class VersionForm(forms.Form):
    """The version of the value the person saw when they chose to act on it."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ReturnForm(ServiceErrorsMixin, VersionForm):
    reason = forms.CharField(
        label="Why are you returning this value?",
        max_length=2000,
        widget=forms.Textarea,
        help_text="The measure owner sees this. Do not include personal data.",
        error_messages={"required": "Say why the value is being returned"},
    )


class RestateForm(FiguresForm):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason for the restatement",
        max_length=2000,
        widget=forms.Textarea,
        help_text="Shown beside the revised figure and kept in the audit trail.",
        error_messages={"required": "Say why the published value is being corrected"},
    )


class MembersForm(forms.Form):
    opened = forms.TypedChoiceField(
        choices=[("1", "Open to members"), ("0", "Close to members")],
        coerce=lambda choice: choice == "1",
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files, each checked as a ``FileField`` checks one: cleans to a list."""

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [upload for upload in files if upload]
        if not files:
            return [super().clean(None, initial)] if self.required else []
        return [super(MultipleFileField, self).clean(upload, initial) for upload in files]


class UploadForm(forms.Form):
    PLAN = "plan"
    OBSERVATIONS = "observations"

    kind = forms.ChoiceField(
        label="What are you importing?",
        choices=[
            (
                OBSERVATIONS,
                "Values for an existing plan (an .xlsx workbook with an observations sheet, "
                "or a .csv file)",
            ),
            (
                PLAN,
                "A whole plan (an .xlsx workbook with measures, targets and observations "
                "sheets; or its CSV files, measures.csv, targets.csv and observations.csv, "
                "selected together or in a .zip)",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you are importing"},
    )
    plan = forms.ModelChoiceField(
        label="Plan",
        queryset=Plan.objects.none(),
        required=False,
        empty_label=None,
        help_text="For values only: the plan the values belong to.",
    )
    file = MultipleFileField(
        label="Upload a file",
        help_text=(
            "An .xlsx or .csv file, smaller than 5 MB. For a whole plan from CSV files, "
            "select them together, or upload a .zip of them."
        ),
        widget=MultipleFileInput(attrs={"accept": ".xlsx,.csv,.zip"}),
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans_for(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, uploads = data.get("kind"), data.get("file") or []
        if kind == self.OBSERVATIONS and data.get("plan") is None:
            self.add_error("plan", "Select the plan the values belong to")
        if kind == self.PLAN and uploads:
            self._check_plan(uploads)
        elif kind and len(uploads) > 1:
            self.add_error("file", "Select one file of values")
        elif kind and uploads:
            self._check(uploads[0], whole_plan=False)
        return data

    def _content(self, upload: UploadedFile) -> bytes | None:
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            shown = display_name(upload.name or "upload")
            self.add_error("file", f"{shown} must be smaller than 5 MB")
            return None
        return upload.read(MAX_UPLOAD_BYTES + 1)

    def _check(self, upload: UploadedFile, *, whole_plan: bool) -> None:
        content = self._content(upload)
        if content is None:
            return
        try:
            shown = check_upload(upload.name or "upload", content, whole_plan=whole_plan)
        except UploadRefused as refused:
            self.add_error("file", str(refused))
        else:
            self.cleaned_data["filename"], self.cleaned_data["content"] = shown, content

    def _check_plan(self, uploads: list[UploadedFile]) -> None:
        """A whole plan: one workbook, one .zip of CSV files, or the CSV files together (kept
        as one .zip)."""
        files = []
        for upload in uploads:
            content = self._content(upload)
            if content is None:
                return
            files.append((upload.name or "upload", content))
        try:
            shown, content = check_plan_upload(files)
        except UploadRefused as refused:
            self.add_error("file", str(refused))
        else:
            self.cleaned_data["filename"], self.cleaned_data["content"] = shown, content

    @property
    def target_plan(self) -> Plan | None:
        """The plan values go into; ``None`` for a whole plan (its files name it)."""
        return self.cleaned_data["plan"] if self.cleaned_data["kind"] == self.OBSERVATIONS else None


class DeadlineForm(ServiceErrorsMixin, forms.Form):
    """A round's deadline (a later one, to extend it)."""

    deadline = GovukDateField(
        label="Deadline for values",
        help_text="Owners see it beside every value due, and are reminded before and after it. "
        "For example, 31 7 2019",
        error_messages={"required": "Enter the deadline"},
    )


class OpenRoundForm(DeadlineForm):
    """Open a quarter for entry: which quarter (the next one first), and its deadline."""

    quarter = forms.ChoiceField(
        label="Quarter",
        error_messages={
            "required": "Select the quarter to open",
            "invalid_choice": "Select one of the quarters listed",
        },
    )
    field_order = ["quarter", "deadline"]

    def __init__(self, *args: Any, quarters: list[Quarter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._quarters = {str(q): q for q in quarters}
        self.fields["quarter"].choices = [(label, label) for label in self._quarters]  # type: ignore[attr-defined]

    @property
    def chosen(self) -> Quarter:
        return self._quarters[self.cleaned_data["quarter"]]


class PublishForm(forms.Form):
    """Publishing a quarter with values missing needs the publisher to confirm how many."""

    missing = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False)

    def __init__(self, *args: Any, missing: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        noun = "value due" if missing == 1 else "values due"
        self.fields["confirmed"].label = f"Publish with {missing} {noun} missing"
        self.fields["missing"].initial = missing

    def missing_confirmed(self) -> int | None:
        """The number of missing values the publisher confirmed, if they ticked the box."""
        if not self.cleaned_data.get("confirmed"):
            return None
        return self.cleaned_data.get("missing")


class CollectionSettingsForm(forms.Form):
    APPROVED_SEPARATELY = "separately"
    APPROVED_ON_IMPORT = "on_import"

    imports = forms.ChoiceField(
        label="Who approves values the performance team imports?",
        choices=[
            (
                APPROVED_SEPARATELY,
                "A director, as for values entered in the form: imported values are submitted "
                "for approval (recommended)",
            ),
            (
                APPROVED_ON_IMPORT,
                "Nobody else: imported values count as approved, because the figures were "
                "signed off before they were imported",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who approves imported values"},
    )

    @property
    def imports_approved(self) -> bool:
        return self.cleaned_data["imports"] == self.APPROVED_ON_IMPORT
