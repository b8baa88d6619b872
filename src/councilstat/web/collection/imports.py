"""Spreadsheet import in the browser: check an upload, keep it until confirmed, preview, apply.

1. ``io.uploads.check_upload`` (``check_plan_upload`` for a whole plan) refuses a file by its
   name and its bytes (the form calls it).
2. ``stage_upload`` keeps the bytes in a ``PendingImport`` (in the database, so any app server
   can finish the import) under a random token.
3. ``run_import`` reads the bytes again (in memory: the user's filename is only ever shown,
   never a path), and either rehearses the import in a transaction that is rolled
   back, for the preview's counts, or applies it, all or nothing.

Values for an existing plan go through ``import_observations`` here, under the entry form's
rules and its separation of duties:

* the preview (``plan_changes``) lists every value the import would add or change, old -> new,
  with its status, its rating and a flag on a large change from the previous period;
* a red value with no commentary (no note in the file, none stored) is a problem: nothing is
  imported until the file gives one;
* a value already approved or published is changed only if the officer ticks it in the
  preview; a published one is then restated, with the reason they give;
* the importer is recorded as entering each value, and values land as submitted, for a
  director to approve, unless the organisation has chosen to let imported values count as
  approved (``CollectionSettings.imports_approved``); the audit trail says which.

A whole plan (a workbook, or its CSV files, together or in a .zip; read from the upload's bytes,
nothing written to disk) goes through ``import_plan`` here: its structure and targets through
``plans.services.import_structure``, then its values, in the given status (from the browser:
submitted, or approved by the organisation's choice). An approved or published value that
differs is kept as it is and listed (a published figure is corrected by a restatement).
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from councilstat.core import plan as core
from councilstat.core.periods import Month, Period, parse_period
from councilstat.core.rating import Rag, rag
from councilstat.io.bulk_observations import read_bulk_observations
from councilstat.io.plan_reader import LoadedPlan, read_plan_upload
from councilstat.io.problems import DataFileError, Problem
from councilstat.web.accounts.models import Organisation, User
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.collection.bulk import (
    Stamp,
    insert_values,
    red_message,
    save_changed,
    set_imported,
)
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.models import Observation, PendingImport, Status
from councilstat.web.collection.selectors import collection_settings
from councilstat.web.common.audit import with_reason
from councilstat.web.common.errors import ValidationFailed
from councilstat.web.common.published import published_figures_changed
from councilstat.web.plans.models import Measure, Plan
from councilstat.web.plans.services import ImportResult, import_structure

__all__ = [
    "ImportOutcome",
    "ImportRefused",
    "StoreProgress",
    "ValueChange",
    "import_observations",
    "import_plan",
    "import_plan_as",
    "plan_owners",
    "plan_changes",
    "read_upload",
    "rows_read",
    "run_import",
    "stage_upload",
]

STALE_AFTER = dt.timedelta(days=1)
SHOWN_IN_WORDS = 10
"""Problems named in a refusal's sentence."""
StoreProgress = Callable[[int, int], None]
"""Told ``(stored, total)`` as an import writes its values."""


def _no_progress(_done: int, _total: int) -> None:
    return None


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


_SIGNED_OFF = (Status.APPROVED, Status.PUBLISHED)


@dataclass(frozen=True)
class ValueChange:
    """A value the import would add or change: what is stored now and what the file says."""

    code: str
    title: str
    precision: core.Precision
    """How the measure's figures are shown."""
    period: str
    old: Decimal | None
    """The stored value (``None``: the import adds it)."""
    new: Decimal
    status: str | None
    """The stored value's status (a ``Status`` value), ``None`` for a new one."""
    rag: str | None
    """The imported value's rating (a ``Rag`` value)."""
    change_percent: Decimal | None
    """How far the value is from the previous period's, when beyond the entry form's limit."""
    commentary: str
    """The commentary the value will have: the file's note, else the stored commentary."""

    @property
    def key(self) -> str:
        """What the preview's tick box sends: ``1A1|2019/20 Q2``."""
        return f"{self.code}|{self.period}"

    @property
    def is_new(self) -> bool:
        return self.status is None

    @property
    def signed_off(self) -> bool:
        """Approved or published: changed only if the officer ticks it."""
        return self.status in _SIGNED_OFF

    @property
    def published(self) -> bool:
        """Changing it is a restatement, with a reason."""
        return self.status == Status.PUBLISHED

    @property
    def status_label(self) -> str:
        return "New" if self.status is None else Status(self.status).label


@dataclass(frozen=True)
class ImportOutcome:
    """What an import found, and (when there are no problems) what it creates and updates.

    For values of an existing plan, ``changes`` lists every value added or changed (old ->
    new, with its status) and ``unchanged`` counts those the file repeats as they are.
    """

    filename: str
    plan_title: str
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    created: Mapping[str, int] = field(default_factory=dict)
    updated: Mapping[str, int] = field(default_factory=dict)
    applied: bool = False
    changes: tuple[ValueChange, ...] = ()
    unchanged: int = 0
    kept: tuple[ValueChange, ...] = ()
    """Approved or published values left as they are because they were not ticked."""
    approved_on_import: bool = False
    """The organisation lets imported values count as approved."""
    errors: Mapping[str, str] = field(default_factory=dict)
    """The confirmation's own errors (a restatement without a reason)."""
    blank_rows: int = 0
    """Rows of a template left blank: values not filled in, skipped without a warning."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def signed_off(self) -> tuple[ValueChange, ...]:
        """Changes to approved or published values: each needs the officer's tick."""
        return tuple(c for c in self.changes if c.signed_off)

    @property
    def restatements(self) -> bool:
        return any(c.published for c in self.changes)

    @property
    def counts(self) -> list[tuple[str, int, int]]:
        """``(what, created, updated)`` rows for the preview's table."""
        return [(what, n, self.updated.get(what, 0)) for what, n in self.created.items()]

    @property
    def applied_message(self) -> str:
        """What an applied import did, in a sentence."""
        parts = [f"{what}: {new} added, {changed} updated" for what, new, changed in self.counts]
        kept = len(self.kept)
        tail = (
            f"; {kept} approved or published value{'s' if kept != 1 else ''} kept as they were"
            if kept
            else ""
        )
        return f"{self.filename} was imported ({'; '.join(parts)}{tail})."

    @property
    def refusal(self) -> str:
        """Why an import was not applied, in words (its first problems, or its errors)."""
        listed = [str(p) for p in self.problems[:SHOWN_IN_WORDS]]
        if len(self.problems) > SHOWN_IN_WORDS:
            listed.append(f"and {len(self.problems) - SHOWN_IN_WORDS:,} more problems")
        listed += list(self.errors.values())
        return "Nothing was stored. " + "; ".join(listed or ["The import could not be applied"])


@dataclass(frozen=True)
class _Source:
    plan: core.Plan
    warnings: tuple[Problem, ...]
    organisation: str = ""
    rules: core.Plan | None = None
    """For values: the stored plan's measures and targets, to rate the imported values."""
    sheet: str | None = None
    rows: Mapping[tuple[str, str], int] = field(default_factory=dict)
    blank_rows: int = 0


class _Rehearsal(Exception):  # noqa: N818  (not an error: it carries the counts out of a rollback)
    def __init__(self, counts: _Counts) -> None:
        super().__init__("rehearsal")
        self.counts = counts


def _renamed(problems: Iterable[Problem], shown: str) -> tuple[Problem, ...]:
    return tuple(replace(p, file=shown) for p in problems)


def _read(pending: PendingImport) -> _Source | tuple[Problem, ...]:
    """What the upload holds, read once (``read_upload``); each problem names the file it is
    in: the upload, or one of the CSV files of a plan. A whole plan is read from the bytes
    again for its structure unless reading it found problems."""
    found = read_upload(pending)
    if found.problems:
        return found.problems
    if pending.plan is None:
        loaded = found.plan
        if loaded is None:  # read before, in an earlier request: its structure is read again
            try:
                loaded = read_plan_upload(bytes(pending.content), name=pending.filename)
            except DataFileError as error:
                return error.problems
        return _Source(loaded.plan, loaded.warnings, loaded.organisation)
    assert found.values is not None  # noqa: S101  (values read without problems)
    rules = snapshot(pending.plan, Observation.objects.none())
    frame = found.values
    return _Source(
        core.Plan(rules.measures, (), _core_observations(frame)),
        found.warnings,
        rules=rules,
        sheet=found.sheet,
        rows={(c, p): r for c, p, r in frame.select("code", "period", "row").iter_rows()},
        blank_rows=found.blank_rows,
    )


@dataclass(frozen=True)
class ReadUpload:
    """What reading an upload found: its problems and warnings, and for values, the values
    (``io.bulk_observations.COLUMNS``) and the rows left blank."""

    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    blank_rows: int = 0
    sheet: str | None = None
    values: pl.DataFrame | None = None
    plan: LoadedPlan | None = None
    """A whole plan just read (not kept: read again for a later request)."""


def _problems_json(problems: Iterable[Problem]) -> list[list[object]]:
    return [[p.file, p.sheet, p.row, p.column, p.message] for p in problems]


def _problems_of(rows: Iterable[list[Any]]) -> tuple[Problem, ...]:
    return tuple(Problem(*row) for row in rows)


def read_upload(pending: PendingImport) -> ReadUpload:
    """Read a pending upload once and keep what was found beside it (``PendingImport.read``,
    and the values read as a compact Arrow frame): the preview, the download of its problems
    and the confirmation use that, never the bytes again."""
    if pending.read is None:
        found = _read_bytes(pending)
        pending.read = {
            "problems": _problems_json(found.problems),
            "warnings": _problems_json(found.warnings),
            "blank_rows": found.blank_rows,
            "sheet": found.sheet,
            "values": _values_read(found),
        }
        if found.values is not None:
            buffer = io.BytesIO()
            found.values.write_ipc(buffer, compression="zstd")
            pending.values = buffer.getvalue()
        pending.save(update_fields=["read", "values"])
        return found
    values = pl.read_ipc(io.BytesIO(bytes(pending.values))) if pending.values else None
    return ReadUpload(
        _problems_of(pending.read["problems"]),
        _problems_of(pending.read["warnings"]),
        pending.read["blank_rows"],
        pending.read["sheet"],
        values,
    )


def _values_read(found: ReadUpload) -> int:
    """How many values an upload read without problems holds (a whole plan's included)."""
    if found.problems:
        return 0
    if found.values is not None:
        return found.values.height
    return len(found.plan.plan.observations) if found.plan is not None else 0


def _read_bytes(pending: PendingImport) -> ReadUpload:
    """Read the upload's bytes as they are (nothing is written to disk)."""
    content = bytes(pending.content)
    try:
        if pending.plan is None:
            loaded = read_plan_upload(content, name=pending.filename)
            return ReadUpload(warnings=loaded.warnings, plan=loaded)
        rules = snapshot(pending.plan, Observation.objects.none())
        values = read_bulk_observations(content, rules, name=pending.filename)
    except DataFileError as error:
        return ReadUpload(problems=error.problems)
    return ReadUpload((), values.warnings, values.blank_rows, values.sheet, values.frame)


def _core_observations(frame: pl.DataFrame) -> tuple[core.Observation, ...]:
    periods: dict[str, Period] = {}

    def period(label: str) -> Period:
        return periods.get(label) or periods.setdefault(label, parse_period(label))

    def number(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return tuple(
        core.Observation(code, period(label), Decimal(value), number(n), number(d), note or "")
        for code, label, value, n, d, note in frame.select(
            "code", "period", "value", "numerator", "denominator", "note"
        ).iter_rows()
    )


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
    result = import_plan_as(user, source.plan, owners)
    return result.created, result.updated


def import_plan_as(user: User, source: core.Plan, owners: dict[str, User]) -> ImportResult:
    """Import a whole validated plan for ``user``'s organisation, as the browser does: values
    submitted, or approved by the organisation's choice; all or nothing (``ImportRefused``)."""
    if user.organisation is None:
        raise ImportRefused(["your account belongs to no organisation"])
    approved = collection_settings(user.organisation).imports_approved
    return import_plan(
        source,
        user.organisation,
        reporting_year=_reporting_year(source),
        user=user,
        status=Status.APPROVED if approved else Status.SUBMITTED,
        owners=owners,
    )


def plan_owners(user: User, source: core.Plan) -> tuple[dict[str, User], list[Problem]]:
    """Each measure's owner, matched to a user of ``user``'s organisation by name or
    username, and a warning for each owner named but not found."""
    return _owners(user, source)


def run_import(
    user: User,
    pending: PendingImport,
    *,
    apply: bool,
    ticked: Collection[str] = (),
    reason: str = "",
    confirmed_at: dt.datetime | None = None,
    progress: StoreProgress = _no_progress,
) -> ImportOutcome:
    """Preview (``apply=False``) or apply the pending import.

    Applying is all or nothing: any problem stores nothing. For values of an existing plan,
    ``ticked`` holds the keys (``ValueChange.key``) of the approved or published values the
    officer ticked, and ``reason`` why published ones are restated. ``confirmed_at``, when
    given, is when the officer confirmed: a value approved, published or restated since then
    refuses the import (a background job applies it later than the confirmation).
    ``progress`` is told how many values are stored so far. Once applied the pending upload
    is deleted.
    """
    require(user, Permission.IMPORT_DATA)
    source = _read(pending)
    title = pending.plan.title if pending.plan else ""
    if not isinstance(source, _Source):
        return ImportOutcome(pending.filename, title, problems=source)
    warnings = source.warnings
    problems = _organisation_problems(user, pending, source)
    if pending.plan is not None:
        return _run_values(
            user, pending, source, warnings, apply, ticked, reason, confirmed_at, progress
        )
    owners: dict[str, User] = {}
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


def _run_values(
    user: User,
    pending: PendingImport,
    source: _Source,
    warnings: tuple[Problem, ...],
    apply: bool,
    ticked: Collection[str],
    reason: str,
    confirmed_at: dt.datetime | None = None,
    progress: StoreProgress = _no_progress,
) -> ImportOutcome:
    plan = pending.plan
    assert plan is not None  # noqa: S101  (the caller checked)
    approved = collection_settings(user.organisation).imports_approved
    planned = plan_changes(plan, source.plan.observations, rules=source.rules)
    problems = tuple(
        Problem(
            pending.filename,
            source.sheet,
            source.rows.get((code, period)),
            "note",
            message,
        )
        for code, period, message in planned.problems
    )
    counts = _value_counts(planned.changes)
    outcome = ImportOutcome(
        pending.filename,
        plan.title,
        problems,
        warnings,
        *counts,
        changes=planned.changes,
        unchanged=planned.unchanged,
        approved_on_import=approved,
        blank_rows=source.blank_rows,
    )
    if problems or not apply:
        return outcome
    try:
        with transaction.atomic():
            done = import_observations(
                user,
                plan,
                source.plan.observations,
                ticked=ticked,
                reason=reason,
                confirmed_at=confirmed_at,
                progress=progress,
            )
            pending.delete()
    except ValidationFailed as failed:
        return replace(outcome, errors=failed.errors)
    except ImportRefused as refused:
        found = tuple(Problem(pending.filename, None, None, None, p) for p in refused.problems)
        return replace(outcome, problems=found)
    return replace(
        outcome,
        created={"observations": done.created},
        updated={"observations": done.updated},
        kept=done.kept,
        applied=True,
    )


def rows_read(pending: PendingImport) -> int:
    """How many values a pending upload holds, of an existing plan or with a whole plan (0
    when reading it found problems)."""
    if pending.read is None or "values" not in pending.read:
        return _values_read(read_upload(pending))
    return int(pending.read["values"])


def _value_counts(changes: Iterable[ValueChange]) -> tuple[dict[str, int], dict[str, int]]:
    listed = list(changes)
    new = sum(1 for c in listed if c.is_new)
    return {"observations": new}, {"observations": len(listed) - new}


def _organisation_problems(
    user: User, pending: PendingImport, source: _Source
) -> tuple[Problem, ...]:
    named, own = source.organisation.strip(), user.organisation.name if user.organisation else ""
    if not named or named.casefold() == own.casefold():
        return ()
    message = f"this workbook is for {named}, but you are signed in for {own}"
    return (Problem(pending.filename, None, None, "organisation", message),)


@dataclass(frozen=True)
class PlannedChanges:
    """What importing values would do: the changes, how many are unchanged, and the problems
    (measure code, period label, message) that stop it."""

    changes: tuple[ValueChange, ...]
    unchanged: int
    problems: tuple[tuple[str, str, str], ...]


def _previous_value(
    code: str,
    period: Period,
    incoming: Mapping[tuple[str, str], core.Observation],
    stored: Mapping[tuple[str, str], Observation],
) -> Decimal | None:
    key = (code, str(period.previous()))
    if key in incoming:
        return incoming[key].value
    return stored[key].value if key in stored else None


def _large_change(value: Decimal, previous: Decimal | None) -> Decimal | None:
    """How far ``value`` is from ``previous``, in percent, if beyond the entry form's limit."""
    if previous is None or previous == 0:
        return None
    change = abs(value - previous) / abs(previous) * 100
    return change if change > Decimal(settings.COUNCILSTAT_CONFIRM_CHANGE_PERCENT) else None


def plan_changes(
    plan: Plan,
    observations: Iterable[core.Observation],
    *,
    rules: core.Plan | None = None,
    lock: bool = False,
) -> PlannedChanges:
    """Compare the imported values with those stored: every value added or changed, with its
    status, rating and any large change; a red value left with no commentary is a problem.

    A value the file repeats as it is (its figures, and its note if given) is unchanged; so is
    a published value whose figures are the same (an import never rewrites its commentary).
    """
    items = list(observations)
    rules = rules or snapshot(plan, Observation.objects.none())
    labels = {str(i.period) for i in items} | {str(i.period.previous()) for i in items}
    rows = Observation.objects.filter(measure__plan=plan, period__in=labels).select_related(
        "measure"
    )
    if lock:
        rows = rows.select_for_update()
    stored = {(o.measure.code, o.period): o for o in rows}
    incoming = {(i.code, str(i.period)): i for i in items}
    changes: list[ValueChange] = []
    problems: list[tuple[str, str, str]] = []
    unchanged = 0
    for item in items:
        row = stored.get((item.code, str(item.period)))
        same_figures = row is not None and _figures(row) == _incoming(item)
        if row is not None and (
            not _differs(row, item) or (row.status == Status.PUBLISHED and same_figures)
        ):
            unchanged += 1
            continue
        measure = rules.measure(item.code)
        target = rules.target(item.code, item.period)
        rating = rag(item.value, target, measure.tolerance, measure.polarity)
        commentary = item.note or (row.commentary if row is not None else "")
        if rating is Rag.RED and not commentary.strip():
            problems.append(
                (item.code, str(item.period), red_message(item.code, str(item.period), item.value))
            )
        previous = _previous_value(item.code, item.period, incoming, stored)
        changes.append(
            ValueChange(
                code=item.code,
                title=measure.title,
                precision=measure.precision,
                period=str(item.period),
                old=row.value if row is not None else None,
                new=item.value,
                status=row.status if row is not None else None,
                rag=rating.value if rating else None,
                change_percent=_large_change(item.value, previous),
                commentary=commentary,
            )
        )
    return PlannedChanges(tuple(changes), unchanged, tuple(problems))


@dataclass(frozen=True)
class ImportedValues:
    created: int
    updated: int
    kept: tuple[ValueChange, ...]
    """Approved or published values left as they are: not ticked."""


@transaction.atomic
def import_observations(
    user: User,
    plan: Plan,
    observations: Iterable[core.Observation],
    *,
    ticked: Collection[str] = (),
    reason: str = "",
    confirmed_at: dt.datetime | None = None,
    progress: StoreProgress = _no_progress,
) -> ImportedValues:
    """Add and update ``plan``'s values, all or nothing, under the entry form's rules.

    The importer is recorded as entering each value. New and changed values are submitted for
    approval, or approved if the organisation lets imported values count as approved (the
    audit trail says which). An approved or published value is changed only if its key is in
    ``ticked``; a published one is then restated with ``reason`` (``ValidationFailed``
    without one). A red value with no commentary refuses the whole import
    (``ImportRefused``), and so, when ``confirmed_at`` (when the officer confirmed) is given,
    does a value approved, published or restated since then. A note
    replaces the commentary only when given. ``progress(done, total)`` follows the writing.
    """
    require(user, Permission.IMPORT_DATA)
    items = list(observations)
    planned = plan_changes(plan, items, lock=True)
    if planned.problems:
        raise ImportRefused([message for _, _, message in planned.problems])
    chosen = set(ticked)
    restating = [c for c in planned.changes if c.published and c.key in chosen]
    if restating and not reason.strip():
        raise ValidationFailed(
            {"reason": "Say why the published values are being corrected: it is kept with them"}
        )
    stamp = Stamp.of(user)
    incoming = {(i.code, str(i.period)): i for i in items}
    measures = {m.code: m.pk for m in plan.measures.all()}
    existing = {
        (o.measure.code, o.period): o
        for o in Observation.objects.select_for_update()
        .filter(measure__plan=plan, period__in={c.period for c in planned.changes})
        .select_related("measure")
    }
    if confirmed_at is not None:
        since = [
            c
            for c in planned.changes
            if c.signed_off and _signed_off_after(existing[(c.code, c.period)], confirmed_at)
        ]
        if since:
            raise ImportRefused([_signed_off_since(c) for c in since])
    new: list[tuple[object, ...]] = []
    changed: list[Observation] = []
    kept: list[ValueChange] = []
    published = False
    for change in planned.changes:
        item = incoming[(change.code, change.period)]
        if change.signed_off and change.key not in chosen:
            kept.append(change)
            continue
        row = existing.get((change.code, change.period))
        if row is None:
            new.append(
                (
                    measures[change.code],
                    change.period,
                    item.period.end,
                    _text(item.value),
                    _text(item.numerator),
                    _text(item.denominator),
                    change.commentary,
                )
            )
            continue
        published = published or change.published
        figures = (item.value, item.numerator, item.denominator)
        set_imported(row, *figures, change.commentary, stamp, reason.strip())
        changed.append(row)
    total, written = len(new) + len(changed), 0

    def batch_written(count: int) -> None:
        nonlocal written
        written += count
        progress(written, total)

    progress(0, total)
    insert_values(_new_frame(new), stamp, progress=batch_written)
    save_changed(changed, stamp, progress=batch_written)
    if published:
        _refresh_public_pages(plan.organisation_id)
    return ImportedValues(len(new), len(changed), tuple(kept))


def _signed_off_after(row: Observation, moment: dt.datetime) -> bool:
    """Approved, published or restated after ``moment``."""
    stamps = (row.approved_at, row.published_at, row.restated_at)
    return any(stamp is not None and stamp > moment for stamp in stamps)


def _signed_off_since(change: ValueChange) -> str:
    what = "published" if change.published else "approved"
    return (
        f"{change.code} {change.period}: the value was {what} after the import was confirmed; "
        "nothing was stored: upload the file again to see what would change"
    )


def _text(number: Decimal | None) -> str | None:
    return None if number is None else f"{number:f}"


def _new_frame(rows: list[tuple[object, ...]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "measure_id": pl.Int64,
            "period": pl.String,
            "period_end": pl.Date,
            "value": pl.String,
            "numerator": pl.String,
            "denominator": pl.String,
            "commentary": pl.String,
        },
        orient="row",
    )


def _refresh_public_pages(organisation_id: int) -> None:
    transaction.on_commit(lambda: published_figures_changed(organisation_id))


def _incoming(item: core.Observation) -> tuple[object, object, object]:
    return (item.value, item.numerator, item.denominator)


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
            if row.status in _SIGNED_OFF:
                refused.append(_signed_off_refusal(row, observation))
                continue
            row.value, row.numerator, row.denominator = (
                observation.value,
                observation.numerator,
                observation.denominator,
            )
            row.commentary, row.status, row.version = observation.note, status, row.version + 1
            _stamp(row, user, status)
            changed.append(row)
    if refused:
        raise ImportRefused(refused)
    for row in changed:
        with_reason(row, "Imported", user)
        row.save()
    bulk_create_with_history(new, Observation, default_change_reason="Imported", default_date=when)
    return len(new), len(changed)


def _signed_off_refusal(row: Observation, observation: core.Observation) -> str:
    was, now = _plain(row.value), _plain(observation.value)
    where = f"{observation.code} {observation.period}"
    if row.status == Status.PUBLISHED:
        return f"{where}: the published value {was} would change to {now}; restate it instead"
    return (
        f"{where}: the approved value {was} would change to {now}; import the values for the "
        "plan instead, where you can choose to replace it"
    )


def _stamp(row: Observation, user: User | None, status: Status) -> None:
    """Who entered the value (and approved it, when imported as approved by the
    organisation's choice)."""
    now = timezone.now()
    row.entered_by = user
    if status == Status.SUBMITTED:
        row.submitted_at = now
    if status == Status.APPROVED and user is not None:
        row.approved_by, row.approved_at = user, now


def _new_observation(
    measure: Measure, observation: core.Observation, user: User | None, status: Status
) -> Observation:
    row = Observation(
        measure=measure,
        period=str(observation.period),
        period_end=observation.period.end,
        value=observation.value,
        numerator=observation.numerator,
        denominator=observation.denominator,
        commentary=observation.note,
        status=status,
        reported_value=observation.value if status == Status.PUBLISHED else None,
    )
    _stamp(row, user, status)
    return row


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

    Raises ``ImportRefused`` (and saves nothing) if an approved or published figure would
    change: an approved one is replaced by importing values for the plan (where the officer
    ticks it), a published one by a restatement.
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
