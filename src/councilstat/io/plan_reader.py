"""Read a plan from a folder of CSV files or one .xlsx workbook (DESIGN.md section 3).

Every problem is reported, not just the first, each located as ``FILE:ROW:COLUMN`` (or
``FILE:SHEET:ROW:COLUMN`` in a workbook). Any problem means nothing is loaded: the reader
either returns a whole, valid ``Plan`` or raises ``DataFileError``. Warnings (an unknown
column, a row with no value yet) do not stop a load and are returned beside the plan.

Files: ``measures`` (required), ``targets`` and ``observations``, and an optional ``plan``
with the ``organisation`` and plan ``title`` in its first row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from councilstat.core.periods import Period, PeriodKind
from councilstat.core.plan import (
    Aggregation,
    Frequency,
    Measure,
    Observation,
    Outcome,
    Plan,
    Polarity,
    Priority,
    Target,
    Tolerance,
    ToleranceKind,
    Unit,
)
from councilstat.io.cells import CellError, parse_choice, parse_number, parse_period_cell, text
from councilstat.io.problems import DataFileError, Problem
from councilstat.io.tables import Cell, Table, read_csv_table, read_workbook_tables

__all__ = ["LoadedPlan", "read_plan"]

SHEETS = ("plan", "measures", "targets", "observations")
REQUIRED_COLUMNS = {
    "plan": (),
    "measures": ("code", "title", "priority", "outcome", "unit", "polarity", "frequency"),
    "targets": ("code", "period", "target"),
    "observations": ("code", "period"),
}
OPTIONAL_COLUMNS = {
    "plan": ("organisation", "title"),
    "measures": (
        "priority_title",
        "outcome_title",
        "tolerance",
        "aggregation",
        "directorate",
        "owner",
        "definition",
        "source",
    ),
    "targets": (),
    "observations": ("value", "numerator", "denominator", "note"),
}
# A target may be set for the measure's own period or a longer one.
TARGET_PERIODS = {
    Frequency.ANNUAL: {PeriodKind.YEAR},
    Frequency.QUARTERLY: {PeriodKind.YEAR, PeriodKind.QUARTER},
    Frequency.MONTHLY: {PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH},
}
_ARTICLE = {PeriodKind.MONTH: "a month", PeriodKind.QUARTER: "a quarter", PeriodKind.YEAR: "a year"}
_PLURAL = {PeriodKind.MONTH: "months", PeriodKind.QUARTER: "quarters", PeriodKind.YEAR: "years"}
_EXAMPLE = {
    PeriodKind.MONTH: "2019-07",
    PeriodKind.QUARTER: "2019/20 Q2",
    PeriodKind.YEAR: "2019/20",
}


@dataclass(frozen=True)
class LoadedPlan:
    plan: Plan
    warnings: tuple[Problem, ...] = ()
    organisation: str = ""


def column_key(name: str) -> str:
    """Column names match ignoring case, spaces and underscores: ``Priority title``."""
    return re.sub(r"[\s_]+", "", name.lower())


@dataclass
class _Sheet:
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
_Choice = TypeVar("_Choice", Unit, Polarity, Frequency)


def _parsed(
    sheet: _Sheet, row: int, values: tuple[Cell, ...], column: str, parse: Callable[[Cell], _Parsed]
) -> _Parsed | None:
    """``parse`` the row's cell in ``column``, reporting a problem and giving ``None`` if bad."""
    try:
        return parse(sheet.cell(values, column))
    except CellError as error:
        sheet.report(row, column, str(error))
        return None


def _resolve(table: Table, kind: str, problems: list[Problem], warnings: list[Problem]) -> _Sheet:
    sheet = _Sheet(table, problems)
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


def _complete(sheet: _Sheet, kind: str) -> bool:
    return all(c in sheet.columns for c in REQUIRED_COLUMNS[kind])


def _tolerance(cell: Cell) -> Tolerance:
    raw = text(cell)
    if not raw:
        return Tolerance()
    kind = ToleranceKind.PERCENT_OF_TARGET if raw.endswith("%") else ToleranceKind.ABSOLUTE
    amount = parse_number(raw.removesuffix("%"))
    if amount < 0:
        raise CellError(f"a tolerance cannot be negative ('{raw}')")
    return Tolerance(kind, amount)


def _number(cell: Cell) -> Decimal:
    return parse_number(cell, allow_percent_sign=True)


def _aggregation(cell: Cell) -> Aggregation:
    return parse_choice(cell, Aggregation, "aggregation") if text(cell) else Aggregation.LAST


@dataclass
class _Reader:
    """Reads the three tables in order, keeping what later tables need to check against."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    measures: dict[str, Measure] = field(default_factory=dict)
    codes_seen: dict[str, str] = field(default_factory=dict)
    priorities: dict[str, Priority] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)

    def read_measures(self, table: Table) -> None:
        sheet = _resolve(table, "measures", self.problems, self.warnings)
        if not _complete(sheet, "measures"):
            return
        extra = {
            index: name
            for index, name in enumerate(table.header)
            if name and index not in sheet.columns.values()
        }
        for row, values in table.rows:
            self._measure_row(sheet, row, values, extra)

    def _measure_row(
        self, sheet: _Sheet, row: int, values: tuple[Cell, ...], extra: dict[int, str]
    ) -> None:
        code = text(sheet.cell(values, "code"))
        if not code:
            sheet.report(row, "code", "the measure code is blank")
            return
        if code.lower() in self.codes_seen:
            sheet.report(row, "code", f"measure {code} is listed more than once")
            return
        self.codes_seen[code.lower()] = code

        def choice(column: str, choices: type[_Choice]) -> _Choice | None:
            return _parsed(sheet, row, values, column, lambda c: parse_choice(c, choices, column))

        title = text(sheet.cell(values, "title"))
        if not title:
            sheet.report(row, "title", f"measure {code} has no title")
        unit = choice("unit", Unit)
        polarity = choice("polarity", Polarity)
        frequency = choice("frequency", Frequency)
        tolerance = _parsed(sheet, row, values, "tolerance", _tolerance)
        aggregation = _parsed(sheet, row, values, "aggregation", _aggregation)
        priority = self._priority(sheet, row, values)
        outcome = self._outcome(sheet, row, values, priority)
        if not (title and unit and polarity and frequency and tolerance and aggregation):
            return
        if priority is None or outcome is None:
            return
        self.measures[code.lower()] = Measure(
            code=code,
            title=title,
            priority=priority,
            outcome=outcome,
            unit=unit,
            polarity=polarity,
            frequency=frequency,
            tolerance=tolerance,
            aggregation=aggregation,
            directorate=text(sheet.cell(values, "directorate")),
            owner=text(sheet.cell(values, "owner")),
            definition=text(sheet.cell(values, "definition")),
            source=text(sheet.cell(values, "source")),
            attributes={
                name: text(values[i])
                for i, name in extra.items()
                if i < len(values) and text(values[i])
            },
        )

    def _priority(self, sheet: _Sheet, row: int, values: tuple[Cell, ...]) -> Priority | None:
        code = text(sheet.cell(values, "priority"))
        if not code:
            sheet.report(row, "priority", "the priority is blank")
            return None
        title = text(sheet.cell(values, "priority_title"))
        known = self.priorities.get(code)
        if known is None:
            known = self.priorities[code] = Priority(code, title or f"Priority {code}")
        elif title and title != known.title:
            sheet.report(
                row,
                "priority_title",
                f"priority {code} is titled '{known.title}' on an earlier row",
            )
            return None
        return known

    def _outcome(
        self, sheet: _Sheet, row: int, values: tuple[Cell, ...], priority: Priority | None
    ) -> Outcome | None:
        code = text(sheet.cell(values, "outcome"))
        if not code:
            sheet.report(row, "outcome", "the outcome is blank")
            return None
        if priority is None:
            return None
        title = text(sheet.cell(values, "outcome_title"))
        known = self.outcomes.get(code)
        if known is None:
            known = self.outcomes[code] = Outcome(code, title or code, priority.code)
        elif known.priority != priority.code:
            sheet.report(
                row,
                "outcome",
                f"outcome {code} is under priority {known.priority} on an earlier row",
            )
            return None
        elif title and title != known.title:
            sheet.report(
                row, "outcome_title", f"outcome {code} is titled '{known.title}' on an earlier row"
            )
            return None
        return known

    def _record_start(
        self, sheet: _Sheet, row: int, values: tuple[Cell, ...], seen: set[tuple[str, Period]]
    ) -> tuple[Measure | None, Period] | None:
        """The measure and period of a target or observation row, checked; ``None`` to skip."""
        raw_code = text(sheet.cell(values, "code"))
        period = _parsed(sheet, row, values, "period", parse_period_cell)
        if not raw_code:
            sheet.report(row, "code", "the measure code is blank")
            return None
        if raw_code.lower() not in self.codes_seen:
            sheet.report(row, "code", f"unknown measure code '{raw_code}': it is not in measures")
            return None
        if period is None:
            return None
        code = self.codes_seen[raw_code.lower()]
        if (code, period) in seen:
            sheet.report(row, "period", f"{code} already has a row for {period}")
            return None
        seen.add((code, period))
        return self.measures.get(raw_code.lower()), period

    def read_targets(self, table: Table) -> list[Target]:
        sheet = _resolve(table, "targets", self.problems, self.warnings)
        if not _complete(sheet, "targets"):
            return []
        seen: set[tuple[str, Period]] = set()
        targets = []
        for row, values in table.rows:
            start = self._record_start(sheet, row, values, seen)
            number = _parsed(sheet, row, values, "target", _number)
            if start is None or start[0] is None or number is None:
                continue
            measure, period = start
            if measure.polarity is Polarity.NONE:
                sheet.report(
                    row, "target", f"{measure.code} has polarity none, so it cannot have a target"
                )
                continue
            if period.kind not in TARGET_PERIODS[measure.frequency]:
                sheet.report(
                    row,
                    "period",
                    f"{measure.code} is collected {measure.frequency.value}, so a target cannot be "
                    f"set for {_ARTICLE[period.kind]} ({period})",
                )
                continue
            if _percent_out_of_range(measure, number):
                sheet.report(row, "target", f"a percentage must be 0 to 100, not {number}")
                continue
            targets.append(Target(measure.code, period, number))
        return targets

    def read_observations(self, table: Table) -> list[Observation]:
        sheet = _resolve(table, "observations", self.problems, self.warnings)
        if not _complete(sheet, "observations"):
            return []
        seen: set[tuple[str, Period]] = set()
        observations = []
        for row, values in table.rows:
            start = self._record_start(sheet, row, values, seen)
            figures = _figures(sheet, row, values, self.warnings)
            if start is None or start[0] is None or figures is None:
                continue
            measure, period = start
            if period.kind is not measure.frequency.period_kind:
                kind = measure.frequency.period_kind
                sheet.report(
                    row,
                    "period",
                    f"{measure.code} is collected {measure.frequency.value}, so its periods are "
                    f"{_PLURAL[kind]} like {_EXAMPLE[kind]}; {period} is {_ARTICLE[period.kind]}",
                )
                continue
            value = _value(sheet, row, measure, figures)
            if value is None:
                continue
            note = text(sheet.cell(values, "note"))
            observations.append(
                Observation(
                    measure.code, period, value, figures.numerator, figures.denominator, note
                )
            )
        return observations


@dataclass(frozen=True)
class _Figures:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None


def _figures(
    sheet: _Sheet, row: int, values: tuple[Cell, ...], warnings: list[Problem]
) -> _Figures | None:
    """The numbers on an observation row, checked on their own; ``None`` if unusable."""
    cells = {c: sheet.cell(values, c) for c in ("value", "numerator", "denominator")}
    if not any(text(cell) for cell in cells.values()):
        warnings.append(sheet.table.problem(row, None, "no value given yet; row skipped"))
        return None
    numbers = {
        column: _parsed(sheet, row, values, column, _number) if text(cell) else None
        for column, cell in cells.items()
    }
    if any(text(cells[c]) and numbers[c] is None for c in cells):
        return None
    numerator, denominator = numbers["numerator"], numbers["denominator"]
    if (numerator is None) != (denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        sheet.report(row, missing, "give both numerator and denominator, or neither")
        return None
    if denominator is not None and denominator <= 0:
        sheet.report(row, "denominator", f"the denominator must be above zero, not {denominator}")
        return None
    if numerator is not None and numerator < 0:
        sheet.report(row, "numerator", f"the numerator cannot be negative ({numerator})")
        return None
    return _Figures(numbers["value"], numerator, denominator)


def _percent_out_of_range(measure: Measure, number: Decimal) -> bool:
    return measure.unit is Unit.PERCENT and not 0 <= number <= 100


def _value(sheet: _Sheet, row: int, measure: Measure, figures: _Figures) -> Decimal | None:
    """The observation's value, checked against the measure; ``None`` after reporting a problem."""
    value = figures.value
    if figures.numerator is not None and figures.denominator is not None:
        if measure.unit is Unit.PERCENT and figures.numerator > figures.denominator:
            sheet.report(
                row,
                "numerator",
                f"the numerator ({figures.numerator}) is above the denominator "
                f"({figures.denominator}) for a percentage",
            )
            return None
        scale = 100 if measure.unit is Unit.PERCENT else 1
        derived = scale * figures.numerator / figures.denominator
        if value is not None and abs(value - derived) > _half_unit(value):
            sheet.report(
                row,
                "value",
                f"the value {value} does not match numerator / denominator ({derived:.4g})",
            )
            return None
        value = value if value is not None else derived
    if value is None:
        return None
    if _percent_out_of_range(measure, value):
        sheet.report(row, "value", f"a percentage must be 0 to 100, not {value}")
        return None
    return value


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit in the last place written: 52 allows 0.5, 51.9 allows 0.05."""
    exponent = value.as_tuple().exponent
    places = exponent if isinstance(exponent, int) else 0
    return Decimal(5).scaleb(places - 1)


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


def _plan_details(table: Table | None, reader: _Reader) -> tuple[str, str]:
    if table is None or not table.rows:
        return "", "Council Plan"
    sheet = _resolve(table, "plan", reader.problems, reader.warnings)
    values = table.rows[0][1]
    return text(sheet.cell(values, "organisation")), text(
        sheet.cell(values, "title")
    ) or "Council Plan"


def read_plan(path: Path) -> LoadedPlan:
    """Read and validate a whole plan. Raises ``DataFileError`` listing every problem."""
    tables, problems, warnings = _tables(path)
    reader = _Reader(problems=problems, warnings=warnings)
    organisation, title = _plan_details(tables.get("plan"), reader)
    if "measures" in tables:
        reader.read_measures(tables["measures"])
    targets = reader.read_targets(tables["targets"]) if "targets" in tables else []
    observations = (
        reader.read_observations(tables["observations"]) if "observations" in tables else []
    )
    if reader.problems:
        raise DataFileError(reader.problems)
    plan = Plan(tuple(reader.measures.values()), tuple(targets), tuple(observations), title)
    return LoadedPlan(plan, tuple(reader.warnings), organisation)
