"""Writing tables into an openpyxl worksheet for the Excel report: numbers as numbers with a
number format by unit, dates as dates, every piece of text escaped against formula injection
(``io.exports.escape_formula``), a bold frozen header row and an auto filter on each table."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.drawing.fill import Blip
from openpyxl.drawing.geometry import PresetGeometry2D
from openpyxl.drawing.image import Image
from openpyxl.drawing.picture import PictureFrame
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import pixels_to_EMU
from openpyxl.worksheet.worksheet import Worksheet

from councilstat.io.exports import escape_formula
from councilstat.reports.formatting import Shown, excel_number_format
from councilstat.reports.measures import Figure
from councilstat.reports.words import plain_number

__all__ = ["Cell", "Column", "Number", "Value", "add_image", "number_format", "safe", "write_table"]

Value = str | int | float | Decimal | dt.date | None
DATE_FORMAT = "d mmm yyyy"
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


@dataclass(frozen=True)
class Column:
    """A column's heading and width (in characters); ``wrap`` for long text."""

    heading: str
    width: float = 12
    wrap: bool = False


def number_format(value: Decimal | float | int, unit: Shown | None) -> str:
    """The display format for a measure's figure, at the measure's precision: ``52.0%`` for a
    percentage (stored as 52.0, as the plan gives it), ``£4.64``, ``£1,250``; without a
    measure, a plain number with its own decimal places."""
    if unit is not None:
        return excel_number_format(value, unit)
    if isinstance(value, Decimal):
        integral = value == value.to_integral_value()
    else:
        integral = float(value).is_integer()
    return "#,##0" if integral else "#,##0.00"


def safe(value: Value) -> Value:
    """Text escaped so a spreadsheet never runs it as a formula; other values unchanged."""
    if isinstance(value, str):
        escaped = escape_formula(value)
        return escaped if isinstance(escaped, str) else value
    return value


@dataclass(frozen=True)
class Number:
    """A figure for a cell: its number and its measure (or unit), for the format."""

    value: Decimal | int | float | None
    unit: Shown | None = None
    format: str | None = None
    """A number format of its own (``0"%"`` for a whole-number percentage)."""

    @classmethod
    def of(cls, figure: Figure, unit: Shown) -> Number:
        return cls(figure.value, unit)


Cell = Value | Number


def write_table(
    sheet: Worksheet,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell]],
    *,
    first_row: int = 1,
    filter_and_freeze: bool = True,
) -> int:
    """Write a header row and ``rows`` from ``first_row``; returns the last row written.

    With ``filter_and_freeze`` (a sheet holding one table), the header row is frozen and the
    table gets an auto filter."""
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=first_row, column=index, value=safe(column.heading))
        cell.font = _BOLD
        cell.alignment = _WRAP
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(
            sheet.column_dimensions[letter].width or 0, column.width
        )
    row_number = first_row
    for row_number, values in enumerate(rows, start=first_row + 1):  # noqa: B007
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            _write(sheet, row_number, index, value, column.wrap)
    if filter_and_freeze:
        sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A{first_row}:{last}{max(row_number, first_row + 1)}"
    return row_number


def _write(sheet: Worksheet, row: int, column: int, value: Cell, wrap: bool) -> None:
    if isinstance(value, Number):
        if value.value is None:
            sheet.cell(row=row, column=column, value=None)
            return
        number = plain_number(value.value) if isinstance(value.value, Decimal) else value.value
        cell = sheet.cell(row=row, column=column, value=number)
        cell.number_format = value.format or number_format(value.value, value.unit)
        return
    cell = sheet.cell(row=row, column=column, value=safe(value))
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    cell.alignment = _WRAP if wrap else _TOP


def add_image(
    sheet: Worksheet, png: bytes, *, anchor: tuple[int, int], alt: str, title: str, scale: float
) -> None:
    """A PNG anchored at (row, column), zero-based, with its alt text (the drawing's
    ``descr``), shown at ``scale`` of its pixel size."""
    if not png:
        return
    image = Image(io.BytesIO(png))
    width, height = int(image.width * scale), int(image.height * scale)
    frame = PictureFrame()
    frame.nvPicPr.cNvPr.descr = alt
    frame.nvPicPr.cNvPr.title = title
    frame.nvPicPr.cNvPr.name = title[:60]
    frame.nvPicPr.cNvPr.id = len(sheet._images) + 2
    frame.blipFill.blip = Blip(cstate="print")
    frame.spPr.prstGeom = PresetGeometry2D(prst="rect")
    frame.spPr.ln = None
    marker = AnchorMarker(col=anchor[1], colOff=0, row=anchor[0], rowOff=0)
    drawing_anchor = OneCellAnchor(
        _from=marker, ext=XDRPositiveSize2D(pixels_to_EMU(width), pixels_to_EMU(height))
    )
    drawing_anchor.pic = frame
    image.anchor = drawing_anchor
    image.width, image.height = width, height
    sheet.add_image(image)
