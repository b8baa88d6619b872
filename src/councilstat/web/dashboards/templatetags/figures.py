"""Template filters for figures and periods: formatting only, never a calculation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString

from councilstat.core.assessment import Assessment
from councilstat.core.periods import Period, Quarter, parse_period
from councilstat.reports.formatting import Shown, format_value
from councilstat.web.common.converters import period_slug

register = template.Library()


@register.filter
def figure(value: Decimal | float | None, shown: Shown) -> str:
    """``{{ observation.value|figure:measure }}`` gives ``79.3%``, ``£4.64``, ``£1,250``, ``–``
    at the measure's precision (a stored or core measure, its precision, or a bare unit)."""
    return format_value(value, shown)


@register.filter
def target_of(assessment: Assessment) -> str:
    """``{{ assessment|target_of }}``: its target, as ``figure`` gives it, or for a band
    measure its target band (``-2 to 2``)."""
    unit = assessment.measure
    band = assessment.band
    if band is not None and band.high != band.low:
        return f"{format_value(band.low, unit)} to {format_value(band.high, unit)}"
    return format_value(assessment.target, unit)


@register.filter
def slug(period: Period | str) -> str:
    """A period as it appears in a URL: ``2019-20-q2``, ``2019-07``, ``fy2019-20``."""
    return period_slug(parse_period(period) if isinstance(period, str) else period)


@register.filter
def lookup(mapping: Mapping[str, Any], key: str) -> Any:
    """``{{ by_code|lookup:measure.code }}``: a dictionary's entry, or ``None``."""
    return mapping.get(key) if mapping else None


@register.filter
def rows_for(rows: Mapping[str, SafeString], assessments: Iterable[Assessment]) -> SafeString:
    """``{{ measure_rows|rows_for:group.assessments }}``: the drawn rows of these measures
    (``presenters.measure_rows``), in their order."""
    return SafeString("".join(rows[a.measure.code] for a in assessments))


@register.filter
def first_quarter(year: int) -> Quarter:
    """``{{ plan.reporting_year|first_quarter }}``: the first quarter of a financial year."""
    return Quarter(int(year), 1)


@register.filter
def last_quarter(year: int) -> Quarter:
    """``{{ plan.reporting_year|last_quarter }}``: the last quarter of a financial year."""
    return Quarter(int(year), 4)
