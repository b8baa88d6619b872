"""Read the targets and observations tables, checking each row against its measure.

A target band (for a measure with polarity ``band``) is written in the ``target`` cell as
``low to high`` (``-2 to 2``), or as ``target`` (the bottom) with a ``target_upper`` column (the
top).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from councilstat.core.periods import Period
from councilstat.core.plan import Measure, Observation, Target
from councilstat.core.validation import (
    InvalidFigure,
    check_observation_period,
    check_target,
    observation_value,
)
from councilstat.io.cells import (
    CellError,
    bounded_text,
    parse_number,
    parse_period_cell,
    period_for,
    text,
    two_readings,
)
from councilstat.io.measure_rows import MeasureReader
from councilstat.io.problems import Problem
from councilstat.io.sheets import Sheet, is_complete, parsed, resolve
from councilstat.io.tables import Cell, Table

__all__ = ["RecordReader"]


_BAND = re.compile(r"^(?P<low>.+?)\s+to\s+(?P<high>.+)$", re.IGNORECASE)


def _number(cell: Cell) -> Decimal:
    return parse_number(cell, allow_percent_sign=True)


def _target(cell: Cell) -> tuple[Decimal, Decimal | None]:
    """A target, or a band written ``low to high``: its bottom and top (``None`` for a target)."""
    band = _BAND.match(text(cell))
    if band is None:
        return _number(cell), None
    return _number(band["low"]), _number(band["high"])


def _upper(cell: Cell) -> Decimal | None:
    return _number(cell) if text(cell) else None


@dataclass
class RecordReader:
    """Reads targets and observations for the measures a ``MeasureReader`` has read.

    ``warn_blank``: a row with no figures is skipped with a warning (in a plan's file), or
    silently (in a collection template, whose blank rows are simply values not filled in;
    ``blank_rows`` counts them). ``rows`` records each observation's row, by measure code and
    period label, so later checks can point at it.
    """

    measures: MeasureReader
    warn_blank: bool = True
    blank_rows: int = 0
    rows: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return self.measures.problems

    @property
    def warnings(self) -> list[Problem]:
        return self.measures.warnings

    def _record_start(
        self,
        sheet: Sheet,
        row: int,
        values: tuple[Cell, ...],
        seen: set[tuple[str, Period]],
        *,
        target: bool = False,
    ) -> tuple[Measure, Period] | None:
        """The measure and period of a target or observation row, checked; ``None`` to skip.
        A label that reads two ways (``2011-12``) is read by the measure's frequency
        (``period_for``)."""
        raw_code = text(sheet.cell(values, "code"))
        period = parsed(sheet, row, values, "period", parse_period_cell)
        if not raw_code:
            sheet.report(row, "code", "the measure code is blank")
            return None
        if raw_code.lower() not in self.measures.codes_seen:
            sheet.report(row, "code", f"unknown measure code '{raw_code}': it is not in measures")
            return None
        if period is None:
            return None
        code = self.measures.codes_seen[raw_code.lower()]
        measure = self.measures.measures.get(raw_code.lower())
        if measure is not None and two_readings(sheet.cell(values, "period")) is not None:
            try:
                period = period_for(sheet.cell(values, "period"), measure, target=target)
            except CellError as error:
                sheet.report(row, "period", str(error))
                return None
        if (code, period) in seen:
            sheet.report(row, "period", f"{code} already has a row for {period}")
            return None
        seen.add((code, period))
        # A measure whose own row had problems is already reported; skip checks against it.
        return (measure, period) if measure is not None else None

    def read_targets(self, table: Table) -> list[Target]:
        sheet = resolve(table, "targets", self.problems, self.warnings)
        if not is_complete(sheet, "targets"):
            return []
        seen: set[tuple[str, Period]] = set()
        targets = []
        for row, values in table.rows:
            start = self._record_start(sheet, row, values, seen, target=True)
            written = parsed(sheet, row, values, "target", _target)
            column_upper = parsed(sheet, row, values, "target_upper", _upper)
            unreadable_upper = column_upper is None and text(sheet.cell(values, "target_upper"))
            if start is None or written is None or unreadable_upper:
                continue
            number, in_cell = written
            if in_cell is not None and column_upper is not None:
                sheet.report(
                    row,
                    "target_upper",
                    "the band is given twice: write 'low to high' in target, or use target_upper",
                )
                continue
            upper = in_cell if in_cell is not None else column_upper
            measure, period = start
            try:
                check_target(measure, period, number, upper)
            except InvalidFigure as error:
                field = "target" if in_cell is not None else error.field
                sheet.report(row, field, str(error))
                continue
            targets.append(Target(measure.code, period, number, upper))
        return targets

    def read_observations(self, table: Table) -> list[Observation]:
        sheet = resolve(table, "observations", self.problems, self.warnings)
        if not is_complete(sheet, "observations"):
            return []
        seen: set[tuple[str, Period]] = set()
        observations = []
        for row, values in table.rows:
            start = self._record_start(sheet, row, values, seen)
            figures = _figures(sheet, row, values)
            if figures is _BLANK:
                self.blank_rows += 1
                if self.warn_blank:
                    self.warnings.append(
                        sheet.table.problem(row, None, "no value given yet; row skipped")
                    )
                continue
            if start is None or figures is None:
                continue
            measure, period = start
            try:
                check_observation_period(measure, period)
                value = observation_value(measure, *figures)
            except InvalidFigure as error:
                sheet.report(row, error.field, str(error))
                continue
            note = parsed(sheet, row, values, "note", partial(bounded_text, field="note"))
            if note is None:
                continue
            observations.append(
                Observation(measure.code, period, value, figures[1], figures[2], note)
            )
            self.rows[(measure.code, str(period))] = row
        return observations


_Figures = tuple[Decimal | None, Decimal | None, Decimal | None]
_BLANK: _Figures = (None, None, None)
"""A row with no figures at all (a value not filled in yet)."""


def _figures(sheet: Sheet, row: int, values: tuple[Cell, ...]) -> _Figures | None:
    """The value, numerator and denominator as numbers; ``_BLANK`` if all three are blank,
    ``None`` if one is unreadable (reported)."""
    cells = [sheet.cell(values, c) for c in ("value", "numerator", "denominator")]
    if not any(text(cell) for cell in cells):
        return _BLANK
    numbers = [
        parsed(sheet, row, values, column, _number) if text(cell) else None
        for column, cell in zip(("value", "numerator", "denominator"), cells, strict=True)
    ]
    if any(text(cell) and number is None for cell, number in zip(cells, numbers, strict=True)):
        return None
    value, numerator, denominator = numbers
    return value, numerator, denominator
