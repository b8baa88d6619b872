"""Forms for the performance team's benchmarking pages: linking a measure to a national metric,
loading a comparator file, and offering the council's comparator values to another."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from councilstat.core import plan as core
from councilstat.io.uploads import MAX_UPLOAD_BYTES, UploadRefused, check_upload, display_name
from councilstat.web.accounts.models import Organisation
from councilstat.web.benchmarking.models import ComparatorGroup, GroupKind
from councilstat.web.benchmarking.selectors import LoadedMetric
from councilstat.web.common.forms import ServiceErrorsMixin
from councilstat.web.plans.models import Measure

__all__ = ["LinkForm", "LoadForm", "SharingOfferForm"]


def _choices(enum: type[core.Unit] | type[core.Polarity]) -> list[tuple[str, str]]:
    return [("", "The same as the measure's")] + [(m.value, m.value.capitalize()) for m in enum]


class MeasureChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Measure) -> str:
        return f"{obj.code} {obj.title} ({obj.plan.title})"


class LinkForm(ServiceErrorsMixin, forms.Form):
    """Which national metric a measure is compared with, and across which comparator group."""

    measure = MeasureChoiceField(
        label="Measure", queryset=Measure.objects.none(), empty_label="Select a measure"
    )
    metric = forms.ChoiceField(
        label="National metric",
        help_text="The metric's id in the comparator values you have loaded.",
    )
    title = forms.CharField(
        label="The metric's published name",
        max_length=300,
        help_text="For example: Proportion of people who use services who feel safe.",
    )
    group = forms.ModelChoiceField(
        label="Comparator group",
        queryset=ComparatorGroup.objects.none(),
        empty_label="Select a comparator group",
    )
    unit = forms.ChoiceField(label="The metric's unit", choices=_choices(core.Unit), required=False)
    polarity = forms.ChoiceField(
        label="Is higher or lower better for the metric?",
        choices=_choices(core.Polarity),
        required=False,
    )
    source = forms.CharField(
        label="Source", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label="How the metric differs from the measure",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown beside the comparison, for a reader: any caveat.",
    )

    def __init__(
        self,
        *args: Any,
        measures: Any,
        groups: Any,
        metrics: list[LoadedMetric],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["metric"].choices = [("", "Select a metric")] + [  # type: ignore[attr-defined]
            (m.metric, m.label) for m in metrics
        ]

    def metric_unit(self) -> core.Unit:
        """The unit chosen, or the measure's."""
        chosen = self.cleaned_data.get("unit") or self.cleaned_data["measure"].unit
        return core.Unit(chosen)

    def metric_polarity(self) -> core.Polarity:
        """The polarity chosen, or the measure's."""
        chosen = self.cleaned_data.get("polarity") or self.cleaned_data["measure"].polarity
        return core.Polarity(chosen)


class LoadForm(forms.Form):
    """A comparator file: values in the long format, or the areas of a comparator group."""

    VALUES = "values"
    GROUP = "group"

    kind = forms.ChoiceField(
        label="What does the file hold?",
        choices=[
            (
                VALUES,
                "Comparator values: one row per area, metric and period "
                "(area_code, area_name, metric, period, value; numerator and denominator "
                "optional)",
            ),
            (GROUP, "A comparator group's areas (area_code, area_name, subject)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the file holds"},
    )
    name = forms.CharField(
        label="Group name",
        max_length=200,
        required=False,
        help_text="For a group only. Loading a group of the same name again replaces its areas.",
    )
    group_kind = forms.ChoiceField(
        label="Kind of group",
        choices=GroupKind.choices,
        initial=GroupKind.NEAREST_NEIGHBOURS,
        required=False,
        help_text="For a group only.",
    )
    source = forms.CharField(
        label="Where the group's list of areas comes from",
        max_length=2000,
        required=False,
        help_text="For a group only, e.g. CIPFA nearest neighbours 2019.",
    )
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="A .csv file, smaller than 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv"}),
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == self.GROUP:
            if not (data.get("name") or "").strip():
                self.add_error("name", "Enter the group's name")
            if not data.get("group_kind"):
                self.add_error("group_kind", "Select the kind of group")
        upload = data.get("file")
        if isinstance(upload, UploadedFile):
            self._check(upload)
        return data

    def _check(self, upload: UploadedFile) -> None:
        shown = display_name(upload.name or "upload.csv")
        if not shown.lower().endswith(".csv"):
            self.add_error("file", f"{shown} must be a .csv file")
            return
        if (upload.size or 0) > MAX_UPLOAD_BYTES:
            self.add_error("file", f"{shown} must be smaller than 5 MB")
            return
        content = upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            self.cleaned_data["filename"] = check_upload(shown, content, whole_plan=False)
        except UploadRefused as refused:
            self.add_error("file", str(refused))
        else:
            self.cleaned_data["content"] = content


class SharingOfferForm(forms.Form):
    """Which council to offer this council's comparator values to."""

    recipient = forms.ModelChoiceField(
        label="Council to share your comparator values with",
        help_text=(
            "Its performance team is asked to accept. Once accepted, its comparisons use your "
            "values where it has none of its own; it never shares its values with you unless it "
            "offers them too."
        ),
        queryset=Organisation.objects.none(),
        empty_label="Select a council",
    )

    def __init__(self, *args: Any, provider: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        live = provider.sharing_offered.filter(ended_at__isnull=True).values("recipient_id")
        field = self.fields["recipient"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (declared above)
        field.queryset = Organisation.objects.exclude(pk=provider.pk).exclude(pk__in=live)
