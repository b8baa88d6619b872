"""Read a plan from a folder of CSV files or one .xlsx workbook (``docs/data-formats.md``), or
from the same uploaded in a browser: the CSV files themselves, a .zip of them, or a workbook's
bytes (``read_plan_files``, ``read_plan_upload``; nothing is written to disk).

Every problem is reported, not just the first, each located as ``FILE:ROW:COLUMN`` (or
``FILE:SHEET:ROW:COLUMN`` in a workbook). Any problem means nothing is loaded: the reader
either returns a whole, valid ``Plan`` or raises ``DataFileError``. Warnings (an unknown
column, a row with no value yet) do not stop a load and are returned beside the plan.

Files: ``measures`` (required), ``targets`` and ``observations``, and an optional ``plan``
with the ``organisation``, the plan ``title`` and what the plan calls its outcomes
(``outcome_term``, e.g. ``key delivery outcome``, with ``outcome_term_plural`` if it is not
just an added ``s``) in its first row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from councilstat.core.plan import DEFAULT_OUTCOME_TERM, Plan
from councilstat.io.cells import bounded_text
from councilstat.io.measure_rows import MeasureReader
from councilstat.io.problems import DataFileError, Problem
from councilstat.io.record_rows import RecordReader
from councilstat.io.sheets import SHEETS, parsed, resolve
from councilstat.io.tables import (
    Table,
    read_csv_bytes,
    read_csv_table,
    read_workbook_tables,
    read_zip_files,
)

__all__ = ["PLAN_FILES", "LoadedPlan", "read_plan", "read_plan_files", "read_plan_upload"]

DEFAULT_TITLE = "Council Plan"
PLAN_FILES = tuple(f"{name}.csv" for name in SHEETS)
"""The CSV files of a plan, by name: ``plan.csv``, ``measures.csv``, ``targets.csv``,
``observations.csv``."""

_Tables = tuple[dict[str, Table], list[Problem], list[Problem]]


@dataclass(frozen=True)
class LoadedPlan:
    plan: Plan
    warnings: tuple[Problem, ...] = ()
    organisation: str = ""


def _completed(tables: dict[str, Table], problems: list[Problem], where: str) -> _Tables:
    """Report a missing ``measures`` (a problem) and missing optional tables (warnings)."""
    warnings: list[Problem] = []
    if "measures" not in tables and not problems:
        problems.append(
            Problem(where, None, None, None, "measures is missing (measures.csv or a sheet)")
        )
    for optional in ("targets", "observations"):
        if optional not in tables:
            warnings.append(Problem(where, None, None, None, f"no {optional} found"))
    return tables, problems, warnings


def _tables(path: Path) -> _Tables:
    problems: list[Problem] = []
    if path.is_dir():
        tables = {}
        for name in SHEETS:
            candidate = path / f"{name}.csv"
            if candidate.is_file():
                try:
                    tables[name] = read_csv_table(candidate)
                except DataFileError as error:
                    problems.extend(error.problems)
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        tables = read_workbook_tables(path, SHEETS)
    elif not path.exists():
        raise DataFileError([Problem(str(path), None, None, None, "no such file or folder")])
    else:
        raise DataFileError(
            [
                Problem(
                    str(path), None, None, None, "give a folder of CSV files or an .xlsx workbook"
                )
            ]
        )
    return _completed(tables, problems, path.name)


def _csv_tables(files: Mapping[str, bytes], where: str) -> _Tables:
    """The plan's tables from CSV files' bytes, by file name (matched ignoring case)."""
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    ignored: list[Problem] = []
    for filename, content in files.items():
        if filename.lower() not in PLAN_FILES:
            message = f"not one of a plan's files ({', '.join(PLAN_FILES)}), ignored"
            ignored.append(Problem(filename, None, None, None, message))
            continue
        sheet = PurePosixPath(filename.lower()).stem
        if sheet in tables:
            problems.append(Problem(filename, None, None, None, "given more than once"))
            continue
        try:
            tables[sheet] = read_csv_bytes(content, name=filename)
        except DataFileError as error:
            problems.extend(error.problems)
    tables, problems, warnings = _completed(tables, problems, where)
    return tables, problems, [*ignored, *warnings]


@dataclass(frozen=True)
class _PlanDetails:
    organisation: str = ""
    title: str = DEFAULT_TITLE
    outcome_term: str = DEFAULT_OUTCOME_TERM
    outcome_term_plural: str = ""


_DETAIL_FIELDS = {
    "organisation": "organisation",
    "title": "plan_title",
    "outcome_term": "outcome_term",
    "outcome_term_plural": "outcome_term_plural",
}


def _plan_details(
    table: Table | None, problems: list[Problem], warnings: list[Problem]
) -> _PlanDetails:
    """The organisation, plan title and outcome term from the ``plan`` table's first row."""
    if table is None or not table.rows:
        return _PlanDetails()
    sheet = resolve(table, "plan", problems, warnings)
    row, values = table.rows[0]
    found = {
        column: parsed(sheet, row, values, column, partial(bounded_text, field=field)) or ""
        for column, field in _DETAIL_FIELDS.items()
    }
    return _PlanDetails(
        organisation=found["organisation"],
        title=found["title"] or DEFAULT_TITLE,
        outcome_term=found["outcome_term"] or DEFAULT_OUTCOME_TERM,
        outcome_term_plural=found["outcome_term_plural"] if found["outcome_term"] else "",
    )


def _loaded(found: _Tables) -> LoadedPlan:
    tables, problems, warnings = found
    details = _plan_details(tables.get("plan"), problems, warnings)
    measures = MeasureReader(problems=problems, warnings=warnings)
    if "measures" in tables:
        measures.read(tables["measures"])
    records = RecordReader(measures)
    targets = records.read_targets(tables["targets"]) if "targets" in tables else []
    observations = (
        records.read_observations(tables["observations"]) if "observations" in tables else []
    )
    if problems:
        raise DataFileError(problems)
    plan = Plan(
        tuple(measures.measures.values()),
        tuple(targets),
        tuple(observations),
        details.title,
        outcome_term=details.outcome_term,
        outcome_term_plural=details.outcome_term_plural,
    )
    return LoadedPlan(plan, tuple(warnings), details.organisation)


def read_plan(path: Path) -> LoadedPlan:
    """Read and validate a whole plan. Raises ``DataFileError`` listing every problem."""
    return _loaded(_tables(path))


def read_plan_files(files: Mapping[str, bytes], *, where: str = "upload") -> LoadedPlan:
    """Read and validate a whole plan from its CSV files' bytes, by file name
    (``measures.csv``, ``targets.csv``, ``observations.csv``, ``plan.csv``; other files are
    warned about and ignored). ``where`` names the upload in problems about it as a whole.
    Raises ``DataFileError`` listing every problem, each named by its CSV file."""
    return _loaded(_csv_tables(files, where))


def read_plan_upload(content: bytes, *, name: str) -> LoadedPlan:
    """Read and validate a whole plan from an uploaded file's bytes: an ``.xlsx`` workbook
    when ``name`` ends so, otherwise a ``.zip`` of its CSV files (at its top or in a folder;
    ``io.uploads.check_plan_upload`` makes one of CSV files uploaded together). ``name`` names
    the upload in problems about it as a whole; a CSV file's problems name that file.
    Raises ``DataFileError`` listing every problem."""
    if PurePosixPath(name).suffix.lower() == ".xlsx":
        tables = read_workbook_tables(content, SHEETS, name=name)
        return _loaded(_completed(tables, [], name))
    return read_plan_files(read_zip_files(content, name=name), where=name)
