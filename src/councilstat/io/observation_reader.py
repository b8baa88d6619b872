"""Read observations only (a CSV file or a workbook's ``observations`` sheet) for a known plan.

The rows are checked exactly as ``plan_reader`` checks a plan's observations, against the
measures of a plan already held (not a ``measures`` table in the same file): the code must be
one of the plan's, the period of the measure's frequency, the value valid for its unit. Every
problem is reported as ``FILE:ROW:COLUMN`` (``FILE:SHEET:ROW:COLUMN`` in a workbook); any
problem means nothing is returned.

A ``title`` column (the collection template has one, to help the person filling it in) is
read as a label and ignored, without a warning. A row with no figures is a value not filled in
yet: it is skipped without a warning (``blank_rows`` counts them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from councilstat.core.plan import Observation, Plan
from councilstat.io.measure_rows import MeasureReader
from councilstat.io.problems import DataFileError, Problem
from councilstat.io.record_rows import RecordReader
from councilstat.io.sheets import column_key
from councilstat.io.tables import Table, read_csv_bytes, read_csv_table, read_workbook_tables
from councilstat.io.template_writer import LABELS

__all__ = ["LABEL_COLUMNS", "LoadedObservations", "read_observations", "read_observations_upload"]

SHEET = "observations"
LABEL_COLUMNS = LABELS
"""Columns read as labels only (the collection template's ``title``, ``unit``, ``target`` and
``previous``): ignored."""


@dataclass(frozen=True)
class LoadedObservations:
    observations: tuple[Observation, ...]
    warnings: tuple[Problem, ...] = ()
    blank_rows: int = 0
    """Rows left blank (no value, numerator or denominator): skipped."""
    sheet: str | None = None
    """The workbook sheet read (``None`` for a CSV file)."""
    rows: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """Each observation's row, by measure code and period label."""


def _table(source: Path | bytes, name: str) -> Table:
    """The observations table of a file, or of an uploaded file's bytes named ``name``."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".csv":
        if isinstance(source, bytes):
            return read_csv_bytes(source, name=name)
        return read_csv_table(source)
    if suffix == ".xlsx":
        tables = read_workbook_tables(source, (SHEET,), name=name)
        if SHEET not in tables:
            raise DataFileError(
                [Problem(name, None, None, None, "the workbook has no observations sheet")]
            )
        return tables[SHEET]
    raise DataFileError([Problem(name, None, None, None, "give a .csv file or an .xlsx workbook")])


def _without_labels(table: Table) -> Table:
    """The table less its label-only columns, keeping each remaining column's own name."""
    keep = [i for i, name in enumerate(table.header) if column_key(name) not in LABEL_COLUMNS]
    if len(keep) == len(table.header):
        return table
    return Table(
        table.file,
        table.sheet,
        tuple(table.header[i] for i in keep),
        tuple(
            (row, tuple(values[i] for i in keep if i < len(values))) for row, values in table.rows
        ),
    )


def _known_measures(plan: Plan, problems: list[Problem], warnings: list[Problem]) -> MeasureReader:
    return MeasureReader(
        problems=problems,
        warnings=warnings,
        measures={m.code.lower(): m for m in plan.measures},
        codes_seen={m.code.lower(): m.code for m in plan.measures},
    )


def read_observations(path: Path, plan: Plan) -> LoadedObservations:
    """Read and validate observations for ``plan``'s measures.

    Raises ``DataFileError`` listing every problem; returns the observations (rows with no
    figures yet are skipped) otherwise.
    """
    return _read(_table(path, path.name), plan)


def read_observations_upload(content: bytes, plan: Plan, *, name: str) -> LoadedObservations:
    """``read_observations`` for an uploaded .csv or .xlsx file's bytes, named ``name`` (by
    its suffix, and in problems); nothing is written to disk."""
    return _read(_table(content, name), plan)


def _read(table: Table, plan: Plan) -> LoadedObservations:
    table = _without_labels(table)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    records = RecordReader(_known_measures(plan, problems, warnings), warn_blank=False)
    observations = records.read_observations(table)
    if problems:
        raise DataFileError(problems)
    return LoadedObservations(
        tuple(observations), tuple(warnings), records.blank_rows, table.sheet, dict(records.rows)
    )
