"""UK financial years, quarters and months.

A financial year runs from 1 April to 31 March: ``2019/20`` is 1 April 2019 to 31 March 2020.
Quarter 1 is April to June, so ``2019/20 Q2`` is July to September 2019. A month is written
``2019-07``.

>>> parse_period("Q2 2019/20")
Quarter(year=2019, number=2)
>>> str(parse_period("FY2019 Q2"))
'2019/20 Q2'
>>> str(parse_period("2019/20 Q1").previous())
'2018/19 Q4'
>>> str(quarter_of(parse_period("2019-08")))
'2019/20 Q2'

Readers accept ``2019/20``, ``2019-20``, ``2019/2020``, ``FY2019``, ``FY2019/20``, and for quarters
any of those with ``Q1``..``Q4`` before or after; a month as ``2019-07``, ``Jul 2019`` or
``July 2019``. Output is always the canonical form above.

A few labels read two ways: ``2011-12`` is December 2011 and also the financial year 2011/12
(``2000-01`` to ``2011-12``). ``parse_period`` reads it as the month (the canonical form of a
month, as stored); :func:`readings` gives both, so that a file reader can choose by the rest of
the file or refuse it (``docs/data-formats.md``).

>>> [str(p) for p in readings("2011-12")]
['2011-12', '2011/12']
>>> str(parse_period("Dec 2011"))
'2011-12'
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Union

from councilstat.core.errors import PeriodError

__all__ = [
    "FinancialYear",
    "Month",
    "Period",
    "PeriodKind",
    "Quarter",
    "parse_period",
    "month_name",
    "quarter_of",
    "readings",
]


class PeriodKind(StrEnum):
    """The length of a period."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


FIRST_MONTH_OF_YEAR = 4  # April
MIN_YEAR, MAX_YEAR = 1900, 2999
"""A period label naming a year outside these is refused: no plan reports on it."""
_LOWEST, _HIGHEST = MIN_YEAR - 100, MAX_YEAR + 100  # what arithmetic on periods may reach


def _check_year(year: int) -> None:
    if not _LOWEST <= year <= _HIGHEST:
        raise PeriodError(f"the year {year} is outside {_LOWEST} to {_HIGHEST}")


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The financial year starting on 1 April of ``year``."""

    year: int

    kind = PeriodKind.YEAR

    def __post_init__(self) -> None:
        _check_year(self.year)

    def __str__(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, FIRST_MONTH_OF_YEAR, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year + 1, FIRST_MONTH_OF_YEAR - 1, 31)

    @property
    def financial_year(self) -> FinancialYear:
        return self

    def previous(self) -> FinancialYear:
        return FinancialYear(self.year - 1)

    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(Quarter(self.year, n) for n in range(1, 5))

    def months(self) -> tuple[Month, ...]:
        return _year_months(self.year)


@dataclass(frozen=True, order=True)
class Quarter:
    """Quarter ``number`` (1 to 4) of the financial year starting in ``year``."""

    year: int
    number: int

    kind = PeriodKind.QUARTER

    def __post_init__(self) -> None:
        _check_year(self.year)
        if not 1 <= self.number <= 4:
            raise PeriodError(f"quarter must be 1 to 4, not {self.number}")

    def __str__(self) -> str:
        return f"{self.financial_year} Q{self.number}"

    @property
    def label(self) -> str:
        """How a report names the quarter in a sentence, e.g. ``Quarter 2``."""
        return f"Quarter {self.number}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def start(self) -> dt.date:
        return self.months()[0].start

    @property
    def end(self) -> dt.date:
        return _quarter_end(self.year, self.number)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def months(self) -> tuple[Month, ...]:
        return _quarter_months(self.year, self.number)


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, e.g. ``Month(2019, 7)`` for July 2019."""

    year: int
    month: int

    kind = PeriodKind.MONTH

    def __post_init__(self) -> None:
        _check_year(self.year)
        if not 1 <= self.month <= 12:
            raise PeriodError(f"month must be 1 to 12, not {self.month}")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return _month_end(self.year, self.month)

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year if self.month >= FIRST_MONTH_OF_YEAR else self.year - 1)

    def previous(self) -> Month:
        return _month_from_index(self.year * 12 + self.month - 2)


Period = Union[FinancialYear, Quarter, Month]  # noqa: UP007  (a runtime alias, used in isinstance)


@functools.cache
def _month_end(year: int, month: int) -> dt.date:
    """The last day of a month (kept: charts and forecasts ask for it of every value)."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@functools.cache
def _quarter_months(year: int, number: int) -> tuple[Month, ...]:
    """The months of quarter ``number`` of the financial year starting in ``year`` (kept:
    periods are immutable, and forecasts and charts ask for them for every measure)."""
    first = FIRST_MONTH_OF_YEAR + 3 * (number - 1)
    return tuple(_month_from_index(year * 12 + first - 1 + i) for i in range(3))


@functools.cache
def _year_months(year: int) -> tuple[Month, ...]:
    """The twelve months of the financial year starting in ``year`` (kept)."""
    return tuple(m for number in range(1, 5) for m in _quarter_months(year, number))


@functools.cache
def _quarter_end(year: int, number: int) -> dt.date:
    """The last day of quarter ``number`` of the financial year starting in ``year`` (kept)."""
    return _quarter_months(year, number)[-1].end


def _month_from_index(index: int) -> Month:
    """Month number ``index`` counted from January of year 0 (0-based)."""
    return Month(index // 12, index % 12 + 1)


def quarter_of(period: Period) -> Quarter:
    """The quarter a period ends in: a month's own quarter, a year's fourth quarter."""
    if isinstance(period, Quarter):
        return period
    if isinstance(period, FinancialYear):
        return Quarter(period.year, 4)
    months_into_year = (period.month - FIRST_MONTH_OF_YEAR) % 12
    return Quarter(period.financial_year.year, months_into_year // 3 + 1)


_YEAR = r"(?:FY\s*)?(?P<y1>\d{4})(?:\s*[/-]\s*(?P<y2>\d{2}|\d{4}))?"
_YEAR_RE = re.compile(rf"^{_YEAR}$", re.IGNORECASE)
_QUARTER_AFTER_RE = re.compile(rf"^{_YEAR}\s*[\s,-]?\s*Q(?P<q>\d)$", re.IGNORECASE)
_QUARTER_BEFORE_RE = re.compile(rf"^Q(?P<q>\d)\s*[\s,-]?\s*{_YEAR}$", re.IGNORECASE)
_MONTH_RE = re.compile(r"^(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])$")
_NAMED_MONTH_RE = re.compile(r"^(?P<name>[A-Za-z]{3,9})\.?\s+(?P<y>\d{4})$")
_MONTH_NUMBERS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTH_NUMBERS["sept"] = 9


def _year_from(match: re.Match[str], text: str) -> FinancialYear:
    start = int(match["y1"])
    second = match["y2"]
    if second is not None:
        expected = start + 1
        given = int(second)
        if given not in (expected, expected % 100):
            raise PeriodError(
                f"'{text}' is not a financial year: {start} should be followed by "
                f"{expected % 100:02d} (as in {start}/{expected % 100:02d})"
            )
    elif not text.strip().upper().startswith("FY"):
        raise PeriodError(
            f"'{text}' is ambiguous: write the financial year as {start}/{(start + 1) % 100:02d}"
        )
    return FinancialYear(start)


@functools.lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """Read a period label in any accepted form. Raises ``PeriodError`` with a hint.

    Periods are immutable, so the labels a plan repeats (thousands of values share a few
    hundred periods) are read once."""
    period = _parse(text)
    if not MIN_YEAR <= period.year <= MAX_YEAR:
        raise PeriodError(f"'{text}': the year is outside {MIN_YEAR} to {MAX_YEAR}")
    return period


def readings(text: str) -> tuple[Period, ...]:
    """Every period a label can be read as: one, or two for a label like ``2011-12`` that is
    both a month (December 2011) and a financial year (2011/12), the month first. Raises
    ``PeriodError`` as ``parse_period`` does."""
    period = parse_period(text)
    written = _MONTH_RE.match(" ".join(str(text).split()))
    if written and isinstance(period, Month) and period.month == (period.year + 1) % 100:
        return (period, FinancialYear(period.year))
    return (period,)


def month_name(month: Month) -> str:
    """``December 2011``."""
    return f"{calendar.month_name[month.month]} {month.year}"


def _parse(text: str) -> Period:
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise PeriodError("the period is empty")
    if month := _MONTH_RE.match(cleaned):
        return Month(int(month["y"]), int(month["m"]))
    if (named := _NAMED_MONTH_RE.match(cleaned)) and named["name"].lower() in _MONTH_NUMBERS:
        return Month(int(named["y"]), _MONTH_NUMBERS[named["name"].lower()])
    for pattern in (_QUARTER_AFTER_RE, _QUARTER_BEFORE_RE):
        if quarter := pattern.match(cleaned):
            number = int(quarter["q"])
            if not 1 <= number <= 4:
                raise PeriodError(f"'{text}': a quarter is Q1 to Q4")
            return Quarter(_year_from(quarter, cleaned).year, number)
    if year := _YEAR_RE.match(cleaned):
        return _year_from(year, cleaned)
    raise PeriodError(
        f"'{text}' is not a period: use a financial year (2019/20), "
        "a quarter (2019/20 Q2) or a month (2019-07 or Jul 2019)"
    )
