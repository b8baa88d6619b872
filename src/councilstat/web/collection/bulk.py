"""Import many values at once: compare a file's values with those stored, then write them in
batches, with their audit records, in one transaction.

The rules are the browser import's (``collection.imports``): a red value needs commentary, an
approved or published value changes only when the officer says so (a published one with a
reason, as a restatement), the importer is recorded as entering each value, and values land
as submitted unless the organisation lets imported values count as approved. What differs is
the scale: the file's values arrive as one polars frame (``io.bulk_observations``), the
comparison is done on frames, and only the values that need a closer look (a possible red
with no commentary, a value already stored) become Python objects.

Writing (``insert_values``, ``save_changed``) is the one path for every value import, from the
command line (``manage.py import_values``) and from the browser's confirmation: new values are
inserted in batches (PostgreSQL's ``COPY``; ``executemany`` on SQLite) with ids reserved first,
and their audit records are copied from them by one ``INSERT ... SELECT``, so the history says
who imported each value, when and why, exactly as a save would. Changed values go through the
ORM's ``bulk_update`` and django-simple-history's ``bulk_history_create``, each with its own
reason.

``apply_values`` is the whole import as a plain function (no request, no thread): a command
calls it, the browser calls it for a confirmed upload, and a background job can call it for a
large upload.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from councilstat.core import plan as core
from councilstat.core.periods import parse_period
from councilstat.core.plan import Polarity
from councilstat.core.rating import Rag, rag
from councilstat.io.bulk_observations import BulkObservations
from councilstat.io.problems import Problem
from councilstat.web.accounts.models import User
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.models import Observation, Status
from councilstat.web.collection.selectors import collection_settings
from councilstat.web.common.audit import with_reason
from councilstat.web.common.published import published_figures_changed
from councilstat.web.plans.models import Plan

__all__ = [
    "BATCH",
    "BulkChanges",
    "BulkImported",
    "Progress",
    "Stamp",
    "apply_values",
    "compare_values",
    "insert_values",
    "red_message",
    "save_changed",
    "set_imported",
]

BATCH = 20_000
"""Rows written per statement (or per ``COPY`` progress report)."""
LARGE = 50_000
"""From this many new values, SQLite gets a larger page cache for the transaction."""
SQLITE_CACHE_KIB = 256 * 1024
_SIGNED_OFF = (Status.APPROVED.value, Status.PUBLISHED.value)
NEW_COLUMNS = ("measure_id", "period", "period_end", "value", "numerator", "denominator")

Progress = Callable[[int], None]
"""Called with the number of rows just written."""


def _ignore(_: int) -> None:
    return None


@dataclass(frozen=True)
class Stamp:
    """Who imports, when, and in which status values land (the organisation's choice)."""

    user: User
    now: dt.datetime
    approved: bool

    @classmethod
    def of(cls, user: User) -> Stamp:
        approved = collection_settings(user.organisation).imports_approved
        return cls(user, timezone.now(), approved)

    @property
    def status(self) -> Status:
        return Status.APPROVED if self.approved else Status.SUBMITTED

    @property
    def reason(self) -> str:
        """The audit record's reason for an imported value."""
        if self.approved:
            return "Imported and approved on import (the organisation's setting)"
        return "Imported and submitted for approval"


def red_message(code: str, period: str, value: Decimal) -> str:
    """The problem of a red value with no commentary, as every import words it."""
    shown = f"{value.normalize():f}"
    return (
        f"{code} {period}: the value {shown} is off target (red): give a note saying why and "
        "what is being done"
    )


@dataclass(frozen=True)
class BulkChanges:
    """What importing a file's values would do.

    ``new`` are values to add and ``changed`` stored values to change (frames, with the
    measure's id, and for ``changed`` the stored row's ``id`` and ``status``); ``kept`` counts
    approved or published values that differ but are left as they are (not chosen for
    replacement); ``problems`` are red values with no commentary, each at its row.
    """

    new: pl.DataFrame
    changed: pl.DataFrame
    unchanged: int
    kept: int
    problems: tuple[Problem, ...] = ()
    restatements: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _stored(plan: Plan, periods: list[str]) -> pl.DataFrame:
    rows = Observation.objects.filter(measure__plan=plan, period__in=periods).values_list(
        "id", "measure_id", "period", "value", "numerator", "denominator", "commentary", "status"
    )
    return pl.DataFrame(
        [(*r[:3], _dec(r[3]), _dec(r[4]), _dec(r[5]), *r[6:]) for r in rows.iterator(10_000)],
        schema={
            "id": pl.Int64,
            "measure_id": pl.Int64,
            "period": pl.String,
            "s_value": pl.String,
            "s_numerator": pl.String,
            "s_denominator": pl.String,
            "s_commentary": pl.String,
            "status": pl.String,
        },
        orient="row",
    )


def _dec(number: Decimal | None) -> str | None:
    return None if number is None else f"{number.normalize():f}"


def _same(text: str | None, stored: str | None) -> bool:
    if text is None or stored is None:
        return text is stored
    return Decimal(text) == Decimal(stored)


def compare_values(
    plan: Plan,
    values: BulkObservations,
    *,
    filename: str,
    replace_signed_off: bool = False,
    rules: core.Plan | None = None,
) -> BulkChanges:
    """Compare the file's values with ``plan``'s stored values (see ``BulkChanges``)."""
    rules = rules or snapshot(plan, Observation.objects.none())
    ids = pl.DataFrame(
        list(plan.measures.values_list("code", "id")),
        schema={"code": pl.String, "measure_id": pl.Int64},
        orient="row",
    )
    frame = values.frame.join(ids, on="code", how="left")
    periods = frame.get_column("period").unique().to_list()
    joined = frame.join(_stored(plan, periods), on=["measure_id", "period"], how="left")
    incoming = joined.filter(pl.col("id").is_null()).with_columns(
        commentary=pl.col("note"), status=pl.lit(None, dtype=pl.String)
    )
    matched = joined.filter(pl.col("id").is_not_null())
    differs, unchanged = _differing(matched)
    signed_off = differs.filter(pl.col("status").is_in(_SIGNED_OFF))
    if not replace_signed_off:
        differs = differs.filter(~pl.col("status").is_in(_SIGNED_OFF))
    kept = 0 if replace_signed_off else signed_off.height
    columns = [*incoming.columns]
    changed = differs.with_columns(
        commentary=pl.when(pl.col("note") != "").then(pl.col("note")).otherwise("s_commentary")
    ).select(columns)
    problems = _red_without_commentary(pl.concat([incoming, changed]), rules, filename, values)
    restated = changed.filter(pl.col("status") == Status.PUBLISHED.value).height
    return BulkChanges(incoming, changed, unchanged, kept, problems, restated)


def _differing(matched: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """The stored values the file changes, and how many it repeats as they are (a published
    value with the same figures is unchanged: an import never rewrites its commentary)."""
    if matched.height == 0:
        return matched, 0
    keep = []
    for row in matched.select(
        "value",
        "numerator",
        "denominator",
        "note",
        "s_value",
        "s_numerator",
        "s_denominator",
        "s_commentary",
        "status",
    ).iter_rows():
        value, numerator, denominator, note, s_value, s_num, s_den, s_note, status = row
        same = _same(value, s_value) and _same(numerator, s_num) and _same(denominator, s_den)
        note_changes = bool(note) and note != s_note
        keep.append(not (same and (not note_changes or status == Status.PUBLISHED.value)))
    mask = pl.Series(keep, dtype=pl.Boolean)
    return matched.filter(mask), matched.height - int(mask.sum())


def _targets(rules: core.Plan) -> pl.DataFrame:
    return pl.DataFrame(
        [(m.code, m.polarity.value) for m in rules.measures],
        schema={"code": pl.String, "polarity": pl.String},
        orient="row",
    )


def _red_without_commentary(
    frame: pl.DataFrame, rules: core.Plan, filename: str, values: BulkObservations
) -> tuple[Problem, ...]:
    """Red values that would have no commentary. Only values on the wrong side of (or at)
    their target, or of a band measure, are rated one by one, by the core's own ``rag``."""
    bare = frame.filter(pl.col("commentary").fill_null("").str.strip_chars() == "")
    if bare.height == 0:
        return ()
    bare = bare.join(_targets(rules), on="code", how="left").filter(
        pl.col("polarity") != Polarity.NONE.value
    )
    bare = _with_targets(bare, rules)
    value = pl.col("value").cast(pl.Float64, strict=False)
    margin = 1e-9 * pl.max_horizontal(pl.col("target").abs(), pl.lit(1.0))
    maybe = bare.filter(
        (pl.col("polarity") == Polarity.BAND.value)
        | ((pl.col("polarity") == Polarity.HIGHER.value) & (value <= pl.col("target") + margin))
        | ((pl.col("polarity") == Polarity.LOWER.value) & (value >= pl.col("target") - margin))
    )
    problems = []
    for code, period, text, row in maybe.select("code", "period", "value", "row").iter_rows():
        measure = rules.measure(code)
        amount = Decimal(text)
        target = rules.target(code, parse_period(period))
        if rag(amount, target, measure.tolerance, measure.polarity) is Rag.RED:
            message = red_message(code, period, amount)
            problems.append((row, Problem(filename, values.sheet, row, "note", message)))
    return tuple(problem for _, problem in sorted(problems, key=lambda p: p[0]))


def _with_targets(frame: pl.DataFrame, rules: core.Plan) -> pl.DataFrame:
    """``frame`` with the target in force for each row's measure and period (its own, else its
    financial year's, as ``core.Plan.target``) as a float, for the first sift; rows with no
    target are left out (they are not rated)."""
    labels = frame.get_column("period").unique().to_list()
    years = pl.DataFrame(
        [(label, str(parse_period(label).financial_year)) for label in labels],
        schema={"period": pl.String, "year": pl.String},
        orient="row",
    )
    set_for = pl.DataFrame(
        [(t.code, str(t.period), float(t.value)) for t in rules.targets],
        schema={"code": pl.String, "set_for": pl.String, "target": pl.Float64},
        orient="row",
    )
    exact = set_for.rename({"set_for": "period", "target": "own"})
    yearly = set_for.rename({"set_for": "year", "target": "yearly"})
    return (
        frame.join(years, on="period", how="left")
        .join(exact, on=["code", "period"], how="left")
        .join(yearly, on=["code", "year"], how="left")
        .with_columns(target=pl.coalesce("own", "yearly"))
        .filter(pl.col("target").is_not_null())
    )


@dataclass(frozen=True)
class BulkImported:
    """What an import stored: values added and changed, signed-off values kept as they were
    (not chosen for replacement) and published values restated."""

    created: int
    updated: int
    kept: int
    restated: int = 0


def apply_values(
    user: User,
    plan: Plan,
    changes: BulkChanges,
    *,
    reason: str = "",
    progress: Progress = _ignore,
) -> BulkImported:
    """Write a compared import, all or nothing, in one transaction.

    Refuses (``ValueError``) an import with problems, or one that restates published values
    without a ``reason``. ``progress`` is told of every batch written.
    """
    require(user, Permission.IMPORT_DATA)
    if changes.problems:
        raise ValueError("the import has problems: nothing is written")
    if changes.restatements and not reason.strip():
        raise ValueError("say why the published values are being corrected")
    stamp = Stamp.of(user)
    with transaction.atomic():
        created = insert_values(changes.new, stamp, progress=progress)
        rows = _changed_rows(changes.changed, stamp, reason.strip())
        save_changed(rows, stamp, progress=progress)
    if changes.restatements:
        transaction.on_commit(lambda: published_figures_changed(plan.organisation_id))
    return BulkImported(created, len(rows), changes.kept, changes.restatements)


def _changed_rows(frame: pl.DataFrame, stamp: Stamp, reason: str) -> list[Observation]:
    """The stored values to change, locked and updated in memory (saved by ``save_changed``)."""
    figures = {
        row[0]: row[1:]
        for row in frame.select(
            "id", "value", "numerator", "denominator", "commentary", "status"
        ).iter_rows()
    }
    rows: list[Observation] = []
    ids = list(figures)
    for start in range(0, len(ids), 10_000):
        chunk = ids[start : start + 10_000]
        rows.extend(Observation.objects.select_for_update().filter(pk__in=chunk))
    for row in rows:
        value, numerator, denominator, commentary, compared = figures[row.pk]
        if row.status != compared:  # changed since the comparison: refuse rather than guess
            raise ValueError(
                f"{row.period}: the value's status changed while the import ran; nothing was "
                "stored: run the import again"
            )
        set_imported(row, value, numerator, denominator, commentary or "", stamp, reason)
    return rows


def set_imported(
    row: Observation,
    value: str | Decimal,
    numerator: str | Decimal | None,
    denominator: str | Decimal | None,
    commentary: str,
    stamp: Stamp,
    reason: str = "",
) -> None:
    """Change a stored value as an import does: the importer entered it; a published value is
    restated with ``reason``; any other is submitted, or approved by the organisation's choice."""
    row.value, row.numerator, row.denominator = (
        Decimal(value),
        None if numerator is None else Decimal(numerator),
        None if denominator is None else Decimal(denominator),
    )
    row.commentary, row.entered_by, row.updated_at = commentary, stamp.user, stamp.now
    if row.status == Status.PUBLISHED:
        row.restatement_reason, row.restated_at = reason, stamp.now
        why = f"Restated by import: {reason}"
    else:
        row.submitted_at, row.return_reason = stamp.now, ""
        row.status = stamp.status
        row.approved_by = stamp.user if stamp.approved else None
        row.approved_at = stamp.now if stamp.approved else None
        why = stamp.reason
    row.version += 1
    with_reason(row, why, stamp.user)


_CHANGED_FIELDS = [
    "value",
    "numerator",
    "denominator",
    "commentary",
    "status",
    "version",
    "return_reason",
    "entered_by",
    "updated_at",
    "submitted_at",
    "approved_by",
    "approved_at",
    "restatement_reason",
    "restated_at",
]


def save_changed(rows: list[Observation], stamp: Stamp, *, progress: Progress = _ignore) -> None:
    """Save changed values in batches, each with its audit record and its own reason."""
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        bulk_update_with_history(
            batch,
            Observation,
            _CHANGED_FIELDS,
            batch_size=2_000,
            default_user=stamp.user,
            default_date=stamp.now,
        )
        progress(len(batch))


def insert_values(frame: pl.DataFrame, stamp: Stamp, *, progress: Progress = _ignore) -> int:
    """Insert new values (a frame with ``NEW_COLUMNS`` and ``commentary``) and their audit
    records; returns how many. Call inside a transaction."""
    count = frame.height
    if count == 0:
        return 0
    table = Observation._meta.db_table
    if count >= LARGE:
        _widen_sqlite_cache()
    ids = _reserve_ids(table, count)
    now = connection.ops.adapt_datetimefield_value(stamp.now)
    status = stamp.status.value
    approver = stamp.user.pk if stamp.approved else None
    approved_at = now if stamp.approved else None
    fixed = (status, 1, "", stamp.user.pk, now, now, approver, approved_at, "")
    columns = (
        "id",
        *NEW_COLUMNS,
        "commentary",
        "status",
        "version",
        "return_reason",
        "entered_by_id",
        "updated_at",
        "submitted_at",
        "approved_by_id",
        "approved_at",
        "restatement_reason",
    )
    data = frame.select(
        *[pl.col(c) for c in NEW_COLUMNS[:2]],
        pl.col("period_end").cast(pl.String),
        *[pl.col(c) for c in NEW_COLUMNS[3:]],
        pl.col("commentary").fill_null(""),
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for number, row in zip(ids, data.iter_rows(), strict=True):
            yield (number, *row, *fixed)

    _copy_in(table, columns, rows(), progress)
    _history_of(table, ids, stamp)
    return count


def _widen_sqlite_cache() -> None:
    """Let SQLite keep the indexes being filled in memory until the transaction commits
    (its default cache of 2 MB makes it write the same pages over and over), then go back to
    the default. Nothing for PostgreSQL, whose COPY needs no help."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (default,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")

    def restore() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(default)}")

    transaction.on_commit(restore)


def _reserve_ids(table: str, count: int) -> Sequence[int]:
    """Ids for ``count`` new rows, never used before (so an audit record is never joined to
    a deleted value's): the sequence's next values on PostgreSQL; on SQLite, whose write lock
    the transaction already holds, the ones after the highest id ever given."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [number for (number,) in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT max(coalesce((SELECT max(id) FROM {quoted}), 0), "  # noqa: S608 (a model's table)
            "coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        (highest,) = cursor.fetchone()
        return range(highest + 1, highest + 1 + count)


def _copy_in(
    table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]], progress: Progress
) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                written = 0
                for row in rows:
                    copy.write_row(row)
                    written += 1
                    if written == BATCH:
                        progress(written)
                        written = 0
                progress(written)
            return
        marks = ", ".join(["%s"] * len(columns))
        statement = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(statement, batch)
            progress(len(batch))


def _history_of(table: str, ids: Sequence[int], stamp: Stamp) -> None:
    """Each new value's audit record ('+', who, when, why), copied from the value itself."""
    history = Observation.history.model._meta.db_table
    quote = connection.ops.quote_name
    fields = [
        f.column for f in Observation._meta.concrete_fields if f.column != "id"
    ]  # the history table has the same columns, with the value's id as ``id``
    names = ", ".join(quote(c) for c in ("id", *fields))
    contiguous = isinstance(ids, range) or ids[-1] - ids[0] + 1 == len(ids)
    where = "id BETWEEN %s AND %s" if contiguous else "id = ANY(%s)"
    chosen: list[Any] = [ids[0], ids[-1]] if contiguous else [list(ids)]
    statement = (
        f"INSERT INTO {quote(history)} ({names}, history_date, history_change_reason, "  # noqa: S608
        f"history_type, history_user_id) SELECT {names}, %s, %s, '+', %s FROM {quote(table)} "
        f"WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [
                connection.ops.adapt_datetimefield_value(stamp.now),
                stamp.reason,
                stamp.user.pk,
                *chosen,
            ],
        )
