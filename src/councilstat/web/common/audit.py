"""Attach the reason for a change to the audit record django-simple-history writes on save."""

from __future__ import annotations

from django.db.models import Model

__all__ = ["with_reason"]


def with_reason(instance: Model, reason: str) -> None:
    """The next ``instance.save()`` records ``reason`` as the change reason."""
    instance._change_reason = reason  # type: ignore[attr-defined]
