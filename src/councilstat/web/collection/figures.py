"""A stored plan with its values as the core's plain data, so every figure is computed once,
in ``core``.

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
from councilstat.web.plans.adapters import core_measure, core_targets
from councilstat.web.plans.models import Measure, Plan

__all__ = ["published_as_at", "snapshot"]


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
    if measures is not None:
        observations = observations.filter(measure__in=measures)
    return core.Plan(
        measures=tuple(core_measure(m) for m in measure_rows),
        targets=core_targets(plan, measures),
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
    return core.Plan(
        measures=tuple(core_measure(m) for m in measure_rows),
        targets=core_targets(plan),
        observations=_observations(then, codes),
        title=plan.title,
    )
