"""A stored plan's measures and targets as the core's plain data, so every figure is computed
once, in ``core``.

The observations are not here: ``collection.figures`` adds them to make the whole plan.
"""

from __future__ import annotations

from django.db.models import QuerySet

from councilstat.core import plan as core
from councilstat.core.periods import parse_period
from councilstat.web.plans.models import Measure, Plan, Target

__all__ = ["core_measure", "core_targets"]


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


def core_targets(plan: Plan, measures: QuerySet[Measure] | None = None) -> tuple[core.Target, ...]:
    """The plan's targets (those of ``measures`` only, when given) as the core's: one query."""
    targets = Target.objects.filter(measure__plan=plan).select_related("measure")
    if measures is not None:
        targets = targets.filter(measure__in=measures)
    return tuple(
        core.Target(t.measure.code, parse_period(t.period), t.value.normalize()) for t in targets
    )
