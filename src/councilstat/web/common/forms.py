"""What every app's forms share: a service's refusal shown on the form."""

from __future__ import annotations

from django import forms

__all__ = ["ServiceErrorsMixin"]


class ServiceErrorsMixin:
    """Put a service's ``ValidationFailed.errors`` on the matching fields (else the form)."""

    fields: dict[str, forms.Field]

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)  # type: ignore[attr-defined]
