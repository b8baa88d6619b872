"""Writes to the plan: importing a whole plan's structure (priorities, outcomes, measures and
targets) into the store.

An import creates what is new and updates what has changed, matching priorities, outcomes and
measures by code and targets by period. The plan's values are the collection's:
``collection.imports.import_plan`` imports the whole plan, all or nothing, through this.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from councilstat.core import plan as core
from councilstat.web.accounts.models import Directorate, Organisation, User
from councilstat.web.plans.models import Measure, Outcome, Plan, Priority, Target

__all__ = ["ImportResult", "import_structure"]


@dataclass
class ImportResult:
    """The plan imported, its measures by code, and how many of each kind were created and
    updated."""

    plan: Plan
    measures: dict[str, Measure] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)


def _directorates(organisation: Organisation, names: Iterable[str]) -> dict[str, Directorate]:
    found = {d.name: d for d in Directorate.objects.filter(organisation=organisation)}
    for name in sorted(set(names) - set(found) - {""}):
        found[name] = Directorate.objects.create(organisation=organisation, name=name)
    return found


def _structure(plan: Plan, source: core.Plan) -> dict[str, Outcome]:
    priorities = {p.code: p for p in plan.priorities.all()}
    for order, priority in enumerate(source.priorities, start=1):
        stored = priorities.get(priority.code) or Priority(plan=plan, code=priority.code)
        stored.title, stored.order = priority.title, order
        stored.save()
        priorities[priority.code] = stored
    outcomes = {o.code: o for o in Outcome.objects.filter(priority__plan=plan)}
    for order, outcome in enumerate(source.outcomes, start=1):
        row = outcomes.get(outcome.code) or Outcome(code=outcome.code)
        row.priority = priorities[outcome.priority]
        row.title, row.order = outcome.title, order
        row.save()
        outcomes[outcome.code] = row
    return outcomes


def _measure_fields(
    measure: core.Measure, order: int, directorates: dict[str, Directorate], owners: dict[str, User]
) -> dict[str, object]:
    return {
        "title": measure.title,
        "unit": measure.unit.value,
        "polarity": measure.polarity.value,
        "frequency": measure.frequency.value,
        "tolerance_kind": measure.tolerance.kind.value,
        "tolerance_amount": measure.tolerance.amount,
        "aggregation": measure.aggregation.value,
        "cumulative": measure.cumulative,
        "definition": measure.definition,
        "source": measure.source,
        "order": order,
        # A blank or unmatched owner or directorate keeps the stored one rather than clearing it.
        **(
            {"directorate": directorates[measure.directorate]}
            if measure.directorate in directorates
            else {}
        ),
        **({"owner": owners[measure.owner]} if measure.owner in owners else {}),
    }


def _measures(
    plan: Plan, source: core.Plan, outcomes: dict[str, Outcome], owners: dict[str, User]
) -> tuple[dict[str, Measure], int, int]:
    directorates = _directorates(plan.organisation, (m.directorate for m in source.measures))
    existing = {m.code: m for m in plan.measures.all()}
    created = updated = 0
    for order, measure in enumerate(source.measures, start=1):
        values = _measure_fields(measure, order, directorates, owners)
        row = existing.get(measure.code)
        if row is None:
            row = Measure(plan=plan, code=measure.code, outcome=outcomes[measure.outcome.code])
            created += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            updated += 1
        row.outcome = outcomes[measure.outcome.code]
        for key, value in values.items():
            setattr(row, key, value)
        row.save()
        existing[measure.code] = row
    return existing, created, updated


def _targets(
    measures: dict[str, Measure], source: core.Plan, when: datetime | None = None
) -> tuple[int, int]:
    existing = {
        (t.measure_id, t.period): t for t in Target.objects.filter(measure__in=measures.values())
    }
    new, updated = [], 0
    for target in source.targets:
        measure = measures[target.code]
        row = existing.get((measure.pk, str(target.period)))
        if row is None:
            new.append(
                Target(
                    measure=measure,
                    period=str(target.period),
                    period_end=target.period.end,
                    value=target.value,
                    upper=target.upper,
                )
            )
        elif (row.value, row.upper) != (target.value, target.upper):
            row.value, row.upper = target.value, target.upper
            row.save()
            updated += 1
    bulk_create_with_history(new, Target, default_change_reason="Imported", default_date=when)
    return len(new), updated


@transaction.atomic
def import_structure(
    source: core.Plan,
    organisation: Organisation,
    *,
    reporting_year: int,
    owners: dict[str, User] | None = None,
    history_date: datetime | None = None,
) -> ImportResult:
    """Create or update the plan titled ``source.title`` (with what it calls its outcomes) and
    its measures and targets (with the top of a band measure's target band) from a whole
    validated plan (its observations are left to the caller).

    ``history_date`` dates the audit records of new targets (default: now), so a loaded
    history can say when its figures were set.
    """
    plan, _ = Plan.objects.get_or_create(
        organisation=organisation, title=source.title, defaults={"reporting_year": reporting_year}
    )
    terms = (source.outcome_term, source.outcome_term_plural)
    if (plan.outcome_term, plan.outcome_term_plural) != terms:
        plan.outcome_term, plan.outcome_term_plural = terms
        plan.save(update_fields=["outcome_term", "outcome_term_plural"])
    outcomes = _structure(plan, source)
    measures, created_m, updated_m = _measures(plan, source, outcomes, owners or {})
    created_t, updated_t = _targets(measures, source, history_date)
    return ImportResult(
        plan,
        measures,
        created={"measures": created_m, "targets": created_t},
        updated={"measures": updated_m, "targets": updated_t},
    )
