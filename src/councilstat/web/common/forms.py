"""What every app's forms share: a service's refusal shown on the form, a figure within the
core's bounds, and the GOV.UK date input (day, month and year in three boxes, rendered by
``includes/date_field.html``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms

from councilstat.core.validation import InvalidFigure, check_number
from councilstat.io.cells import CellError, parse_number

__all__ = ["FigureField", "GovukDateField", "ServiceErrorsMixin"]

_MAX_FIGURE_LENGTH = 40


class ServiceErrorsMixin:
    """Put a service's ``ValidationFailed.errors`` on the matching fields (else the form)."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)  # type: ignore[attr-defined]


class FigureField(forms.CharField):
    """A number as people type it: ``78.5``, ``1,234``, ``52%`` or ``£1,250``, within the
    core's bounds for every figure (``check_number``: the same as the file readers' and the
    API's)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        what = str(self.label or "value").split(",")[0].lower()  # "Value, in pounds": "value"
        if not text:
            return None
        if len(text) > _MAX_FIGURE_LENGTH:
            raise forms.ValidationError(f"Enter the {what} as a number, like 78.5")
        try:
            number = parse_number(text, allow_percent_sign=True)
        except CellError:
            raise forms.ValidationError(f"Enter the {what} as a number, like 78.5") from None
        try:
            check_number(number, what)
        except InvalidFigure as error:
            message = str(error)
            raise forms.ValidationError(message[:1].upper() + message[1:]) from None
        return number


class DateWidget(forms.MultiWidget):
    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


@dataclass(frozen=True)
class DatePart:
    label: str
    name: str
    id: str
    value: str


class DateBoundField(forms.BoundField):
    @property
    def parts(self) -> list[DatePart]:
        """The day, month and year boxes: label, name, id and the value to show."""
        value = self.value()
        values = value if isinstance(value, list | tuple) else DateWidget().decompress(value)
        return [
            DatePart(label, f"{self.html_name}_{i}", f"{self.auto_id}_{i}", str(values[i] or ""))
            for i, label in enumerate(("Day", "Month", "Year"))
        ]


class GovukDateField(forms.MultiValueField):
    """A date as GOV.UK asks for one: day, month and year, each in its own box."""

    widget = DateWidget

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> DateBoundField:
        return DateBoundField(form, self, field_name)

    def __init__(self, **kwargs: Any) -> None:
        fields = tuple(forms.CharField(required=False, max_length=4) for _ in range(3))
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        label = str(self.label or "date").lower()
        parts = [str(part or "").strip() for part in data_list]
        missing = [
            name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part
        ]
        if missing:
            raise forms.ValidationError(f"The {label} must include a {' and '.join(missing)}")
        if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
            raise forms.ValidationError(f"The {label} must be a real date, like 12 2 2020")
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise forms.ValidationError(f"The {label} must be a real date") from None
