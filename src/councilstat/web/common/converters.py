"""URL converters: periods appear in URLs as slugs (registered once, by the root URLconf).

A quarter is ``2019-20-q2``, a month ``2019-07`` and a financial year ``fy2019-20`` (the prefix
keeps the year 2011/12 apart from December 2011).
"""

from __future__ import annotations

from councilstat.core.errors import PeriodError
from councilstat.core.periods import FinancialYear, Month, Period, Quarter, parse_period

__all__ = ["PeriodConverter", "QuarterConverter", "YearConverter", "period_slug"]


def period_slug(period: Period) -> str:
    if isinstance(period, FinancialYear):
        return f"fy{str(period).replace('/', '-')}"
    return str(period).replace("/", "-").replace(" Q", "-q")


def _from_slug(value: str) -> Period:
    try:
        if value.startswith("fy"):
            return FinancialYear(int(value[2:6]))
        if "-q" in value:
            return parse_period(value.replace("-q", " Q"))
        year, month = value.split("-")
        return Month(int(year), int(month))
    except (PeriodError, ValueError) as error:
        raise ValueError(str(error)) from None


class QuarterConverter:
    regex = r"[0-9]{4}-[0-9]{2}-q[1-4]"

    def to_python(self, value: str) -> Quarter:
        period = _from_slug(value)
        if not isinstance(period, Quarter):
            raise ValueError("not a quarter")
        return period

    def to_url(self, value: Quarter) -> str:
        return period_slug(value)


class YearConverter:
    """A financial year on its own, as ``2019-20`` (``/plans/1/years/2019-20/``)."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> FinancialYear:
        try:
            period = parse_period(value.replace("-", "/"))
        except PeriodError as error:
            raise ValueError(str(error)) from None
        if not isinstance(period, FinancialYear):
            raise ValueError("not a financial year")
        return period

    def to_url(self, value: FinancialYear) -> str:
        return str(value).replace("/", "-")


class PeriodConverter:
    regex = r"fy[0-9]{4}-[0-9]{2}|[0-9]{4}-[0-9]{2}(?:-q[1-4])?"

    def to_python(self, value: str) -> Period:
        return _from_slug(value)

    def to_url(self, value: Period) -> str:
        return period_slug(value)
