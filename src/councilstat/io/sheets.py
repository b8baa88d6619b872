"""Tables with their columns resolved: the shared machinery of the plan file readers.

Column names match ignoring case, spaces and underscores (``Priority title`` is
``priority_title``). Each problem is recorded against the column's name as the file spells it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from councilstat.io.cells import CellError
from councilstat.io.problems import Problem
from councilstat.io.tables import Cell, Table

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "SHEETS",
    "Sheet",
    "column_key",
    "is_complete",
    "parsed",
    "resolve",
]

SHEETS = ("plan", "measures", "targets", "observations")
REQUIRED_COLUMNS = {
    "plan": (),
    "measures": ("code", "title", "priority", "outcome", "unit", "polarity", "frequency"),
    "targets": ("code", "period", "target"),
    "observations": ("code", "period"),
}
OPTIONAL_COLUMNS = {
    "plan": ("organisation", "title", "outcome_term", "outcome_term_plural"),
    "measures": (
        "priority_title",
        "outcome_title",
        "tolerance",
        "aggregation",
        "cumulative",
        "decimal_places",
        "can_exceed_100",
        "directorate",
        "owner",
        "definition",
        "source",
        "breaks",
    ),
    "targets": ("target_upper",),
    "observations": ("value", "numerator", "denominator", "note"),
}


def column_key(name: str) -> str:
    """Column names match ignoring case, spaces and underscores: ``Priority title``."""
    return re.sub(r"[\s_]+", "", name.lower())


@dataclass
class Sheet:
    """A table with its columns resolved, collecting problems as rows are read."""

    table: Table
    problems: list[Problem]
    columns: dict[str, int] = field(default_factory=dict)

    def display(self, column: str) -> str:
        index = self.columns.get(column)
        return self.table.header[index] if index is not None else column

    def cell(self, values: tuple[Cell, ...], column: str) -> Cell:
        index = self.columns.get(column)
        return values[index] if index is not None and index < len(values) else None

    def report(self, row: int | None, column: str | None, message: str) -> None:
        shown = self.display(column) if column is not None else None
        self.problems.append(self.table.problem(row, shown, message))


_Parsed = TypeVar("_Parsed")


def parsed(
    sheet: Sheet, row: int, values: tuple[Cell, ...], column: str, parse: Callable[[Cell], _Parsed]
) -> _Parsed | None:
    """``parse`` the row's cell in ``column``, reporting a problem and giving ``None`` if bad."""
    try:
        return parse(sheet.cell(values, column))
    except CellError as error:
        sheet.report(row, column, str(error))
        return None


def resolve(table: Table, kind: str, problems: list[Problem], warnings: list[Problem]) -> Sheet:
    sheet = Sheet(table, problems)
    known = {column_key(c): c for c in (*REQUIRED_COLUMNS[kind], *OPTIONAL_COLUMNS[kind])}
    for index, name in enumerate(table.header):
        canonical = known.get(column_key(name))
        if canonical is None:
            if name and kind != "measures":
                warnings.append(table.problem(1, name, "unknown column, ignored"))
            continue
        if canonical in sheet.columns:
            sheet.report(1, canonical, f"the column '{name}' appears more than once")
        sheet.columns[canonical] = index
    for column in REQUIRED_COLUMNS[kind]:
        if column not in sheet.columns:
            problems.append(table.problem(1, column, "required column is missing"))
    if (
        kind == "observations"
        and "value" not in sheet.columns
        and not ({"numerator", "denominator"} <= sheet.columns.keys())
    ):
        problems.append(
            table.problem(1, "value", "give a value column, or numerator and denominator columns")
        )
    return sheet


def is_complete(sheet: Sheet, kind: str) -> bool:
    return all(c in sheet.columns for c in REQUIRED_COLUMNS[kind])
