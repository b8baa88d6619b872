"""Every change to what the public pages show makes that organisation's cached pages stale.

A cached public page's key holds the organisation's figures version (``public.cache``), and
the version rises when the publication state or anything shown changes. The services that
publish and restate raise it themselves; these receivers make sure that any other write does
too, whatever path it takes (a target changed by hand, a measure withdrawn, a plan renamed,
a management command): a save or delete of an organisation, plan, priority, outcome,
measure, target or collection round, or of a *published* value, raises the version once its
transaction commits. Drafts, submissions and approvals never reach a public page, so saving
them at quarter end leaves the public cache alone.

With a shared cache (Redis, production settings) the new version reaches every process at
once, so a measure withdrawn on one server is gone from the others' pages at the next request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from councilstat.web.accounts.models import Organisation
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.common.published import published_figures_changed
from councilstat.web.plans.models import Measure, Outcome, Plan, Priority, Target

__all__ = ["connect"]


def _organisation_of(instance: Model) -> int | None:
    plans = Plan.objects.all()
    if isinstance(instance, Organisation):
        return instance.pk
    if isinstance(instance, Plan):
        return instance.organisation_id
    if isinstance(instance, Priority | PeriodReturn):
        plans = plans.filter(pk=instance.plan_id)
    elif isinstance(instance, Outcome):
        plans = plans.filter(priorities=instance.priority_id)
    elif isinstance(instance, Measure):
        plans = plans.filter(pk=instance.plan_id)
    elif isinstance(instance, Target | Observation):
        plans = plans.filter(measures=instance.measure_id)
    else:
        return None
    return plans.values_list("organisation_id", flat=True).first()


@dataclass(frozen=True)
class _Stale:
    """Raise an organisation's figures version: run once its transaction commits."""

    organisation_id: int

    def __call__(self) -> None:
        published_figures_changed(self.organisation_id)


def _after_commit(organisation_id: int) -> None:
    """Once per organisation and (sub)transaction, however many rows it writes: an import of
    a thousand published values raises the version once. A callback registered at the same
    savepoints as this write is kept or rolled back with it, so it stands for this write too
    (Django keeps each callback with the savepoints open when it was registered)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        here = set(connection.savepoint_ids)
        for savepoints, waiting, _ in connection.run_on_commit:
            if savepoints == here and waiting == _Stale(organisation_id):
                return
    transaction.on_commit(_Stale(organisation_id))


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: nothing is cached for it yet
        return
    if isinstance(instance, Observation) and instance.status != Status.PUBLISHED:
        return
    organisation_id = _organisation_of(instance)
    if organisation_id is not None:
        _after_commit(organisation_id)


SHOWN_ON_PUBLIC_PAGES: tuple[type[Model], ...] = (
    Organisation,
    Plan,
    Priority,
    Outcome,
    Measure,
    Target,
    PeriodReturn,
    Observation,
)


def connect() -> None:
    """Called once, when the public app is ready."""
    for model in SHOWN_ON_PUBLIC_PAGES:
        uid = f"councilstat-public-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete")
