"""Numbers as every page, chart, report and export shows them. Rounding happens here, for
display only, to the places :meth:`councilstat.core.plan.Precision.places` decides."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Protocol

from councilstat.core.plan import Precision, Unit

__all__ = [
    "Shown",
    "excel_number_format",
    "format_value",
    "limit_format",
    "precision_of",
    "value_format",
]


class _HasPrecision(Protocol):
    @property
    def precision(self) -> Precision: ...


Shown = Precision | Unit | str | _HasPrecision
"""What says how a figure is shown: a measure (the core's or a stored one), its
:class:`~councilstat.core.plan.Precision`, or a bare unit (its default places)."""


def precision_of(shown: Shown) -> Precision:
    """The precision a measure, unit or precision stands for."""
    if isinstance(shown, Precision):
        return shown
    if isinstance(shown, str):  # a Unit is a str too
        return Precision(Unit(shown))
    return shown.precision


def format_value(value: Decimal | float | None, shown: Shown) -> str:
    """``79.3%``, ``£4.64``, ``£1,250``, ``9.8 days``, ``1,024``; an en dash for no value.

    >>> format_value(Decimal("4.64"), Unit.CURRENCY), format_value(Decimal(3), Unit.CURRENCY)
    ('£4.64', '£3.00')
    >>> format_value(0.03, Unit.RATE), format_value(560.73, Unit.NUMBER)
    ('0.03', '561')
    """
    if value is None:
        return "–"
    precision = precision_of(shown)
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    places = precision.places(number)
    shown_text = f"{precision.rounded(number):,.{places}f}"
    if shown_text.startswith("-") and not shown_text.strip("-0.,"):
        shown_text = shown_text[1:]  # no "-0.0"
    unit = precision.unit
    if unit is Unit.PERCENT:
        return f"{shown_text}%"
    if unit is Unit.CURRENCY:
        return f"-£{shown_text[1:]}" if shown_text.startswith("-") else f"£{shown_text}"
    if unit is Unit.DAYS:
        return f"{shown_text} days"
    return shown_text


def excel_number_format(value: Decimal | float, shown: Shown) -> str:
    """The Excel number format that shows ``value`` as :func:`format_value` does:
    ``£#,##0.00`` for £4.64, ``0.0"%"`` for a percentage held as 79.3."""
    precision = precision_of(shown)
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    places = precision.places(number)
    digits = "#,##0" + ("." + "0" * places if places else "")
    unit = precision.unit
    if unit is Unit.PERCENT:
        return f'{digits}"%"'
    if unit is Unit.CURRENCY:
        return f'"£"{digits};-"£"{digits}'
    if unit is Unit.DAYS:
        return f'{digits}" days"'
    return digits


def value_format(unit: Shown) -> Callable[[float], str]:
    """Format a chart's float the way the report formats the measure's values."""
    precision = precision_of(unit)

    def show(value: float) -> str:
        return format_value(round(value, 6), precision)

    return show


def limit_format(unit: Shown) -> Callable[[float], str]:
    """Format a process limit or interval end: a percentage's is shown within 0 to 100
    (``100.0% (capped)``) unless the measure may exceed 100
    (:meth:`~councilstat.core.plan.Precision.bounded`)."""
    precision = precision_of(unit)
    show = value_format(precision)

    def shown(value: float) -> str:
        bounded, capped = precision.bounded(value)
        return f"{show(bounded)} (capped)" if capped else show(bounded)

    return shown
