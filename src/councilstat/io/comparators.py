"""Read comparator files: values in the long format, and the areas of a comparator group.

Values, one row per area, metric and period (column names match ignoring case, spaces and
underscores; ``measure`` and ``metric id`` are taken as ``metric``)::

    area_code,area_name,metric,period,value,numerator,denominator
    E08000018,Rotherham,ASC5,2018/19,93.5,,

A group's areas: ``area_code``, ``area_name`` and an optional ``subject`` (``yes`` on the
council's own row). A published neighbour list's ``neighbour_code``, ``neighbour_name`` and
``is_subject`` columns are read as those.

The rules are the plan files' (``docs/data-formats.md``): every problem is reported as
``FILE:ROW:COLUMN: message``, and any problem means nothing is returned. A row with no figure
at all is skipped with a warning, as a plan's observation row is. A period like ``2011-12``
(December 2011, or the financial year 2011/12) is read as the kind of period the metric's other
rows use, or refused naming both readings when they do not say.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from councilstat.core.periods import FinancialYear, Month, Period, PeriodKind, Quarter
from councilstat.io.cells import (
    CellError,
    choose_reading,
    parse_number,
    parse_period_cell,
    text,
    two_readings,
)
from councilstat.io.problems import DataFileError, Problem
from councilstat.io.sheets import column_key
from councilstat.io.tables import Cell, Table

__all__ = [
    "AREA_CODE",
    "ComparatorRow",
    "GroupArea",
    "LoadedValues",
    "read_group_areas",
    "read_values",
]

AREA_CODE = re.compile(r"^[EWSNK]\d{8}$")
"""An ONS GSS code: a country letter and eight digits (``E08000018``, ``E92000001``)."""
METRIC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")
MAX_ROWS = 200_000
SCALES = (Decimal(1), Decimal(100), Decimal(1_000), Decimal(10_000), Decimal(100_000))
"""A value may be a proportion, a percentage or a rate per 1,000, 10,000 or 100,000."""

VALUE_COLUMNS = ("area_code", "area_name", "metric", "period", "value")
VALUE_OPTIONAL = ("numerator", "denominator")
VALUE_ALIASES = {"measure": "metric", "metricid": "metric", "measureid": "metric"}
GROUP_COLUMNS = ("area_code", "area_name")
GROUP_OPTIONAL = ("subject",)
GROUP_ALIASES = {
    "neighbourcode": "area_code",
    "neighbourname": "area_name",
    "issubject": "subject",
}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class ComparatorRow:
    """One area's value of a metric for a period, as read and checked."""

    row: int
    area_code: str
    area_name: str
    metric: str
    period: Period
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None


@dataclass(frozen=True)
class LoadedValues:
    rows: tuple[ComparatorRow, ...]
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class GroupArea:
    area_code: str
    area_name: str
    subject: bool


class _Columns:
    """A table's columns resolved to canonical names, collecting problems as rows are read."""

    def __init__(
        self,
        table: Table,
        required: tuple[str, ...],
        optional: tuple[str, ...],
        aliases: dict[str, str],
        warnings: list[Problem],
    ) -> None:
        self.table = table
        self.problems: list[Problem] = []
        self.index: dict[str, int] = {}
        known = {column_key(c): c for c in (*required, *optional)} | aliases
        for position, name in enumerate(table.header):
            canonical = known.get(column_key(name))
            if canonical is None:
                if name:
                    warnings.append(table.problem(1, name, "unknown column, ignored"))
                continue
            if canonical in self.index:
                self.report(1, canonical, f"the column '{name}' appears more than once")
            self.index[canonical] = position
        for column in required:
            if column not in self.index:
                self.problems.append(table.problem(1, column, "required column is missing"))
        if len(table.rows) > MAX_ROWS:
            self.problems.append(table.problem(None, None, f"more than {MAX_ROWS} rows"))

    def cell(self, values: tuple[Cell, ...], column: str) -> Cell:
        position = self.index.get(column)
        return values[position] if position is not None and position < len(values) else None

    def report(self, row: int | None, column: str, message: str) -> None:
        position = self.index.get(column)
        shown = self.table.header[position] if position is not None else column
        self.problems.append(self.table.problem(row, shown, message))

    def parsed(
        self, row: int, values: tuple[Cell, ...], column: str, parse: Callable[[Cell], object]
    ) -> object | None:
        try:
            return parse(self.cell(values, column))
        except CellError as error:
            self.report(row, column, str(error))
            return None


def _area_code(cell: Cell) -> str:
    code = text(cell).upper()
    if not code:
        raise CellError("the area code is blank")
    if not AREA_CODE.match(code):
        raise CellError(f"'{text(cell)}' is not an ONS area code like E08000018")
    return code


def _metric(cell: Cell) -> str:
    metric = text(cell)
    if not metric:
        raise CellError("the metric id is blank")
    if not METRIC_ID.match(metric):
        raise CellError(
            f"'{metric}' is not a metric id: use up to 50 letters, digits, '.', '-' or '_'"
        )
    return metric


def _name(cell: Cell) -> str:
    name = text(cell)
    if not name:
        raise CellError("the area name is blank")
    if len(name) > 200:
        raise CellError("the area name is longer than 200 characters")
    return name


def _number(cell: Cell) -> Decimal:
    return parse_number(cell, allow_percent_sign=True)


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit in the last place written: 93.5 allows 0.05, 94 allows 0.5."""
    exponent = value.as_tuple().exponent
    places = exponent if isinstance(exponent, int) else 0
    return Decimal(5).scaleb(places - 1)


def _fraction_problem(
    value: Decimal, numerator: Decimal, denominator: Decimal
) -> tuple[str, str] | None:
    """The column and message of what is wrong with a numerator and denominator, if anything."""
    if denominator <= 0:
        return "denominator", f"the denominator must be above zero, not {denominator}"
    if numerator < 0:
        return "numerator", f"the numerator cannot be negative ({numerator})"
    if numerator > denominator:
        return "numerator", f"the numerator ({numerator}) is above the denominator ({denominator})"
    share = numerator / denominator
    if all(abs(value - share * scale) > _half_unit(value) for scale in SCALES):
        return "value", (
            f"the value {value} does not match numerator / denominator ({share:.4g}) as a "
            "proportion, a percentage or a rate per 1,000, 10,000 or 100,000"
        )
    return None


def _figures(
    columns: _Columns, row: int, values: tuple[Cell, ...], warnings: list[Problem]
) -> tuple[Decimal, Decimal | None, Decimal | None] | None:
    cells = {c: columns.cell(values, c) for c in ("value", "numerator", "denominator")}
    if not any(text(cell) for cell in cells.values()):
        warnings.append(columns.table.problem(row, None, "no value given; row skipped"))
        return None
    numbers = {
        c: columns.parsed(row, values, c, _number) if text(cells[c]) else None for c in cells
    }
    if any(text(cells[c]) and numbers[c] is None for c in cells):
        return None
    value, numerator, denominator = (numbers[c] for c in ("value", "numerator", "denominator"))
    if value is None:
        columns.report(row, "value", "give the value as published")
        return None
    if (numerator is None) != (denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        columns.report(row, missing, "give both numerator and denominator, or neither")
        return None
    assert isinstance(value, Decimal)  # noqa: S101  (parsed by _number)
    if isinstance(numerator, Decimal) and isinstance(denominator, Decimal):
        problem = _fraction_problem(value, numerator, denominator)
        if problem is not None:
            columns.report(row, *problem)
            return None
        return value, numerator, denominator
    return value, None, None


def _check_names(
    columns: _Columns, row: int, code: str | None, name: str | None, names: dict[str, str]
) -> None:
    if code is None or name is None:
        return
    known = names.setdefault(code, name)
    if known != name:
        columns.report(row, "area_name", f"{code} is named '{known}' on an earlier row")


def _kinds_by_metric(columns: _Columns, table: Table) -> dict[str, set[PeriodKind]]:
    """For each metric, the kinds of period its rows' labels name unambiguously."""
    kinds: dict[str, set[PeriodKind]] = {}
    for _, values in table.rows:
        cell = columns.cell(values, "period")
        if two_readings(cell) is not None:
            continue
        try:
            period = parse_period_cell(cell)
        except CellError:
            continue
        kinds.setdefault(text(columns.cell(values, "metric")).lower(), set()).add(period.kind)
    return kinds


def _period_of(metric: str, kinds: set[PeriodKind]) -> Callable[[Cell], Period]:
    """A period cell's parser for one metric: a label that reads two ways (``2011-12``) is read
    as the kind of period the metric's other rows use, or refused naming both readings."""

    def parse(cell: Cell) -> Period:
        both = two_readings(cell)
        if both is None:
            return parse_period_cell(cell)
        fits = [reading for reading in both if reading.kind in kinds]
        if fits:
            why = f"{metric}'s other rows have both months and years"
        else:
            why = f"no other row of {metric} says whether its periods are months or years"
        return choose_reading(cell, both, fits, why)

    return parse


def read_values(table: Table) -> LoadedValues:
    """Read and check comparator values; raises ``DataFileError`` listing every problem."""
    warnings: list[Problem] = []
    columns = _Columns(table, VALUE_COLUMNS, VALUE_OPTIONAL, VALUE_ALIASES, warnings)
    if columns.problems:
        raise DataFileError(columns.problems)
    rows: list[ComparatorRow] = []
    seen: dict[tuple[str, str, Period], int] = {}
    names: dict[str, str] = {}
    kinds = _kinds_by_metric(columns, table)
    for row, values in table.rows:
        code = columns.parsed(row, values, "area_code", _area_code)
        name = columns.parsed(row, values, "area_name", _name)
        metric = columns.parsed(row, values, "metric", _metric)
        label = metric if isinstance(metric, str) else ""
        period = columns.parsed(
            row, values, "period", _period_of(label, kinds.get(label.lower(), set()))
        )
        figures = _figures(columns, row, values, warnings)
        _check_names(columns, row, _str(code), _str(name), names)
        if not (
            isinstance(code, str)
            and isinstance(name, str)
            and isinstance(metric, str)
            and isinstance(period, FinancialYear | Quarter | Month)
        ):
            continue
        key = (code, metric.lower(), period)
        if key in seen:
            columns.report(
                row,
                "period",
                f"{code} already has a value of {metric} for {period} (row {seen[key]})",
            )
            continue
        seen[key] = row
        if figures is not None:
            rows.append(ComparatorRow(row, code, name, metric, period, *figures))
    if columns.problems:
        raise DataFileError(columns.problems)
    return LoadedValues(tuple(rows), tuple(warnings))


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _yes_no(cell: Cell) -> bool:
    answer = text(cell).lower()
    if answer in _YES:
        return True
    if answer in _NO:
        return False
    raise CellError(f"'{text(cell)}' is not yes or no")


def read_group_areas(table: Table) -> tuple[GroupArea, ...]:
    """Read and check a group's areas: exactly one must be the subject (the council itself)."""
    warnings: list[Problem] = []
    columns = _Columns(table, GROUP_COLUMNS, GROUP_OPTIONAL, GROUP_ALIASES, warnings)
    if columns.problems:
        raise DataFileError(columns.problems)
    areas: dict[str, GroupArea] = {}
    for row, values in table.rows:
        code = columns.parsed(row, values, "area_code", _area_code)
        name = columns.parsed(row, values, "area_name", _name)
        subject = columns.parsed(row, values, "subject", _yes_no)
        if not (isinstance(code, str) and isinstance(name, str)):
            continue
        if code in areas:
            columns.report(row, "area_code", f"{code} is listed more than once")
            continue
        areas[code] = GroupArea(code, name, subject is True)
    _check_subject(columns, areas.values())
    if columns.problems:
        raise DataFileError(columns.problems)
    return tuple(areas.values())


def _check_subject(columns: _Columns, areas: Iterable[GroupArea]) -> None:
    subjects = [a.area_code for a in areas if a.subject]
    if len(subjects) != 1:
        found = ", ".join(subjects) if subjects else "none"
        columns.report(
            None, "subject", f"mark exactly one area as the subject (yes); found {found}"
        )
