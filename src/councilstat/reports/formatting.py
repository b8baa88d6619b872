"""Numbers as a report shows them. Rounding happens here, for display only."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from councilstat.core.plan import Unit

__all__ = ["format_value"]

_PLACES = {Unit.PERCENT: 1, Unit.RATE: 1, Unit.DAYS: 1, Unit.RATIO: 2, Unit.CURRENCY: 0}


def format_value(value: Decimal | None, unit: Unit) -> str:
    """``79.3%``, ``£1,250``, ``9.8 days``, ``1,024``; an en dash for no value."""
    if value is None:
        return "–"
    places = _PLACES.get(unit)
    if places is None:  # a number: as many places as it was given, up to 2
        exponent = value.normalize().as_tuple().exponent
        places = min(2, max(0, -exponent)) if isinstance(exponent, int) else 0
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    shown = f"{rounded:,.{places}f}"
    if unit is Unit.PERCENT:
        return f"{shown}%"
    if unit is Unit.CURRENCY:
        return f"-£{shown[1:]}" if shown.startswith("-") else f"£{shown}"
    if unit is Unit.DAYS:
        return f"{shown} days"
    return shown
