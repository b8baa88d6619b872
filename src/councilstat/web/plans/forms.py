"""Forms for the performance team's management pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from councilstat.core.plan import Tolerance, ToleranceKind
from councilstat.web.accounts.models import Directorate, Role, User
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


class UserForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "directorate",
            "is_active",
        ]

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["directorate"], Directorate.objects.filter(organisation=organisation))
        self.fields["role"].required = True
        self.fields["email"].required = True
