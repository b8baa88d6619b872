"""Writes to comparator data: import values, import a group's areas, map a measure to a metric
(and remove that link).

Each import reads and checks the whole file first (``io.comparators``), then writes in one
transaction: a file with any problem changes nothing. Values are keyed by organisation,
metric, area and period; importing a value again replaces it, and values not in the file are
kept. Only the performance team imports (``Permission.IMPORT_DATA``).

Each write comes twice: ``import_values(user, ...)`` checks the acting user's permission and
takes their organisation; ``import_values_unchecked(organisation, ...)`` is the same write
with no user to check, for commands and the demonstration loader. A link between a measure
and a metric is audited: each change is kept in its history with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from councilstat.core import plan as core
from councilstat.io.comparators import read_group_areas, read_values
from councilstat.io.problems import Problem
from councilstat.io.tables import Table
from councilstat.web.accounts.models import Organisation, User
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.benchmarking.models import (
    Area,
    ComparatorGroup,
    ComparatorSharing,
    ComparatorValue,
    GroupKind,
    MeasureBenchmark,
)
from councilstat.web.common.audit import with_reason
from councilstat.web.common.errors import ValidationFailed, WorkflowError
from councilstat.web.plans.models import Measure

__all__ = [
    "Metric",
    "ValuesImported",
    "accept_sharing",
    "end_sharing",
    "import_group",
    "import_group_unchecked",
    "import_values",
    "import_values_unchecked",
    "map_measure",
    "map_measure_unchecked",
    "offer_sharing",
    "unlink_measure",
    "unlink_measure_unchecked",
]


@dataclass(frozen=True)
class ValuesImported:
    created: int
    updated: int
    warnings: tuple[Problem, ...]


def _organisation(user: User) -> Organisation:
    require(user, Permission.IMPORT_DATA)
    if user.organisation is None:
        raise PermissionDenied("the user belongs to no organisation")
    return user.organisation


def _areas(organisation: Organisation, names: dict[str, str]) -> dict[str, Area]:
    """The organisation's areas for ``names`` (code to name), created or renamed as needed."""
    existing = {a.code: a for a in Area.objects.filter(organisation=organisation, code__in=names)}
    renamed = []
    for code, name in names.items():
        area = existing.get(code)
        if area is None:
            existing[code] = Area.objects.create(organisation=organisation, code=code, name=name)
        elif area.name != name:
            area.name = name
            renamed.append(area)
    Area.objects.bulk_update(renamed, ["name"])
    return existing


@transaction.atomic
def import_values_unchecked(organisation: Organisation, table: Table) -> ValuesImported:
    """Check ``table`` and store its values for ``organisation``, all or nothing (no user is
    checked: ``import_values`` is the performance team's)."""
    loaded = read_values(table)
    areas = _areas(organisation, {r.area_code: r.area_name for r in loaded.rows})
    metrics = {r.metric for r in loaded.rows}
    existing = {
        (v.metric, v.area_id, v.period): v
        for v in ComparatorValue.objects.select_for_update().filter(
            organisation=organisation, metric__in=metrics
        )
    }
    created, updated = [], []
    now = timezone.now()
    for row in loaded.rows:
        area = areas[row.area_code]
        figures = {"value": row.value, "numerator": row.numerator, "denominator": row.denominator}
        current = existing.get((row.metric, area.pk, str(row.period)))
        if current is None:
            created.append(
                ComparatorValue(
                    organisation=organisation,
                    metric=row.metric,
                    area=area,
                    period=str(row.period),
                    period_end=row.period.end,
                    changed_at=now,
                    **figures,
                )
            )
        elif any(getattr(current, k) != v for k, v in figures.items()):
            for name, number in figures.items():
                setattr(current, name, number)
            current.changed_at = now
            updated.append(current)
    ComparatorValue.objects.bulk_create(created)
    ComparatorValue.objects.bulk_update(
        updated, ["value", "numerator", "denominator", "changed_at"]
    )
    return ValuesImported(len(created), len(updated), loaded.warnings)


def import_values(user: User, table: Table) -> ValuesImported:
    """The performance team's import of comparator values for their organisation."""
    return import_values_unchecked(_organisation(user), table)


@transaction.atomic
def import_group_unchecked(
    organisation: Organisation,
    table: Table,
    *,
    name: str,
    kind: GroupKind = GroupKind.NAMED,
    source: str = "",
) -> ComparatorGroup:
    """Create or replace the group ``name`` with the areas in ``table``, all or nothing (no
    user is checked: ``import_group`` is the performance team's)."""
    members = read_group_areas(table)
    areas = _areas(organisation, {m.area_code: m.area_name for m in members})
    subject = next(areas[m.area_code] for m in members if m.subject)
    group, _ = ComparatorGroup.objects.update_or_create(
        organisation=organisation,
        name=name,
        defaults={
            "kind": kind,
            "subject": subject,
            "source": source,
            "changed_at": timezone.now(),
        },
    )
    group.areas.set([areas[m.area_code] for m in members])
    return group


def import_group(
    user: User, table: Table, *, name: str, kind: GroupKind, source: str = ""
) -> ComparatorGroup:
    """The performance team's import of a comparator group for their organisation."""
    return import_group_unchecked(_organisation(user), table, name=name, kind=kind, source=source)


@dataclass(frozen=True)
class Metric:
    """A national metric as a measure is compared with it."""

    metric: str
    title: str
    unit: core.Unit
    polarity: core.Polarity
    source: str = ""
    note: str = ""


@transaction.atomic
def map_measure_unchecked(
    measure: Measure, metric: Metric, group: ComparatorGroup, *, reason: str = ""
) -> MeasureBenchmark:
    """Compare ``measure`` with ``metric`` across ``group`` (replacing any earlier mapping).

    No user is checked (``map_measure`` is the performance team's), but the group must be the
    measure's organisation's: ``PermissionDenied`` otherwise.
    """
    if group.organisation_id != measure.plan.organisation_id:
        raise PermissionDenied("the group belongs to another organisation")
    mapping = MeasureBenchmark.objects.select_for_update().filter(measure=measure).first()
    if mapping is None:
        mapping = MeasureBenchmark(measure=measure)
    mapping.metric = metric.metric.strip()
    mapping.title = metric.title.strip()
    mapping.unit = core.Unit(metric.unit).value
    mapping.polarity = core.Polarity(metric.polarity).value
    mapping.group = group
    mapping.source = metric.source
    mapping.note = metric.note
    with_reason(mapping, reason or f"Compared with {mapping.metric} across {group.name}")
    mapping.save()
    return mapping


def map_measure(
    user: User, measure: Measure, metric: Metric, group: ComparatorGroup
) -> MeasureBenchmark:
    """The performance team's mapping of one of their measures to a national metric."""
    require(user, Permission.MANAGE_PLAN)
    if measure.plan.organisation_id != user.organisation_id:
        raise PermissionDenied("the measure belongs to another organisation")
    return map_measure_unchecked(
        measure,
        metric,
        group,
        reason=f"Compared with {metric.metric} across {group.name} by {user.get_username()}",
    )


@transaction.atomic
def unlink_measure_unchecked(measure: Measure, *, reason: str = "") -> bool:
    """Stop comparing ``measure`` with a national metric; whether it had one. No user is
    checked: ``unlink_measure`` is the performance team's."""
    mapping = MeasureBenchmark.objects.select_for_update().filter(measure=measure).first()
    if mapping is None:
        return False
    with_reason(mapping, reason or "No longer compared with a national metric")
    mapping.delete()
    return True


def unlink_measure(user: User, measure: Measure) -> bool:
    """The performance team stops comparing one of their measures with a national metric."""
    require(user, Permission.MANAGE_PLAN)
    if measure.plan.organisation_id != user.organisation_id:
        raise PermissionDenied("the measure belongs to another organisation")
    return unlink_measure_unchecked(
        measure, reason=f"No longer compared with a national metric ({user.get_username()})"
    )


# Sharing comparator data between councils, by agreement ----------------------------------------


@transaction.atomic
def offer_sharing(user: User, recipient: Organisation) -> ComparatorSharing:
    """Offer the user's council's comparator values to ``recipient`` (its performance team
    accepts or not). An offer already live is returned as it is."""
    provider = _organisation(user)
    if recipient.pk == provider.pk:
        raise ValidationFailed({"recipient": "Choose another council: yours has its own data"})
    live = ComparatorSharing.objects.filter(
        provider=provider, recipient=recipient, ended_at__isnull=True
    ).first()
    if live is not None:
        return live
    sharing = ComparatorSharing(provider=provider, recipient=recipient, offered_by=user)
    with_reason(sharing, f"Offered to {recipient.name} by {user.display_name}", user)
    sharing.save()
    return sharing


def _live(sharing: ComparatorSharing) -> ComparatorSharing:
    current = ComparatorSharing.objects.select_for_update().get(pk=sharing.pk)
    if current.ended_at is not None:
        raise WorkflowError("this sharing has ended")
    return current


@transaction.atomic
def accept_sharing(user: User, sharing: ComparatorSharing) -> ComparatorSharing:
    """The recipient's performance team accepts an offer: its comparisons use the values."""
    organisation = _organisation(user)
    current = _live(sharing)
    if current.recipient_id != organisation.pk:
        raise PermissionDenied("only the council offered the data accepts it")
    if current.accepted_at is not None:
        return current
    current.accepted_by, current.accepted_at = user, timezone.now()
    with_reason(current, f"Accepted by {user.display_name}", user)
    current.save()
    return current


@transaction.atomic
def end_sharing(user: User, sharing: ComparatorSharing) -> ComparatorSharing:
    """Either council ends the sharing (an offer withdrawn or declined, or sharing stopped):
    the recipient's comparisons no longer use the provider's values."""
    organisation = _organisation(user)
    current = _live(sharing)
    if organisation.pk not in (current.provider_id, current.recipient_id):
        raise PermissionDenied("only the two councils end their sharing")
    current.ended_by, current.ended_at = user, timezone.now()
    with_reason(current, f"Ended by {user.display_name} of {organisation.name}", user)
    current.save()
    return current
