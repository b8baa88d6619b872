"""A stored plan's measures and targets as the core's plain data, so every figure is computed
once, in ``core``.

The observations are not here: ``collection.figures`` adds them to make the whole plan.

A measure's series runs across the years: the measures it continues (``Measure.previous``,
last year's, the year before's...) belong to it, and their targets and values are its own for
their periods (``lineage``). Where two years' measures both have one for a period, the later
year's wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import QuerySet

from councilstat.core import plan as core
from councilstat.core.periods import parse_period
from councilstat.web.accounts.models import User
from councilstat.web.plans.models import Measure, Plan, Target

__all__ = [
    "MEASURE_FIELDS",
    "Lineage",
    "MeasureRow",
    "TargetRow",
    "core_measure",
    "core_measure_of",
    "core_targets",
    "core_targets_of",
    "lineage",
    "lineage_of",
]

Lineage = dict[int, tuple[str, int]]
"""Stored measure id to the code of the measure whose series it belongs to, and how many years
back it is (0: the measure itself)."""

MAX_YEARS_BACK = 50


class MeasureRow(NamedTuple):
    """What the core's ``Measure`` is made from, read as one plain row (``MEASURE_FIELDS``):
    a large plan's measures cost a fraction of their model instances this way."""

    pk: int
    code: str
    previous_id: int | None
    title: str
    priority_code: str
    priority_title: str
    outcome_code: str
    outcome_title: str
    unit: str
    polarity: str
    frequency: str
    tolerance_kind: str
    tolerance_amount: Decimal
    aggregation: str
    cumulative: bool
    decimal_places: int | None
    can_exceed_100: bool
    directorate: str | None
    owner_first_name: str | None
    owner_last_name: str | None
    owner_username: str | None
    definition: str
    source: str
    series_breaks: list[str]


MEASURE_FIELDS = (
    "pk",
    "code",
    "previous_id",
    "title",
    "outcome__priority__code",
    "outcome__priority__title",
    "outcome__code",
    "outcome__title",
    "unit",
    "polarity",
    "frequency",
    "tolerance_kind",
    "tolerance_amount",
    "aggregation",
    "cumulative",
    "decimal_places",
    "can_exceed_100",
    "directorate__name",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
    "definition",
    "source",
    "series_breaks",
)
"""The columns of a ``MeasureRow``, in its order, for ``QuerySet.values_list``."""

TargetRow = tuple[str, str, Decimal, Decimal | None]
"""A target as plain values: measure code, period, value, top of its band (or ``None``)."""


def _value(instance: Any, path: str) -> Any:
    """``outcome__priority__code`` of a model instance (``None`` past an empty relation)."""
    for name in path.split("__"):
        if instance is None:
            return None
        instance = getattr(instance, name)
    return instance


def lineage(measures: Iterable[Measure]) -> Lineage:
    """``measures`` and the earlier years' measures each continues, by id (see ``Lineage``).

    No query when none of ``measures`` continues another; otherwise one a year further back.
    """
    return lineage_of((m.pk, m.code, m.previous_id) for m in measures)


def lineage_of(measures: Iterable[tuple[int, str, int | None]]) -> Lineage:
    """``lineage`` of measures given as their id, code and the id of the one they continue
    (the first three columns of a ``MeasureRow``)."""
    rows = list(measures)
    found: Lineage = {pk: (code, 0) for pk, code, _ in rows}
    frontier = {
        previous: (code, 1)
        for _, code, previous in rows
        if previous is not None and previous not in found
    }
    while frontier:
        found.update(frontier)
        earlier = Measure.objects.filter(pk__in=list(frontier), previous__isnull=False)
        frontier = {
            previous: (frontier[pk][0], frontier[pk][1] + 1)
            for pk, previous in earlier.values_list("pk", "previous_id")
            if previous not in found and frontier[pk][1] < MAX_YEARS_BACK
        }
    return found


def core_measure(measure: Measure) -> core.Measure:
    """One stored measure as the core's ``Measure`` (needs outcome and priority loaded)."""
    return core_measure_of(MeasureRow(*(_value(measure, path) for path in MEASURE_FIELDS)))


def core_measure_of(row: MeasureRow) -> core.Measure:
    """A measure read as a ``MeasureRow`` as the core's ``Measure``."""
    owner = ""
    if row.owner_username is not None:
        named = User(
            first_name=row.owner_first_name or "",
            last_name=row.owner_last_name or "",
            username=row.owner_username,
        )
        owner = named.display_name
    return core.Measure(
        code=row.code,
        title=row.title,
        priority=core.Priority(row.priority_code, row.priority_title),
        outcome=core.Outcome(row.outcome_code, row.outcome_title, row.priority_code),
        unit=core.Unit(row.unit),
        polarity=core.Polarity(row.polarity),
        frequency=core.Frequency(row.frequency),
        tolerance=core.Tolerance(core.ToleranceKind(row.tolerance_kind), row.tolerance_amount),
        aggregation=core.Aggregation(row.aggregation),
        cumulative=row.cumulative,
        decimal_places=row.decimal_places,
        can_exceed_100=row.can_exceed_100,
        directorate=row.directorate or "",
        owner=owner,
        definition=row.definition,
        source=row.source,
        breaks=tuple(parse_period(label) for label in row.series_breaks),
    )


def core_targets(
    plan: Plan, measures: QuerySet[Measure] | None = None, joined: Lineage | None = None
) -> tuple[core.Target, ...]:
    """The plan's targets (those of ``measures`` only, when given) as the core's: one query.

    With ``joined`` (``lineage`` of the measures), the earlier years' targets of the measures
    they continue come too, each as its series' measure's.
    """
    if joined is not None and any(back for _, back in joined.values()):
        rows = Target.objects.filter(measure_id__in=list(joined))
        nearest: dict[tuple[str, str], tuple[int, Target]] = {}
        for row in rows:
            code, back = joined[row.measure_id]
            if (code, row.period) not in nearest or back < nearest[code, row.period][0]:
                nearest[code, row.period] = (back, row)
        return core_targets_of(
            (code, period, row.value, row.upper) for (code, period), (_, row) in nearest.items()
        )
    targets = Target.objects.filter(measure__plan=plan)
    if measures is not None:
        targets = targets.filter(measure__in=measures)
    return core_targets_of(targets.values_list("measure__code", "period", "value", "upper"))


def core_targets_of(rows: Iterable[TargetRow]) -> tuple[core.Target, ...]:
    """Targets as plain values (``TargetRow``) as the core's."""
    return tuple(
        core.Target(code, parse_period(period), value.normalize(), _top(upper))
        for code, period, value, upper in rows
    )


def _top(upper: Decimal | None) -> Decimal | None:
    """The top of a target band as the core's (``None`` for a plain target)."""
    return upper.normalize() if upper is not None else None
