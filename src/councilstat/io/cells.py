"""Turn spreadsheet cells into typed values, or into a plain-English reason they cannot be.

Each parser returns the value or raises ``CellError`` with a message fit to show a user; the
reader adds the file, sheet, row and column.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from councilstat.core.errors import PeriodError
from councilstat.core.periods import (
    FinancialYear,
    Month,
    Period,
    month_name,
    parse_period,
    readings,
)
from councilstat.core.plan import Measure
from councilstat.core.validation import TARGET_PERIODS, InvalidFigure, check_number, check_text
from councilstat.io.tables import Cell

__all__ = [
    "CellError",
    "choose_reading",
    "two_readings",
    "bounded_text",
    "parse_choice",
    "parse_figure",
    "parse_number",
    "parse_period_cell",
    "period_for",
    "text",
]

_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


class CellError(ValueError):
    """A cell's content is not what its column needs."""


def text(cell: Cell) -> str:
    """A cell as trimmed text; blank for an empty cell."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_number(cell: Cell, *, allow_percent_sign: bool = False) -> Decimal:
    """A finite number from a cell: ``1234``, ``1,234.5``, ``-3``, or ``52%`` where allowed."""
    if isinstance(cell, bool | dt.date):
        raise CellError(f"'{cell}' is not a number")
    if isinstance(cell, int | float):
        number = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    else:
        raw = text(cell)
        cleaned = raw.removeprefix("£")
        if allow_percent_sign:
            cleaned = cleaned.removesuffix("%").strip()
        if _GROUPED.match(cleaned):
            cleaned = cleaned.replace(",", "")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(f"'{raw}' is not a number") from None
    if not number.is_finite():
        raise CellError(f"'{cell}' is not a finite number")
    return number


def parse_figure(cell: Cell, field: str, *, allow_percent_sign: bool = False) -> Decimal:
    """A number within the core's bounds for every figure (``check_number``)."""
    number = parse_number(cell, allow_percent_sign=allow_percent_sign)
    try:
        check_number(number, field)
    except InvalidFigure as error:
        raise CellError(str(error)) from None
    return number


def bounded_text(cell: Cell, field: str) -> str:
    """A cell as trimmed text, within its column's length (``MAX_LENGTH[field]``)."""
    value = text(cell)
    try:
        check_text(value, field)
    except InvalidFigure as error:
        raise CellError(str(error)) from None
    return value


_Choice = TypeVar("_Choice", bound=StrEnum)


def parse_choice(cell: Cell, choices: type[_Choice], what: str) -> _Choice:
    """One of an enumeration's values, ignoring case and surrounding spaces."""
    raw = text(cell)
    try:
        return choices(raw.lower())
    except ValueError:
        allowed = ", ".join(c.value for c in choices)
        shown = f"'{raw}'" if raw else "blank"
        raise CellError(f"unknown {what} {shown}: use one of {allowed}") from None


def parse_period_cell(cell: Cell) -> Period:
    """A period from a cell. A date (Excel turns ``2019-07`` into one) means its month."""
    if isinstance(cell, dt.date):
        return Month(cell.year, cell.month)
    try:
        return parse_period(text(cell))
    except PeriodError as error:
        raise CellError(str(error)) from None


def two_readings(cell: Cell) -> tuple[Month, FinancialYear] | None:
    """The two readings of a label like ``2011-12`` (December 2011, or the financial year
    2011/12), or ``None`` for any other cell. A date cell is always its month."""
    if cell is None or isinstance(cell, dt.date):
        return None
    try:
        found = readings(text(cell))
    except PeriodError:
        return None
    match found:
        case (Month() as month, FinancialYear() as year):
            return month, year
    return None


def choose_reading(
    cell: Cell, both: tuple[Month, FinancialYear], fits: Sequence[Period], why: str
) -> Period:
    """The one of a two-way label's readings (``both``) that ``fits`` the rest of the file;
    when none or both fit, ``CellError`` names both readings and ``why``."""
    if len(fits) == 1:
        return fits[0]
    month, year = both
    short = f"{calendar.month_abbr[month.month]} {month.year}"
    raise CellError(
        f"'{text(cell)}' could be {month_name(month)} or the financial year {year}, and {why}: "
        f"write {year} for the year, or {short} for the month"
    )


def period_for(cell: Cell, measure: Measure, *, target: bool = False) -> Period:
    """A measure's period from a cell. A label that reads two ways (``2011-12``: December 2011
    or the year 2011/12) is read as the one the measure's frequency allows: an annual measure's
    is the year, a monthly measure's value the month. Otherwise (a quarterly measure's value, or
    a monthly measure's target, which may be set for a month or a year) it is refused, naming
    both readings."""
    both = two_readings(cell)
    if both is None:
        return parse_period_cell(cell)
    frequency = measure.frequency
    allowed = TARGET_PERIODS[frequency] if target else {frequency.period_kind}
    fits = [reading for reading in both if reading.kind in allowed]
    what = "a target" if target else "a value"
    why = (
        f"either could be {what} for {measure.code} (collected {frequency.value})"
        if fits
        else f"neither is a period {measure.code} (collected {frequency.value}) has"
    )
    return choose_reading(cell, both, fits, why)
