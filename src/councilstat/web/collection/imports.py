"""Spreadsheet import in the browser: check an upload, keep it until confirmed, preview, apply.

1. ``io.uploads.check_upload`` (``check_plan_upload`` for a whole plan) refuses a file by its
   name and its bytes (the form calls it).
2. ``stage_upload`` keeps the bytes in a ``PendingImport`` (in the database, so any app server
   can finish the import) under a random token.
3. ``run_import`` reads the bytes again (in memory: the user's filename is only ever shown,
   never a path), and either rehearses the import in a transaction that is rolled
   back, for the preview's counts, or applies it, all or nothing.

A whole plan (a workbook, or its CSV files, together or in a .zip) goes through ``import_plan``
here: its structure and targets through ``plans.services.import_structure``, then its values,
in the given status. Values for an existing plan go through ``import_observations`` here: new
values are added, changed ones updated. Either way a published value is never changed (a
different figure for one refuses the whole import; it is corrected by a restatement). Imported
values are approved: the performance team is loading figures already signed off, ready to
publish with their quarter.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from councilstat.core import plan as core
from councilstat.core.periods import Month
from councilstat.io.observation_reader import read_observations_upload
from councilstat.io.plan_reader import read_plan_upload
from councilstat.io.problems import DataFileError, Problem
from councilstat.web.accounts.models import Organisation, User
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.models import Observation, PendingImport, Status
from councilstat.web.common.audit import with_reason
from councilstat.web.common.published import published_figures_changed
from councilstat.web.plans.models import Measure, Plan
from councilstat.web.plans.services import ImportResult, import_structure

__all__ = [
    "ImportOutcome",
    "ImportRefused",
    "import_observations",
    "import_plan",
    "run_import",
    "stage_upload",
]

STALE_AFTER = dt.timedelta(days=1)
_Counts = tuple[dict[str, int], dict[str, int]]  # created and updated, by kind of record


class ImportRefused(Exception):
    """The import would change published figures; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def stage_upload(user: User, plan: Plan | None, shown: str, content: bytes) -> PendingImport:
    """Keep a checked upload until it is confirmed; ``plan`` is set for values only."""
    require(user, Permission.IMPORT_DATA)
    PendingImport.objects.filter(
        uploaded_by=user, created_at__lt=timezone.now() - STALE_AFTER
    ).delete()
    return PendingImport.objects.create(
        token=secrets.token_urlsafe(32),
        plan=plan,
        uploaded_by=user,
        filename=shown,
        content=content,
    )


@dataclass(frozen=True)
class ImportOutcome:
    """What an import found, and (when there are no problems) what it creates and updates."""

    filename: str
    plan_title: str
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    created: Mapping[str, int] = field(default_factory=dict)
    updated: Mapping[str, int] = field(default_factory=dict)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> list[tuple[str, int, int]]:
        """``(what, created, updated)`` rows for the preview's table."""
        return [(what, n, self.updated.get(what, 0)) for what, n in self.created.items()]


@dataclass(frozen=True)
class _Source:
    plan: core.Plan
    warnings: tuple[Problem, ...]
    organisation: str = ""


class _Rehearsal(Exception):  # noqa: N818  (not an error: it carries the counts out of a rollback)
    def __init__(self, counts: _Counts) -> None:
        super().__init__("rehearsal")
        self.counts = counts


def _renamed(problems: Iterable[Problem], shown: str) -> tuple[Problem, ...]:
    return tuple(replace(p, file=shown) for p in problems)


def _read(pending: PendingImport) -> _Source | tuple[Problem, ...]:
    """Read the upload's bytes as they are (nothing is written to disk); each problem names
    the file it is in: the upload, or one of the CSV files of a plan."""
    content = bytes(pending.content)
    try:
        if pending.plan is None:
            loaded = read_plan_upload(content, name=pending.filename)
            return _Source(loaded.plan, loaded.warnings, loaded.organisation)
        measures = snapshot(pending.plan, Observation.objects.none())
        values = read_observations_upload(content, measures, name=pending.filename)
        return _Source(core.Plan(measures.measures, (), values.observations), values.warnings)
    except DataFileError as error:
        return error.problems


def _owners(user: User, source: core.Plan) -> tuple[dict[str, User], list[Problem]]:
    """Each measure's owner, matched to a user of the organisation by name or username."""
    people: dict[str, User] = {}
    for person in User.objects.filter(organisation=user.organisation).exclude(organisation=None):
        people[person.username.casefold()] = person
        people[person.display_name.casefold()] = person
    owners, unmatched = {}, []
    for measure in source.measures:
        found = people.get(measure.owner.casefold()) if measure.owner else None
        if found is not None:
            owners[measure.owner] = found
        elif measure.owner:
            unmatched.append(
                Problem(
                    "measures",
                    None,
                    None,
                    "owner",
                    f"{measure.code}: no user is called '{measure.owner}', "
                    "so the measure will have no owner",
                )
            )
    return owners, unmatched


def _reporting_year(source: core.Plan) -> int:
    """The year a new plan reports: its latest value's, else its first target's, else now's."""
    if source.observations:
        latest = max(source.observations, key=lambda o: o.period.end)
        return latest.period.financial_year.year
    if source.targets:
        return min(t.period.financial_year.year for t in source.targets)
    today = timezone.localdate()
    return Month(today.year, today.month).financial_year.year


def _apply(user: User, pending: PendingImport, source: _Source, owners: dict[str, User]) -> _Counts:
    if pending.plan is not None:
        created, updated = import_observations(user, pending.plan, source.plan.observations)
        return {"observations": created}, {"observations": updated}
    if user.organisation is None:
        raise ImportRefused(["your account belongs to no organisation"])
    result = import_plan(
        source.plan,
        user.organisation,
        reporting_year=_reporting_year(source.plan),
        user=user,
        owners=owners,
    )
    return result.created, result.updated


def run_import(user: User, pending: PendingImport, *, apply: bool) -> ImportOutcome:
    """Preview (``apply=False``: rehearse and roll back) or apply the pending import.

    Applying is all or nothing: any problem, or a published value that would change, stores
    nothing. Once applied the pending upload is deleted.
    """
    require(user, Permission.IMPORT_DATA)
    source = _read(pending)
    title = pending.plan.title if pending.plan else ""
    if not isinstance(source, _Source):
        return ImportOutcome(pending.filename, title, problems=source)
    warnings = source.warnings
    problems = _organisation_problems(user, pending, source)
    owners: dict[str, User] = {}
    if pending.plan is None:
        title = source.plan.title
        owners, unmatched = _owners(user, source.plan)
        warnings += _renamed(unmatched, pending.filename)
    if problems:
        return ImportOutcome(pending.filename, title, problems=problems, warnings=warnings)
    try:
        with transaction.atomic():
            created, updated = _apply(user, pending, source, owners)
            if not apply:
                raise _Rehearsal((created, updated))
            pending.delete()
    except _Rehearsal as rehearsal:
        created, updated = rehearsal.counts
    except ImportRefused as refused:
        found = tuple(Problem(pending.filename, None, None, None, p) for p in refused.problems)
        return ImportOutcome(pending.filename, title, problems=found, warnings=warnings)
    return ImportOutcome(pending.filename, title, (), warnings, created, updated, applied=apply)


def _organisation_problems(
    user: User, pending: PendingImport, source: _Source
) -> tuple[Problem, ...]:
    named, own = source.organisation.strip(), user.organisation.name if user.organisation else ""
    if not named or named.casefold() == own.casefold():
        return ()
    message = f"this workbook is for {named}, but you are signed in for {own}"
    return (Problem(pending.filename, None, None, "organisation", message),)


@transaction.atomic
def import_observations(
    user: User, plan: Plan, observations: Iterable[core.Observation]
) -> tuple[int, int]:
    """Add and update ``plan``'s values, all or nothing; returns (created, updated).

    A value whose figures are unchanged is left alone. A note replaces the commentary only
    when given. A published value is never changed: a different figure for one raises
    ``ImportRefused`` and nothing is saved.
    """
    require(user, Permission.IMPORT_DATA)
    items = list(observations)
    measures = {m.code: m for m in plan.measures.all()}
    existing = {
        (o.measure_id, o.period): o
        for o in Observation.objects.select_for_update().filter(
            measure__plan=plan, period__in={str(item.period) for item in items}
        )
    }
    now = timezone.now()
    new: list[Observation] = []
    changed: list[Observation] = []
    refused: list[str] = []
    for item in items:
        measure = measures[item.code]
        row = existing.get((measure.pk, str(item.period)))
        if row is None:
            row = Observation(measure=measure, period=str(item.period), period_end=item.period.end)
            row.version = 0
            new.append(row)
        elif not _differs(row, item):
            continue
        elif row.status == Status.PUBLISHED:
            if _figures(row) != (item.value, item.numerator, item.denominator):
                refused.append(
                    f"{item.code} {item.period}: the published value {_plain(row.value)} would "
                    f"change to {_plain(item.value)}; restate it instead"
                )
            continue
        else:
            changed.append(row)
        row.value, row.numerator, row.denominator = item.value, item.numerator, item.denominator
        row.commentary = item.note or row.commentary
        row.status, row.entered_by, row.approved_by, row.approved_at = (
            Status.APPROVED,
            user,
            user,
            now,
        )
        row.version += 1
    if refused:
        raise ImportRefused(refused)
    for row in changed:
        with_reason(row, "Imported", user)
        row.save()
    bulk_create_with_history(new, Observation, default_user=user, default_change_reason="Imported")
    return len(new), len(changed)


def _figures(row: Observation) -> tuple[object, object, object]:
    return (row.value, row.numerator, row.denominator)


def _differs(row: Observation, item: core.Observation) -> bool:
    figures = _figures(row) != (item.value, item.numerator, item.denominator)
    return figures or bool(item.note and item.note != row.commentary)


def _plain(value: object) -> str:
    return f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)


def _plan_value_differs(row: Observation, observation: core.Observation) -> bool:
    return (row.value, row.numerator, row.denominator, row.commentary) != (
        observation.value,
        observation.numerator,
        observation.denominator,
        observation.note,
    )


def _plan_observations(
    measures: dict[str, Measure],
    source: core.Plan,
    user: User | None,
    status: Status,
    when: dt.datetime | None = None,
) -> tuple[int, int]:
    existing = {
        (o.measure_id, o.period): o
        for o in Observation.objects.filter(measure__in=measures.values())
    }
    new: list[Observation] = []
    changed: list[Observation] = []
    refused: list[str] = []
    for observation in source.observations:
        measure = measures[observation.code]
        row = existing.get((measure.pk, str(observation.period)))
        if row is None:
            new.append(_new_observation(measure, observation, user, status))
        elif _plan_value_differs(row, observation):
            if row.status == Status.PUBLISHED:
                was, now = _plain(row.value), _plain(observation.value)
                refused.append(
                    f"{observation.code} {observation.period}: the published value {was} "
                    f"would change to {now}; restate it instead"
                )
                continue
            row.value, row.numerator, row.denominator = (
                observation.value,
                observation.numerator,
                observation.denominator,
            )
            row.commentary, row.status, row.version = observation.note, status, row.version + 1
            changed.append(row)
    if refused:
        raise ImportRefused(refused)
    for row in changed:
        with_reason(row, "Imported", user)
        row.save()
    bulk_create_with_history(new, Observation, default_change_reason="Imported", default_date=when)
    return len(new), len(changed)


def _new_observation(
    measure: Measure, observation: core.Observation, user: User | None, status: Status
) -> Observation:
    return Observation(
        measure=measure,
        period=str(observation.period),
        period_end=observation.period.end,
        value=observation.value,
        numerator=observation.numerator,
        denominator=observation.denominator,
        commentary=observation.note,
        status=status,
        entered_by=user,
        reported_value=observation.value if status == Status.PUBLISHED else None,
    )


@transaction.atomic
def import_plan(
    source: core.Plan,
    organisation: Organisation,
    *,
    reporting_year: int,
    user: User | None = None,
    status: Status = Status.APPROVED,
    owners: dict[str, User] | None = None,
    history_date: dt.datetime | None = None,
) -> ImportResult:
    """Create or update the plan titled ``source.title`` from a whole validated plan: its
    structure and targets (``plans.services.import_structure``), then its values.

    Raises ``ImportRefused`` (and saves nothing) if a published figure would change.
    ``history_date`` dates the audit records of new targets and values (default: now), so a
    loaded history can say when its figures were reported.
    """
    result = import_structure(
        source,
        organisation,
        reporting_year=reporting_year,
        owners=owners,
        history_date=history_date,
    )
    created, updated = _plan_observations(result.measures, source, user, status, history_date)
    transaction.on_commit(lambda: published_figures_changed(organisation.pk))
    return replace(
        result,
        created={**result.created, "observations": created},
        updated={**result.updated, "observations": updated},
    )
