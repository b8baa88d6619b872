"""Safe CSV export: text that a spreadsheet would run as a formula is escaped.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or NUL is prefixed with a
single quote (OWASP "CSV injection"), so a council officer opening the export in Excel never
runs a formula someone typed into a commentary box.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

__all__ = ["csv_text", "escape_formula"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def escape_formula(value: object) -> object:
    """``value`` unchanged unless it is text a spreadsheet would treat as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The rows as CSV text (UTF-8 when encoded), every cell escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([escape_formula(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else escape_formula(v) for v in row])
    return buffer.getvalue()
