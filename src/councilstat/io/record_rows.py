"""Read the targets and observations tables, checking each row against its measure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from councilstat.core.periods import Period, PeriodKind
from councilstat.core.plan import Frequency, Measure, Observation, Polarity, Target, Unit
from councilstat.io.cells import parse_number, parse_period_cell, text
from councilstat.io.measure_rows import MeasureReader
from councilstat.io.problems import Problem
from councilstat.io.sheets import Sheet, is_complete, parsed, resolve
from councilstat.io.tables import Cell, Table

__all__ = ["RecordReader"]

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


def _number(cell: Cell) -> Decimal:
    return parse_number(cell, allow_percent_sign=True)


@dataclass
class RecordReader:
    """Reads targets and observations for the measures a ``MeasureReader`` has read."""

    measures: MeasureReader

    @property
    def problems(self) -> list[Problem]:
        return self.measures.problems

    @property
    def warnings(self) -> list[Problem]:
        return self.measures.warnings

    def _record_start(
        self, sheet: Sheet, row: int, values: tuple[Cell, ...], seen: set[tuple[str, Period]]
    ) -> tuple[Measure, Period] | None:
        """The measure and period of a target or observation row, checked; ``None`` to skip."""
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
        if (code, period) in seen:
            sheet.report(row, "period", f"{code} already has a row for {period}")
            return None
        seen.add((code, period))
        measure = self.measures.measures.get(raw_code.lower())
        # A measure whose own row had problems is already reported; skip checks against it.
        return (measure, period) if measure is not None else None

    def read_targets(self, table: Table) -> list[Target]:
        sheet = resolve(table, "targets", self.problems, self.warnings)
        if not is_complete(sheet, "targets"):
            return []
        seen: set[tuple[str, Period]] = set()
        targets = []
        for row, values in table.rows:
            start = self._record_start(sheet, row, values, seen)
            number = parsed(sheet, row, values, "target", _number)
            if start is None or number is None:
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
        sheet = resolve(table, "observations", self.problems, self.warnings)
        if not is_complete(sheet, "observations"):
            return []
        seen: set[tuple[str, Period]] = set()
        observations = []
        for row, values in table.rows:
            start = self._record_start(sheet, row, values, seen)
            figures = _figures(sheet, row, values, self.warnings)
            if start is None or figures is None:
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
    sheet: Sheet, row: int, values: tuple[Cell, ...], warnings: list[Problem]
) -> _Figures | None:
    """The numbers on an observation row, checked on their own; ``None`` if unusable."""
    cells = {c: sheet.cell(values, c) for c in ("value", "numerator", "denominator")}
    if not any(text(cell) for cell in cells.values()):
        warnings.append(sheet.table.problem(row, None, "no value given yet; row skipped"))
        return None
    numbers = {
        column: parsed(sheet, row, values, column, _number) if text(cell) else None
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


def _value(sheet: Sheet, row: int, measure: Measure, figures: _Figures) -> Decimal | None:
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
