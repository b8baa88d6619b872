"""A stored plan with its values as the core's plain data, so every figure is computed once,
in ``core``.

Three queries whatever the plan's size: measures (with outcome and priority), targets, and the
observations the caller may see.

A measure's series runs across the years (``plans.adapters.lineage``): the values and targets
of the measures it continues (last year's, renamed or not) are its own for their periods, so
SPC, direction of travel (Q1 against last year's Q4) and trend charts span the years. That costs
one more query a year back, and none for a plan that continues no earlier one; the caller's
observations must include the earlier years' (``collection.selectors.visible_observations``
does).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet

from councilstat.core import plan as core
from councilstat.core.periods import parse_period
from councilstat.web.collection.models import Observation, Status
from councilstat.web.plans.adapters import Lineage, core_measure, core_targets, lineage
from councilstat.web.plans.models import Measure, Plan, Target

__all__ = ["published_as_at", "series_targets", "series_values", "snapshot"]


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


def _joined(rows: Iterable[Observation], joined: Lineage) -> tuple[core.Observation, ...]:
    """The rows of the measures in ``joined``, each as its series' measure's; where two years'
    measures have a value for one period, the later year's."""
    nearest: dict[tuple[str, str], tuple[int, Observation]] = {}
    for row in rows:
        if row.measure_id not in joined:
            continue
        code, back = joined[row.measure_id]
        if (code, row.period) not in nearest or back < nearest[code, row.period][0]:
            nearest[code, row.period] = (back, row)
    chosen = [row for _, row in nearest.values()]
    return _observations(chosen, {pk: code for pk, (code, _) in joined.items()})


def snapshot(
    plan: Plan,
    observations: QuerySet[Observation],
    measures: QuerySet[Measure] | None = None,
) -> core.Plan:
    """The plan with the given observations (already scoped by the caller's selector), each
    measure's series joined across the years it continues."""
    measure_rows = list(
        (measures if measures is not None else plan.measures.all())
        .select_related("outcome__priority", "directorate", "owner")
        .order_by("outcome__priority__order", "outcome__order", "order", "code")
    )
    joined = lineage(measure_rows)
    if len(joined) > len(measure_rows):
        values = _joined(observations.filter(measure_id__in=list(joined)), joined)
        targets = core_targets(plan, measures, joined)
    else:
        if measures is not None:
            observations = observations.filter(measure__in=measures)
        else:
            observations = observations.filter(measure__plan=plan)
        values = _observations(observations.select_related("measure"))
        targets = core_targets(plan, measures)
    return core.Plan(
        measures=tuple(core_measure(m) for m in measure_rows),
        targets=targets,
        observations=values,
        title=plan.title,
        outcome_term=plan.outcome_term,
        outcome_term_plural=plan.outcome_term_plural,
    )


def published_as_at(plan: Plan, moment: datetime) -> core.Plan:
    """The plan with its values as they stood at ``moment``: those published by then, with the
    figure they had then (later restatements undone), from the audit history, each measure's
    series joined across the years it continues. Measures and targets are today's."""
    measure_rows = plan.measures.select_related("outcome__priority", "directorate", "owner")
    measure_rows = measure_rows.order_by("outcome__priority__order", "outcome__order", "order")
    rows = list(measure_rows)
    joined = lineage(rows)
    then = Observation.history.as_of(moment).filter(
        measure_id__in=list(joined), status=Status.PUBLISHED
    )
    continues = len(joined) > len(rows)
    return core.Plan(
        measures=tuple(core_measure(m) for m in rows),
        targets=core_targets(plan, joined=joined if continues else None),
        observations=_joined(then, joined),
        title=plan.title,
        outcome_term=plan.outcome_term,
        outcome_term_plural=plan.outcome_term_plural,
    )


def series_values(measure: Measure, labels: Iterable[str]) -> dict[str, Observation]:
    """The stored values (any status) of ``measure``'s series for the periods ``labels``, by
    label: its own, else those of the earlier years' measures it continues (one query; one
    more a year back when it continues one)."""
    joined = lineage([measure])
    found: dict[str, Observation] = {}
    rows = Observation.objects.filter(measure_id__in=list(joined), period__in=list(labels))
    for row in rows:
        current = found.get(row.period)
        if current is None or joined[row.measure_id][1] < joined[current.measure_id][1]:
            found[row.period] = row
    return found


def series_targets(measure: Measure, labels: Iterable[str]) -> dict[str, Decimal]:
    """The targets of ``measure``'s series set for exactly the periods ``labels``, by label, as
    ``series_values`` finds values."""
    joined = lineage([measure])
    found: dict[str, tuple[int, Decimal]] = {}
    rows = Target.objects.filter(measure_id__in=list(joined), period__in=list(labels))
    for measure_id, period, value in rows.values_list("measure_id", "period", "value"):
        back = joined[measure_id][1]
        if period not in found or back < found[period][0]:
            found[period] = (back, value)
    return {period: value for period, (_, value) in found.items()}
