"""A stored plan as the core's plain data, so every figure is computed once, in ``core``.

Three queries whatever the plan's size: measures (with outcome and priority), targets, and the
observations the caller may see.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet

from councilstat.core import plan as core
from councilstat.core.periods import parse_period
from councilstat.web.collection.models import Observation, Status
from councilstat.web.plans.models import Measure, Plan, Target

__all__ = ["core_measure", "published_as_at", "snapshot"]


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


def _observations(
    rows: Iterable[Observation], codes: dict[int, str] | None = None
) -> tuple[core.Observation, ...]:
    return tuple(
        core.Observation(
            code=codes[row.measure_id] if codes is not None else row.measure.code,
            period=parse_period(row.period),
            value=row.value.normalize(),
            numerator=row.numerator,
            denominator=row.denominator,
            note=row.commentary,
        )
        for row in rows
    )


def snapshot(
    plan: Plan,
    observations: QuerySet[Observation],
    measures: QuerySet[Measure] | None = None,
) -> core.Plan:
    """The plan with the given observations (already scoped by the caller's selector)."""
    measure_rows = (
        (measures if measures is not None else plan.measures.all())
        .select_related("outcome__priority", "directorate", "owner")
        .order_by("outcome__priority__order", "outcome__order", "order", "code")
    )
    targets = Target.objects.filter(measure__plan=plan).select_related("measure")
    if measures is not None:
        targets = targets.filter(measure__in=measures)
        observations = observations.filter(measure__in=measures)
    return core.Plan(
        measures=tuple(core_measure(m) for m in measure_rows),
        targets=tuple(
            core.Target(t.measure.code, parse_period(t.period), t.value.normalize())
            for t in targets
        ),
        observations=_observations(observations.select_related("measure")),
        title=plan.title,
    )


def published_as_at(plan: Plan, moment: datetime) -> core.Plan:
    """The plan with its values as they stood at ``moment``: those published by then, with the
    figure they had then (later restatements undone), from the audit history. Measures and
    targets are today's."""
    measure_rows = plan.measures.select_related("outcome__priority", "directorate", "owner")
    measure_rows = measure_rows.order_by("outcome__priority__order", "outcome__order", "order")
    codes = {m.pk: m.code for m in measure_rows}
    then = Observation.history.as_of(moment).filter(
        measure_id__in=list(codes), status=Status.PUBLISHED
    )
    targets = Target.objects.filter(measure__plan=plan).select_related("measure")
    return core.Plan(
        measures=tuple(core_measure(m) for m in measure_rows),
        targets=tuple(
            core.Target(t.measure.code, parse_period(t.period), t.value.normalize())
            for t in targets
        ),
        observations=_observations(then, codes),
        title=plan.title,
    )
