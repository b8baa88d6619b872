"""Forms for the performance team's management pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from councilstat.core.plan import Tolerance, ToleranceKind
from councilstat.web.accounts.models import Directorate, NationalArea, Role, User
from councilstat.web.accounts.services import USER_FIELDS
from councilstat.web.common.forms import ServiceErrorsMixin
from councilstat.web.plans.models import Measure


def _limit(field: forms.Field, queryset: QuerySet[Any]) -> None:
    """Offer only ``queryset``'s rows in a model choice field."""
    if isinstance(field, forms.ModelChoiceField):
        field.queryset = queryset


REASON_HELP = "Recorded in the audit trail with the change."


class MeasureForm(ServiceErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    tolerance = forms.CharField(
        help_text="5% means 5% of the target; 2 means 2 units (percentage points for a percent).",
        max_length=20,
    )
    reason = forms.CharField(
        label="Reason for the change",
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Measure
        fields = [
            "title",
            "polarity",
            "aggregation",
            "cumulative",
            "owner",
            "directorate",
            "definition",
            "source",
            "is_public",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.instance.plan.organisation
        _limit(
            self.fields["owner"], User.objects.filter(organisation=organisation, role=Role.OWNER)
        )
        _limit(self.fields["directorate"], Directorate.objects.filter(organisation=organisation))
        self.fields["tolerance"].initial = str(self.instance.tolerance)

    def clean_tolerance(self) -> Tolerance:
        text = self.cleaned_data["tolerance"].strip()
        percent = text.endswith("%")
        try:
            amount = Decimal(text.rstrip("%").strip() or "0")
        except ArithmeticError:
            raise forms.ValidationError("Enter a tolerance like 5% or 2") from None
        if not amount.is_finite() or amount < 0:
            raise forms.ValidationError("Enter a tolerance of zero or more, like 5% or 2")
        return Tolerance(
            ToleranceKind.PERCENT_OF_TARGET if percent else ToleranceKind.ABSOLUTE, amount
        )

    def changes(self) -> dict[str, Any]:
        changed = {name: self.cleaned_data[name] for name in self.Meta.fields}
        tolerance: Tolerance = self.cleaned_data["tolerance"]
        changed["tolerance_kind"] = tolerance.kind.value
        changed["tolerance_amount"] = tolerance.amount
        return changed


class TargetForm(ServiceErrorsMixin, forms.Form):
    period = forms.CharField(
        help_text="A year (2019/20), a quarter (2019/20 Q2) or a month (2019-07).", max_length=20
    )
    target = forms.DecimalField(max_digits=18, decimal_places=6)
    reason = forms.CharField(
        label="Reason for the change",
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UserForm(ServiceErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A user of the organisation: a new one (who is sent an invitation) or a change."""

    class Meta:
        model = User
        fields = list(USER_FIELDS)
        labels = {"email": "E-mail address", "is_active": "Can sign in (active)"}
        widgets = {"role": forms.RadioSelect}
        help_texts = {
            "username": "What they sign in with: often their e-mail address. Letters, digits "
            "and @ . + - _ only.",
            "email": "The invitation to choose a password is sent here.",
            "role": "Performance team: manages the plan, users, imports and publishing. Measure "
            "owner: enters their measures' values. Director: approves their directorate's "
            "values. Councillor: reads published figures and reports.",
            "directorate": "A director approves this directorate's values.",
            "is_active": "Untick to stop this person signing in; their history is kept.",
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["directorate"], Directorate.objects.filter(organisation=organisation))
        self.fields["role"].required = True
        self.fields["role"].choices = Role.choices  # type: ignore[attr-defined]
        self.fields["email"].required = True
        if self.instance.pk is None:
            del self.fields["is_active"]  # a new user is active, with an invitation

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class DirectorateForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label="Directorate name", max_length=200)


class OrganisationForm(ServiceErrorsMixin, forms.Form):
    national_area = forms.ChoiceField(
        label="National comparator area",
        choices=NationalArea.choices,
        widget=forms.RadioSelect,
        help_text="Every comparison with other councils also shows this nation's figure, when "
        "the comparator data gives it (by its ONS code, such as E92000001 for England).",
    )


class CouncilForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label="Council name", max_length=200)
    national_area = forms.ChoiceField(
        label="National comparator area",
        choices=NationalArea.choices,
        initial=NationalArea.ENGLAND,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label="E-mail address of its first performance-team user",
        help_text="They are sent an invitation to choose a password, and can then add the "
        "council's other users.",
    )
    first_name = forms.CharField(label="Their first name", max_length=150, required=False)
    last_name = forms.CharField(label="Their last name", max_length=150, required=False)
    username = forms.CharField(
        label="Their username",
        max_length=150,
        required=False,
        help_text="Leave blank to use the e-mail address.",
    )
