"""Read a plan from a folder of CSV files or one .xlsx workbook (``docs/data-formats.md``).

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

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from councilstat.core.plan import DEFAULT_OUTCOME_TERM, Plan
from councilstat.io.cells import bounded_text
from councilstat.io.measure_rows import MeasureReader
from councilstat.io.problems import DataFileError, Problem
from councilstat.io.record_rows import RecordReader
from councilstat.io.sheets import SHEETS, parsed, resolve
from councilstat.io.tables import Table, read_csv_table, read_workbook_tables

__all__ = ["LoadedPlan", "read_plan"]

DEFAULT_TITLE = "Council Plan"


@dataclass(frozen=True)
class LoadedPlan:
    plan: Plan
    warnings: tuple[Problem, ...] = ()
    organisation: str = ""


def _tables(path: Path) -> tuple[dict[str, Table], list[Problem], list[Problem]]:
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if path.is_dir():
        tables = {}
        for name in SHEETS:
            candidate = path / f"{name}.csv"
            if candidate.is_file():
                try:
                    tables[name] = read_csv_table(candidate)
                except DataFileError as error:
                    problems.extend(error.problems)
        where = path.name
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        tables = read_workbook_tables(path, SHEETS)
        where = path.name
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
    if "measures" not in tables and not problems:
        problems.append(
            Problem(where, None, None, None, "measures is missing (measures.csv or a sheet)")
        )
    for optional in ("targets", "observations"):
        if optional not in tables:
            warnings.append(Problem(where, None, None, None, f"no {optional} found"))
    return tables, problems, warnings


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


def read_plan(path: Path) -> LoadedPlan:
    """Read and validate a whole plan. Raises ``DataFileError`` listing every problem."""
    tables, problems, warnings = _tables(path)
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
