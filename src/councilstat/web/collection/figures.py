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

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from itertools import chain
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.constants import MULTI

from councilstat.core import plan as core
from councilstat.core.periods import Period, parse_period
from councilstat.web.collection.models import Observation, Status
from councilstat.web.plans.adapters import (
    MEASURE_FIELDS,
    Lineage,
    MeasureRow,
    core_measure,
    core_measure_of,
    core_targets,
    core_targets_of,
    lineage,
    lineage_of,
)
from councilstat.web.plans.models import Measure, Plan, Target

__all__ = [
    "PlanReading",
    "published_as_at",
    "read_plan",
    "series_targets",
    "series_values",
    "snapshot",
]


_FIELDS = ("measure_id", "period", "value", "numerator", "denominator", "commentary")
"""The columns of a stored value that the figures need, read as plain tuples: building a model
instance for each of a large plan's tens of thousands of values would cost most of a page."""

Row = tuple[int, str, Decimal, Decimal | None, Decimal | None, str]


def _observations(rows: Iterable[Row], codes: dict[int, str]) -> tuple[core.Observation, ...]:
    periods: dict[str, Period] = {}
    found = []
    for measure_id, label, value, numerator, denominator, commentary in rows:
        period = periods.get(label)
        if period is None:
            period = periods[label] = parse_period(label)
        found.append(
            core.Observation(
                code=codes[measure_id],
                period=period,
                value=value.normalize(),
                numerator=numerator,
                denominator=denominator,
                note=commentary,
            )
        )
    return tuple(found)


def _joined(rows: Iterable[Row], joined: Lineage) -> tuple[core.Observation, ...]:
    """The rows of the measures in ``joined``, each as its series' measure's; where two years'
    measures have a value for one period, the later year's."""
    nearest: dict[tuple[str, str], tuple[int, Row]] = {}
    for row in rows:
        if row[0] not in joined:
            continue
        code, back = joined[row[0]]
        if (code, row[1]) not in nearest or back < nearest[code, row[1]][0]:
            nearest[code, row[1]] = (back, row)
    chosen = [row for _, row in nearest.values()]
    return _observations(chosen, {pk: code for pk, (code, _) in joined.items()})


@dataclass(frozen=True)
class _Unconverted:
    """Rows of a ``values_list`` query as the database returned them, made Python values
    (decimals, lists from JSON) by the query's own converters only when ``converted`` is asked
    for. A stamp needs the rows, not their conversion, which for a large plan's targets costs
    more than the query."""

    rows: tuple[tuple[Any, ...], ...]
    compiler: SQLCompiler

    @classmethod
    def read(cls, query: QuerySet[Any]) -> _Unconverted:
        compiler = query.query.get_compiler(query.db)
        return cls(tuple(chain.from_iterable(compiler.execute_sql(MULTI))), compiler)

    def converted(self) -> list[tuple[Any, ...]]:
        """The rows as ``values_list`` gives them (the compiler's ``results_iter`` over the
        rows already read, so no second query)."""
        converted = self.compiler.results_iter(results=[list(self.rows)], tuple_expected=True)
        return [tuple(row) for row in converted]


_TARGET_FIELDS = ("measure_id", "period", "value", "upper")


@dataclass(frozen=True)
class PlanReading:
    """What ``snapshot`` reads of a plan before its values: the measures, their series joined
    across the years (``lineage``), the targets, and the stored values to read (scoped by the
    caller's selector and to these measures).

    The measures and targets are read as the database gives them and made the core's only
    when asked for (``measures``, ``targets``, ``plan``): a caller that keeps what it computed
    under the ``stamp`` pays, while nothing changes, for reading them, not for making them."""

    title: str
    outcome_term: str
    outcome_term_plural: str
    measure_rows: _Unconverted
    """``plans.adapters.MEASURE_FIELDS`` of each measure, in plan order."""
    joined: Lineage
    target_rows: _Unconverted
    """``_TARGET_FIELDS`` of each target of the measures' series (where two years' measures
    have one for a period, the later year's)."""
    observations: QuerySet[Observation]

    @cached_property
    def measures(self) -> tuple[core.Measure, ...]:
        return tuple(core_measure_of(MeasureRow(*row)) for row in self.measure_rows.converted())

    @cached_property
    def targets(self) -> tuple[core.Target, ...]:
        return core_targets_of(
            (self.joined[measure_id][0], period, value, upper)
            for measure_id, period, value, upper in self.target_rows.converted()
        )

    def stamp(self) -> str:
        """A value that changes whenever the plan ``snapshot`` would build changes: everything
        read so far (as the database gave it), the values' query, and the count, newest row,
        latest save and total version of the values it selects (every save of a value raises
        its version and its ``updated_at``; a deletion lowers the count). One query."""
        values = self.observations.aggregate(
            count=Count("pk"), newest=Max("pk"), saved=Max("updated_at"), versions=Sum("version")
        )
        read = (
            self.title,
            self.outcome_term,
            self.outcome_term_plural,
            self.measure_rows.rows,
            sorted(self.joined.items()),
            self.target_rows.rows,
            str(self.observations.query),
            sorted(values.items()),
        )
        # Pickled rather than repr'd: as exact (every value, its type and sign), in a third of
        # the time for a large plan's targets.
        return hashlib.sha256(pickle.dumps(read, protocol=5)).hexdigest()

    def plan(self) -> core.Plan:
        """The plan with its values, each measure's series joined across the years."""
        rows = self.observations.values_list(*_FIELDS)
        return core.Plan(
            measures=self.measures,
            targets=self.targets,
            observations=_joined(rows, self.joined),
            title=self.title,
            outcome_term=self.outcome_term,
            outcome_term_plural=self.outcome_term_plural,
        )


def _nearest(targets: _Unconverted, joined: Lineage) -> _Unconverted:
    """The targets of each series, the later year's where two years' measures have one for a
    period (``_TARGET_FIELDS`` rows)."""
    nearest: dict[tuple[str, str], tuple[int, tuple[Any, ...]]] = {}
    for row in targets.rows:
        code, back = joined[row[0]]
        if (code, row[1]) not in nearest or back < nearest[code, row[1]][0]:
            nearest[code, row[1]] = (back, row)
    return replace(targets, rows=tuple(row for _, row in nearest.values()))


def read_plan(
    plan: Plan,
    observations: QuerySet[Observation],
    measures: QuerySet[Measure] | None = None,
) -> PlanReading:
    """Read ``plan``'s measures and targets (two queries, three when it continues an earlier
    year's plan), ready to read the given observations (already scoped by the caller's
    selector) or to stamp them."""
    chosen = measures if measures is not None else plan.measures.all()
    measure_rows = _Unconverted.read(
        chosen.order_by("outcome__priority__order", "outcome__order", "order", "code").values_list(
            *MEASURE_FIELDS
        )
    )
    joined = lineage_of(row[:3] for row in measure_rows.rows)
    continues = len(joined) > len(measure_rows.rows)
    # The series' measures: these, by a subquery (no list of a large plan's ids to send), or
    # with the earlier years' they continue, by id.
    series = list(joined) if continues else chosen.values("pk")
    # In the order of the unique index on (measure, period): no sort, no join.
    targets = _Unconverted.read(
        Target.objects.filter(measure_id__in=series)
        .order_by("measure_id", "period")
        .values_list(*_TARGET_FIELDS)
    )
    if measures is None and not continues:
        # The whole plan's values: through the join to the measure the caller's selector has
        # (``measure__plan``), which the database reads faster than a list of measures.
        values = observations.filter(measure__plan=plan)
    else:
        values = observations.filter(measure_id__in=series)
    return PlanReading(
        title=plan.title,
        outcome_term=plan.outcome_term,
        outcome_term_plural=plan.outcome_term_plural,
        measure_rows=measure_rows,
        joined=joined,
        target_rows=_nearest(targets, joined) if continues else targets,
        observations=values,
    )


def snapshot(
    plan: Plan,
    observations: QuerySet[Observation],
    measures: QuerySet[Measure] | None = None,
) -> core.Plan:
    """The plan with the given observations (already scoped by the caller's selector), each
    measure's series joined across the years it continues."""
    return read_plan(plan, observations, measures).plan()


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
        observations=_joined(then.values_list(*_FIELDS), joined),
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
