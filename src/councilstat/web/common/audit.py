"""Attach the reason for a change, and who made it, to the audit record django-simple-history
writes on save."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

__all__ = ["with_reason"]


def with_reason(instance: Model, reason: str, by: Any = None) -> None:
    """The next ``instance.save()`` records ``reason`` as the change reason and, when given,
    ``by`` as the person who made it: services name the acting user, so the audit trail names
    them outside a web request too (commands, imports, the demo loader). Without ``by`` the
    request's user is recorded, or no one (the system)."""
    instance._change_reason = reason  # type: ignore[attr-defined]
    if by is not None:
        instance._history_user = by  # type: ignore[attr-defined]
