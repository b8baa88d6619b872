"""Forms for the performance team's management pages, and for starting next year's plan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from councilstat.core.plan import Tolerance, ToleranceKind
from councilstat.web.accounts.models import Directorate, NationalArea, Role, User
from councilstat.web.accounts.services import USER_FIELDS
from councilstat.web.common.forms import ServiceErrorsMixin
from councilstat.web.plans.models import Measure, Plan
from councilstat.web.plans.next_year import Carry, code_field, fate_field, next_title, title_field


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
    upper = forms.DecimalField(
        label="Top of the target band (optional)",
        help_text="Only for a measure that is best within a band: the target is then its bottom.",
        max_digits=18,
        decimal_places=6,
        required=False,
    )
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


CARRY, RETIRE = "carry", "retire"


class NextYearForm(ServiceErrorsMixin, forms.Form):
    """Start next year's plan: its title, whether to copy the targets, and for each of this
    year's measures whether it is carried over (with its code and title next year: change them
    for a measure renamed or renumbered) or retired."""

    title = forms.CharField(
        label="Title of next year's plan",
        max_length=200,
        error_messages={"required": "Enter a title for next year's plan"},
    )
    copy_targets = forms.BooleanField(
        label="Copy this year's targets into next year's plan",
        required=False,
        help_text=(
            "Each target becomes the same period's next year. Leave this unticked to set next "
            "year's targets on the next page, with this year's beside them."
        ),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.measures = list(
            plan.measures.select_related("outcome__priority").order_by(
                "outcome__priority__order", "outcome__order", "order", "code"
            )
        )
        self.fields["title"].initial = next_title(plan)
        for measure in self.measures:
            self.fields[fate_field(measure)] = forms.ChoiceField(
                label=f"What happens to {measure.code} next year",
                choices=[(CARRY, "Carry over"), (RETIRE, "Retire")],
                initial=CARRY,
            )
            self.fields[code_field(measure)] = forms.CharField(
                label=f"Code of {measure.code} next year",
                max_length=20,
                required=False,
                initial=measure.code,
            )
            self.fields[title_field(measure)] = forms.CharField(
                label=f"Title of {measure.code} next year",
                max_length=300,
                required=False,
                initial=measure.title,
            )

    @property
    def rows(self) -> list[tuple[Measure, forms.BoundField, forms.BoundField, forms.BoundField]]:
        """Each measure with its fields: what happens to it, its code and its title."""
        return [
            (m, self[fate_field(m)], self[code_field(m)], self[title_field(m)])
            for m in self.measures
        ]

    def carries(self) -> list[Carry]:
        data = self.cleaned_data
        return [
            Carry(
                m,
                code=data.get(code_field(m)) or "",
                title=data.get(title_field(m)) or "",
                retired=data.get(fate_field(m)) == RETIRE,
            )
            for m in self.measures
        ]


NEW_THIS_YEAR = ""


class LinkPreviousForm(ServiceErrorsMixin, forms.Form):
    """For each measure of a plan, the measure of last year's plan it continues (or none)."""

    def __init__(self, *args: Any, plan: Plan, previous: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan, self.previous = plan, previous
        self.measures = list(
            plan.measures.order_by("outcome__priority__order", "outcome__order", "order", "code")
        )
        earlier = list(
            previous.measures.order_by(
                "outcome__priority__order", "outcome__order", "order", "code"
            )
        )
        by_code = {m.code.lower(): m.pk for m in earlier}
        known = {m.pk for m in earlier}
        choices = [(NEW_THIS_YEAR, "None: new this year")]
        choices += [(str(m.pk), f"{m.code} {m.title}"[:120]) for m in earlier]
        for measure in self.measures:
            if plan.previous_id == previous.pk and measure.previous_id in known:
                initial = measure.previous_id
            elif plan.previous_id == previous.pk:
                initial = None
            else:  # not linked yet: suggest last year's measure of the same code
                initial = by_code.get(measure.code.lower())
            self.fields[f"previous_{measure.pk}"] = forms.ChoiceField(
                label=f"Last year's measure that {measure.code} continues",
                choices=choices,
                required=False,
                initial=str(initial) if initial else NEW_THIS_YEAR,
            )

    @property
    def rows(self) -> list[tuple[Measure, forms.BoundField]]:
        return [(m, self[f"previous_{m.pk}"]) for m in self.measures]

    def continues(self) -> dict[int, int | None]:
        data = self.cleaned_data
        return {
            m.pk: int(data[f"previous_{m.pk}"]) if data.get(f"previous_{m.pk}") else None
            for m in self.measures
        }
