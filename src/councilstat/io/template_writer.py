"""Write the collection template: one .xlsx workbook per period, one row per value due.

The ``Observations`` sheet has the columns ``observation_reader`` reads back (``code``,
``period``, ``value``, ``numerator``, ``denominator``, ``note``) and, to help whoever fills it
in, the measure's ``title``, ``unit``, the period's ``target`` and the ``previous`` period's
value: label columns, shaded, which the reader ignores. A value already stored (a draft, or one
returned for correction) is filled in, so the file shows where each value stands; sent back
unchanged it changes nothing. The value, numerator and denominator cells only take numbers
(the spreadsheet's own data validation, with a message saying what to enter), and a second
sheet says how to fill the template in. The header row is frozen. Any text that a spreadsheet
would run as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
written with a leading quote, so a measure title can never become a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from councilstat.core.periods import Period
from councilstat.core.validation import MAX_MAGNITUDE
from councilstat.io.exports import escape_formula

__all__ = ["COLUMNS", "LABELS", "TemplateRow", "write_template"]

COLUMNS = (
    "code",
    "title",
    "period",
    "unit",
    "target",
    "previous",
    "value",
    "numerator",
    "denominator",
    "note",
)
LABELS = frozenset({"title", "unit", "target", "previous"})
"""Columns written to help whoever fills the template in; the reader ignores them."""
_WIDTHS = {"code": 10, "title": 60, "period": 14, "unit": 14, "note": 60}
SHEET_TITLE = "Observations"
HELP_TITLE = "How to fill this in"
_LABEL_FILL = "F3F2F1"
_HELP = (
    "One row for each value due. Fill in the value column, then upload the workbook on the "
    "Import page (Collect → Import).",
    "For a measure counted as a fraction (a percentage or a rate), give its numerator and "
    "denominator as well as the value, if you have them: the service uses them for the "
    "confidence interval and to say when the number is small.",
    "Write numbers only: no units, % signs or commas. The value, numerator and denominator "
    "cells refuse anything else.",
    "The note is the commentary on the figure. It is required when the value misses its "
    "target by more than the tolerance (a red rating): say why, and what is being done.",
    "Title, unit, target and previous (shaded) are there to help you; changing them changes "
    "nothing. Leave a row's value empty to skip it.",
    "A value already entered is filled in. Sent back unchanged it changes nothing; a value "
    "already approved or published is never changed by an import unless the performance team "
    "ticks it in the preview.",
)


@dataclass(frozen=True)
class TemplateRow:
    """A value due: the measure's code and title, the period it is due for, and what helps
    fill it in (the unit in words, the period's target, the previous period's value, and any
    value already stored)."""

    code: str
    title: str
    period: Period
    unit: str = ""
    target: Decimal | None = None
    previous: Decimal | None = None
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""


def _cells(row: TemplateRow) -> list[Any]:
    numbers = (row.target, row.previous, row.value, row.numerator, row.denominator)
    target, previous, value, numerator, denominator = (
        None if n is None else float(n) if n != n.to_integral() else int(n) for n in numbers
    )
    return [
        _text(row.code),
        _text(row.title),
        str(row.period),
        _text(row.unit),
        target,
        previous,
        value,
        numerator,
        denominator,
        _text(row.note) or None,
    ]


def write_template(rows: Iterable[TemplateRow], *, title: str = "") -> bytes:
    """The template workbook as bytes, ready to send as a download."""
    from openpyxl import Workbook  # deferred: only template downloads pay for the import
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows:
        sheet.append(_cells(row))
        count += 1
    shade = PatternFill("solid", start_color=_LABEL_FILL, end_color=_LABEL_FILL)
    for index, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, 12)
        if name in LABELS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.fill = shade
    if count:
        _validate(sheet, count + 1)
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(HELP_TITLE)
    guide.column_dimensions["A"].width = 100
    for line in _HELP:
        guide.append([line])
        guide.cell(guide.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    if title:
        workbook.properties.title = str(_text(title))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _validate(sheet: Any, last_row: int) -> None:
    """Number-only cells for the value, numerator and denominator, and a note's length."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def where(*names: str) -> Sequence[str]:
        return [
            f"{get_column_letter(COLUMNS.index(n) + 1)}2:{get_column_letter(COLUMNS.index(n) + 1)}"
            f"{last_row}"
            for n in names
        ]

    bound = f"{MAX_MAGNITUDE:f}"
    rules = (
        (
            DataValidation(
                type="decimal", operator="between", formula1=f"-{bound}", formula2=bound
            ),
            ("value", "numerator"),
            "Enter a number, with no units, % sign or commas.",
        ),
        (
            DataValidation(type="decimal", operator="greaterThan", formula1="0"),
            ("denominator",),
            "Enter the denominator as a number greater than 0.",
        ),
        (
            DataValidation(type="textLength", operator="lessThanOrEqual", formula1="5000"),
            ("note",),
            "Keep the note to 5,000 characters.",
        ),
    )
    for rule, names, message in rules:
        rule.allow_blank = True
        rule.showErrorMessage = True
        rule.errorTitle = "Check this cell"
        rule.error = message
        for cells in where(*names):
            rule.add(cells)
        sheet.add_data_validation(rule)


def _text(value: str) -> str:
    """Text safe for a cell: no characters XML forbids, and never a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    escaped = escape_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    return escaped if isinstance(escaped, str) else value
