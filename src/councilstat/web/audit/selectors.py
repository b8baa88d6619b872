"""The audit trail: every recorded change to a measure, its targets and its values, and every
step of a quarter's collection (entry, submission, return, approval, publication, restatement).

Selectors query, presenters never do: these functions read the history tables and resolve every
id a change mentions (users, directorates, measures) into a name, in a fixed number of queries;
``presenters`` puts the result into words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model

from councilstat.core.periods import Quarter
from councilstat.core.plan import Precision
from councilstat.web.accounts.models import Directorate, User
from councilstat.web.collection.models import Observation, PeriodReturn
from councilstat.web.plans.models import Measure, Plan, Target

__all__ = ["FieldChange", "HistoryRecord", "measure_history", "quarter_history"]

# Bookkeeping that changes with every save and says nothing to an auditor, and what the entry's
# subject already says (the measure, the period).
_IGNORED_FIELDS = {"id", "version", "updated_at", "order", "period_end", "period"}


@dataclass(frozen=True)
class FieldChange:
    """One field of a record before and after a change, as stored (ids already resolved to
    names, see ``_resolve``)."""

    field: str
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryRecord:
    """One recorded change, with what a presenter needs to say it in words."""

    when: datetime
    who: str
    kind: str
    """``measure``, ``target``, ``value`` or ``quarter``."""
    action: str
    """``created``, ``changed`` or ``deleted``."""
    measure_code: str
    unit: Precision | None
    period: str
    changes: tuple[FieldChange, ...]
    reason: str


@dataclass(frozen=True)
class _Names:
    users: dict[int, str]
    directorates: dict[int, str]


def _names(organisation_id: int) -> _Names:
    users = User.objects.filter(organisation_id=organisation_id)
    directorates = Directorate.objects.filter(organisation_id=organisation_id)
    return _Names(
        users={u.pk: u.display_name for u in users},
        directorates={d.pk: d.name for d in directorates},
    )


def _shown_field(field: Any) -> bool:
    """Whether a change to ``field`` is worth a line: a person or a directorate is; the plan,
    outcome or measure a record belongs to is already its subject."""
    if not getattr(field, "is_relation", False):
        return field.name not in _IGNORED_FIELDS
    target = field.related_model
    return target is Directorate or (isinstance(target, type) and issubclass(target, User))


def _resolve(field: Any, value: Any, names: _Names) -> Any:
    """A stored value as an auditor reads it: a user's or directorate's name, not its id; a
    choice's label, not its code."""
    if value is None:
        return value
    if getattr(field, "choices", None) and not getattr(field, "is_relation", False):
        return dict(field.flatchoices).get(value, value)
    if not getattr(field, "is_relation", False):
        return value
    target = field.related_model
    if target is User or (isinstance(target, type) and issubclass(target, User)):
        return names.users.get(value, f"a user no longer in this council (#{value})")
    if target is Directorate:
        return names.directorates.get(value, f"a directorate since removed (#{value})")
    return value


def _label(field: Any) -> str:
    return str(getattr(field, "verbose_name", field.name))


def _changes(record: Any, names: _Names) -> tuple[FieldChange, ...]:
    model: type[Model] = record.instance_type
    fields = {f.name: f for f in model._meta.concrete_fields}
    previous = record.prev_record
    if previous is None:
        return tuple(
            FieldChange(name, _label(f), None, _resolve(f, getattr(record, f.attname), names))
            for name, f in fields.items()
            if _shown_field(f) and getattr(record, f.attname) not in (None, "")
        )
    delta = record.diff_against(previous)
    return tuple(
        FieldChange(
            c.field,
            _label(fields[c.field]),
            _resolve(fields[c.field], c.old, names),
            _resolve(fields[c.field], c.new, names),
        )
        for c in delta.changes
        if c.field in fields and _shown_field(fields[c.field])
    )


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def _records(
    records: Iterable[Any],
    names: _Names,
    kind: str,
    describe: Callable[[Any], tuple[str, Precision | None, str]],
) -> list[HistoryRecord]:
    found = []
    for record in records:
        code, unit, period = describe(record)
        user_id = record.history_user_id
        found.append(
            HistoryRecord(
                when=record.history_date,
                who=names.users.get(user_id, "the system") if user_id else "the system",
                kind=kind,
                action=_ACTIONS[record.history_type],
                measure_code=code,
                unit=unit,
                period=period,
                changes=_changes(record, names),
                reason=record.history_change_reason or "",
            )
        )
    return found


def measure_history(measure: Measure) -> list[HistoryRecord]:
    """Every recorded change to ``measure``, its targets and its values, newest first."""
    names = _names(measure.plan.organisation_id)
    unit = measure.precision

    def about(record: Any) -> tuple[str, Precision | None, str]:
        return measure.code, unit, getattr(record, "period", "")

    found = [
        *_records(Measure.history.filter(id=measure.pk), names, "measure", about),
        *_records(Target.history.filter(measure_id=measure.pk), names, "target", about),
        *_records(Observation.history.filter(measure_id=measure.pk), names, "value", about),
    ]
    return sorted(found, key=lambda r: r.when, reverse=True)


def quarter_history(plan: Plan, quarter: Quarter) -> list[HistoryRecord]:
    """Every step of ``quarter``'s collection in ``plan``, newest first: each value's entry,
    submission, return, approval, publication and restatement, and the quarter's own opening,
    deadline and publication."""
    names = _names(plan.organisation_id)
    labels = [str(quarter), *(str(m) for m in quarter.months())]
    if quarter.number == 4:
        labels.append(str(quarter.financial_year))
    measures = {m.pk: (m.code, m.precision) for m in Measure.objects.filter(plan=plan)}

    def about_value(record: Any) -> tuple[str, Precision | None, str]:
        code, unit = measures.get(record.measure_id, ("(a measure since removed)", None))
        return code, unit, record.period

    def about_quarter(record: Any) -> tuple[str, Precision | None, str]:
        return "", None, record.period

    values = Observation.history.filter(measure__plan=plan, period__in=labels)
    returns = PeriodReturn.history.filter(plan=plan, period=str(quarter))
    found = [
        *_records(values, names, "value", about_value),
        *_records(returns, names, "quarter", about_quarter),
    ]
    return sorted(found, key=lambda r: r.when, reverse=True)
