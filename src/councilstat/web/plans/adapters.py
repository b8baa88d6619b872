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

from django.db.models import QuerySet

from councilstat.core import plan as core
from councilstat.core.periods import parse_period
from councilstat.web.plans.models import Measure, Plan, Target

__all__ = ["Lineage", "core_measure", "core_targets", "lineage"]

Lineage = dict[int, tuple[str, int]]
"""Stored measure id to the code of the measure whose series it belongs to, and how many years
back it is (0: the measure itself)."""

MAX_YEARS_BACK = 50


def lineage(measures: Iterable[Measure]) -> Lineage:
    """``measures`` and the earlier years' measures each continues, by id (see ``Lineage``).

    No query when none of ``measures`` continues another; otherwise one a year further back.
    """
    found: Lineage = {m.pk: (m.code, 0) for m in measures}
    frontier = {
        m.previous_id: (m.code, 1)
        for m in measures
        if m.previous_id is not None and m.previous_id not in found
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
    outcome = measure.outcome
    priority = outcome.priority
    return core.Measure(
        code=measure.code,
        title=measure.title,
        priority=core.Priority(priority.code, priority.title),
        outcome=core.Outcome(outcome.code, outcome.title, priority.code),
        unit=core.Unit(measure.unit),
        polarity=core.Polarity(measure.polarity),
        frequency=core.Frequency(measure.frequency),
        tolerance=measure.tolerance,
        aggregation=core.Aggregation(measure.aggregation),
        cumulative=measure.cumulative,
        directorate=measure.directorate.name if measure.directorate else "",
        owner=measure.owner.display_name if measure.owner else "",
        definition=measure.definition,
        source=measure.source,
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
        return tuple(
            core.Target(code, parse_period(period), row.value.normalize(), _top(row.upper))
            for (code, period), (_, row) in nearest.items()
        )
    targets = Target.objects.filter(measure__plan=plan)
    if measures is not None:
        targets = targets.filter(measure__in=measures)
    read = targets.values_list("measure__code", "period", "value", "upper")
    return tuple(
        core.Target(code, parse_period(period), value.normalize(), _top(upper))
        for code, period, value, upper in read
    )


def _top(upper: Decimal | None) -> Decimal | None:
    """The top of a target band as the core's (``None`` for a plain target)."""
    return upper.normalize() if upper is not None else None
