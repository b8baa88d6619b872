"""The audit trail in words: "Value for 1A8, September 2019: 77.6% → 80.2%, restated by Jo Bloggs
on 18 Nov 2019 at 14:05: reason …".

Selectors query, presenters never do: this module only words what ``selectors`` read. Figures
are shown as the rest of the service shows the measure's figures (``reports.formatting``), names
not ids, times to the minute in the service's time zone (UK time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from councilstat.core.errors import CouncilStatError
from councilstat.core.periods import Month, parse_period
from councilstat.core.plan import Precision
from councilstat.reports.formatting import format_value
from councilstat.web.audit.selectors import FieldChange, HistoryRecord
from councilstat.web.collection.models import Status

__all__ = ["AuditLine", "audit_lines", "when_text"]

# Fields whose figure is in the measure's unit; other decimals are plain numbers.
_FIGURES = {"value", "reported_value"}
# Fields that are the sentence's verb rather than a detail.
_WORKFLOW = {
    "status",
    "submitted_at",
    "approved_at",
    "approved_by",
    "published_at",
    "published_by",
    "restated_at",
    "entered_by",
}
# How the collection services name each step in the reason they record.
_STEP_NAMES = {"Saved as draft", "Submitted", "Returned", "Approved", "Restated", "Entered"}
# Keyed by the status's label, as the selectors give choices.
_STATUS_VERBS = {
    str(Status.DRAFT.label): "saved as a draft",
    str(Status.SUBMITTED.label): "submitted",
    str(Status.RETURNED.label): "returned to its owner",
    str(Status.APPROVED.label): "approved",
    str(Status.PUBLISHED.label): "published",
}


@dataclass(frozen=True)
class AuditLine:
    """One change as a sentence, with its details (the other fields that changed) and the parts
    a CSV export keeps apart."""

    when: dt.datetime
    who: str
    subject: str
    sentence: str
    details: tuple[str, ...]
    reason: str


def when_text(moment: dt.datetime) -> str:
    """``18 Nov 2019 at 14:05``, in the service's time zone."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b %Y} at {local:%H:%M}"


def _period_words(label: str) -> str:
    """``September 2019`` for a month; quarters and years as written (``2019/20 Q2``)."""
    try:
        period = parse_period(label)
    except CouncilStatError:
        return label
    if isinstance(period, Month):
        return f"{period.start:%B %Y}"
    return str(period)


def _shown(change_field: str, value: Any, unit: Precision | None) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, Decimal):
        if change_field in _FIGURES and unit is not None:
            return format_value(value, unit)
        return f"{value.normalize():,f}"
    if isinstance(value, dt.datetime):
        return when_text(value)
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):  # a measure's series breaks
        return "; ".join(str(item) for item in value) or "(none)"
    text = str(value)
    return f"“{text}”" if " " in text and len(text) > 40 else text


def _detail(change: FieldChange, unit: Precision | None) -> str:
    label = change.label[:1].upper() + change.label[1:]
    new = _shown(change.field, change.new, unit)
    if change.old is None or change.old == "":
        return f"{label}: {new}"
    return f"{label}: {_shown(change.field, change.old, unit)} → {new}"


def _value_verb(record: HistoryRecord, changed: dict[str, FieldChange]) -> str:
    if record.action == "created":
        return "entered"
    if record.action == "deleted":
        return "deleted"
    if "restated_at" in changed and changed["restated_at"].new is not None:
        return "restated"
    if "status" in changed:
        return _STATUS_VERBS.get(str(changed["status"].new), "changed")
    return "changed"


def _quarter_verb(record: HistoryRecord, changed: dict[str, FieldChange]) -> str:
    if record.action == "created":
        return "opened for entry"
    if "published_at" in changed and changed["published_at"].new is not None:
        return "published"
    if "deadline" in changed:
        return "deadline changed"
    if "opened_to_members" in changed:
        return (
            "opened to councillors" if changed["opened_to_members"].new else "closed to councillors"
        )
    return "changed"


def _reason_words(reason: str) -> str:
    """The reason a person gave, without the service's own name for the step ("Restated: late
    returns" says "late returns"; a bare "Submitted" or "Approved" adds nothing to the verb)."""
    step, sep, given = reason.partition(": ")
    if sep and step in _STEP_NAMES:
        return given
    if reason in _STEP_NAMES or reason.startswith("Published with "):
        return ""
    return reason


def _line(record: HistoryRecord) -> AuditLine:
    changed = {c.field: c for c in record.changes}
    period = _period_words(record.period) if record.period else ""
    headline = ""
    if record.kind == "value":
        subject = f"Value for {record.measure_code}, {period}"
        verb = _value_verb(record, changed)
        figure = changed.get("value")
        if figure is not None:
            headline = _detail(figure, record.unit).split(": ", 1)[1] + ", "
        shown = set(_WORKFLOW) | {"value", "return_reason", "restatement_reason"}
    elif record.kind == "target":
        subject = f"Target for {record.measure_code}, {period}"
        verb = record.action
        figure = changed.get("value")
        if figure is not None:
            headline = _detail(figure, record.unit).split(": ", 1)[1] + ", "
        shown = {"value", "measure"}
    elif record.kind == "quarter":
        subject = f"Quarter {period}"
        verb = _quarter_verb(record, changed)
        shown = {"published_by", "plan"}
    else:
        subject = f"Measure {record.measure_code}"
        verb = record.action
        shown = {"plan"}
    details = tuple(
        _detail(c, record.unit)
        for c in record.changes
        if c.field not in shown and not c.field.endswith("_id")
    )
    sentence = f"{subject}: {headline}{verb} by {record.who} on {when_text(record.when)}"
    reason = _reason_words(record.reason)
    if reason:
        sentence += f": {reason}"
    return AuditLine(record.when, record.who, subject, sentence, details, record.reason)


def audit_lines(records: list[HistoryRecord]) -> list[AuditLine]:
    """Each recorded change as a sentence, in the order given."""
    return [_line(r) for r in records]
