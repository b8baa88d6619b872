"""The audit trail of a measure: every change to it, its targets and its values.

Each entry says who, when (UTC), what changed from what to what, and why (the change reason
recorded by the service that made it).

Selectors query, presenters never do: the views and the CSV download only format what these
functions read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from councilstat.web.collection.models import Observation
from councilstat.web.plans.models import Measure, Target

__all__ = ["AuditEntry", "measure_history"]

_IGNORED_FIELDS = {"version", "updated_at", "order"}


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    who: str
    subject: str
    action: str
    changes: tuple[tuple[str, str, str], ...]
    """(field, old, new) for each field that changed."""
    reason: str


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _entries(records: list[Any], subject: Any) -> list[AuditEntry]:
    entries = []
    for record in records:
        previous = record.prev_record
        if previous is None:
            changes = tuple(
                (f.name, "", _text(getattr(record, f.attname)))
                for f in record.instance_type._meta.concrete_fields
                if f.name not in _IGNORED_FIELDS | {"id"}
                and getattr(record, f.attname) not in (None, "")
            )
        else:
            delta = record.diff_against(previous)
            changes = tuple(
                (c.field, _text(c.old), _text(c.new))
                for c in delta.changes
                if c.field not in _IGNORED_FIELDS
            )
        user = record.history_user
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=user.get_username() if user else "system",
                subject=subject(record),
                action={"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type],
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def measure_history(measure: Measure) -> list[AuditEntry]:
    """Every recorded change to ``measure``, its targets and observations, newest first."""
    histories = (
        (
            list(Measure.history.filter(id=measure.pk).select_related("history_user")),
            lambda r: f"Measure {r.code}",
        ),
        (
            list(Target.history.filter(measure_id=measure.pk).select_related("history_user")),
            lambda r: f"Target {r.period}",
        ),
        (
            list(Observation.history.filter(measure_id=measure.pk).select_related("history_user")),
            lambda r: f"Value {r.period}",
        ),
    )
    entries = [entry for records, subject in histories for entry in _entries(records, subject)]
    return sorted(entries, key=lambda e: e.when, reverse=True)
