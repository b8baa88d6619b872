"""Read a time series for SPC: a CSV file with ``date`` and ``value`` columns.

Dates are kept as the labels written (an ISO date or a period such as ``2019-07``); rows must be
in time order, which is checked for ISO dates and periods. A blank value is a missing point (the
chart bridges it); a value keeps the bounds of every figure (finite, magnitude below 10^12, at
most 6 decimal places). Every problem is reported as ``FILE:ROW:COLUMN: message``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from councilstat.core.errors import PeriodError
from councilstat.core.periods import parse_period
from councilstat.io.cells import CellError, parse_figure, text
from councilstat.io.problems import DataFileError, Problem
from councilstat.io.sheets import column_key
from councilstat.io.tables import read_csv_table

__all__ = ["Series", "read_series"]


@dataclass(frozen=True)
class Series:
    labels: tuple[str, ...]
    values: tuple[float | None, ...]


def _sort_key(label: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(label)
    except ValueError:
        pass
    try:
        return parse_period(label).end
    except PeriodError:
        return None


def read_series(path: Path) -> Series:
    """Read ``date,value`` rows. Raises ``DataFileError`` listing every problem."""
    table = read_csv_table(path)
    columns = {column_key(name): index for index, name in enumerate(table.header)}
    problems: list[Problem] = [
        table.problem(1, name, "required column is missing")
        for name in ("date", "value")
        if name not in columns
    ]
    if problems:
        raise DataFileError(problems)
    labels: list[str] = []
    values: list[float | None] = []
    previous: dt.date | None = None
    for row, cells in table.rows:
        label = text(cells[columns["date"]]) if columns["date"] < len(cells) else ""
        raw = cells[columns["value"]] if columns["value"] < len(cells) else None
        if not label:
            problems.append(table.problem(row, "date", "the date is blank"))
            continue
        when = _sort_key(label)
        if when is not None and previous is not None and when <= previous:
            problems.append(table.problem(row, "date", f"'{label}' is not after the row before"))
        previous = when or previous
        try:
            values.append(float(parse_figure(raw, "value")) if text(raw) else None)
        except CellError as error:
            problems.append(table.problem(row, "value", str(error)))
            continue
        labels.append(label)
    if problems:
        raise DataFileError(problems)
    if not labels:
        raise DataFileError([table.problem(None, None, "there are no rows of data")])
    return Series(tuple(labels), tuple(values))
