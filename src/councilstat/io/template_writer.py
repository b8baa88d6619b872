"""Write the blank collection template: one .xlsx workbook per period, one row per value due.

The ``Observations`` sheet has the columns ``observation_reader`` reads back (``code``,
``period``, ``value``, ``numerator``, ``denominator``, ``note``) plus the measure's ``title``
to help whoever fills it in. The header row is frozen. Any text that a spreadsheet would run as
a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a
leading quote, so a measure title can never become a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from councilstat.core.periods import Period
from councilstat.io.exports import escape_formula

__all__ = ["COLUMNS", "TemplateRow", "write_template"]

COLUMNS = ("code", "title", "period", "value", "numerator", "denominator", "note")
_WIDTHS = {"code": 10, "title": 60, "period": 14, "note": 60}
SHEET_TITLE = "Observations"


@dataclass(frozen=True)
class TemplateRow:
    """A value due: the measure's code and title and the period it is due for."""

    code: str
    title: str
    period: Period


def write_template(rows: Iterable[TemplateRow], *, title: str = "") -> bytes:
    """The template workbook as bytes, ready to send as a download."""
    from openpyxl import Workbook  # deferred: only template downloads pay for the import
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_text(row.code), _text(row.title), str(row.period), None, None, None, None])
    for index, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 12)
    sheet.freeze_panes = "A2"
    if title:
        workbook.properties.title = str(_text(title))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value: str) -> str:
    """Text safe for a cell: no characters XML forbids, and never a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    escaped = escape_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    return escaped if isinstance(escaped, str) else value
