"""Render a committee report as an Excel workbook (openpyxl) for people who want the figures.

One table per sheet, so each has a frozen header row and an auto filter: a summary sheet (the
headline, the counts, the share on target by quarter and its chart), the exception report, one
sheet per priority, a data sheet of every measure in the report, and the annexes (trend data,
the figures behind the exception charts, tolerances, definitions, measures not assessed,
revisions, actions, glossary and rules). Figures are numbers with a number format by unit;
text that a spreadsheet would run as a formula is escaped.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from councilstat.reports.charts.images import ChartImages
from councilstat.reports.measures import MeasureRow
from councilstat.reports.model import CommitteeReport
from councilstat.reports.xlsx_annexes import write_annexes
from councilstat.reports.xlsx_sheets import Cell, Column, Number, add_image, safe, write_table

__all__ = ["render_xlsx"]

MEASURE_COLUMNS = (
    Column("Priority", 9),
    Column("Outcome", 9),
    Column("Code", 8),
    Column("Measure", 45, True),
    Column("Frequency", 11),
    Column("Better direction", 16, True),
    Column("Tolerance", 10),
    Column("Target", 10),
    Column("Previous quarter", 11),
    Column("Previous period", 11),
    Column("This quarter", 11),
    Column("This period", 11),
    Column("Latest data", 11),
    Column("Latest period", 11),
    Column("Latest as at", 12),
    Column("Rating", 15),
    Column("Not rated because", 22, True),
    Column("Direction", 12),
    Column("SPC variation", 26, True),
    Column("SPC assurance", 24, True),
    Column("Year-end forecast", 12),
    Column("Year-end target", 12),
    Column("Forecast rating", 15),
    Column("Revised since reported", 40, True),
    Column("Commentary", 50, True),
)
_PERCENT = '0"%"'
_TITLE = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _measure_cells(row: MeasureRow) -> tuple[Cell, ...]:
    unit = row.precision
    forecast = row.forecast
    return (
        row.priority,
        row.outcome,
        row.code,
        row.title,
        row.frequency,
        row.polarity,
        row.tolerance,
        Number.of(row.target, unit),
        Number.of(row.previous, unit),
        row.previous.period or None,
        Number.of(row.current, unit),
        row.current.period or None,
        Number.of(row.latest, unit),
        row.latest.period or None,
        row.latest.as_at,
        row.rag_label,
        row.not_rated_label or None,
        row.direction_label,
        row.spc.variation_label if row.spc else None,
        row.spc.assurance_label if row.spc else None,
        Number.of(forecast.figure, unit) if forecast else None,
        Number.of(forecast.target, unit) if forecast and forecast.target else None,
        forecast.rag_label if forecast else None,
        " ".join(note.sentence for note in row.revisions) or None,
        row.commentary or None,
    )


def _sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_NAME.sub(" ", text).strip()[:31].rstrip() or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


class _Book:
    def __init__(self, report: CommitteeReport, pngs: dict[str, bytes]) -> None:
        self.report = report
        self.pngs = pngs
        self.workbook = Workbook()
        self.taken: set[str] = set()

    def sheet(self, title: str) -> Worksheet:
        if not self.taken:
            sheet = self.workbook.active
            assert sheet is not None  # noqa: S101  (a new workbook has one sheet)
            sheet.title = _sheet_title(title, self.taken)
            return sheet
        return self.workbook.create_sheet(_sheet_title(title, self.taken))

    def table(self, title: str, columns: Sequence[Column], rows: Iterable[Sequence[Cell]]) -> None:
        write_table(self.sheet(title), columns, rows)

    def summary(self) -> None:
        report, cover, headline = self.report, self.report.cover, self.report.headline
        sheet = self.sheet("Summary")
        lines: list[tuple[str | dt.date, Font | None]] = [
            (cover.organisation, _BOLD),
            (report.title, _TITLE),
            (f"{cover.quarter_name}: {cover.period_dates}", None),
        ]
        if cover.provisional_text:
            lines.append((cover.provisional_text, _BOLD))
        if cover.as_at_text:
            lines.append((cover.as_at_text, _BOLD))
        if cover.as_at_note:
            lines.append((cover.as_at_note, None))
        lines += [(cover.generated_text, None), ("", None)]
        lines += [(sentence, None) for sentence in headline.sentences]
        for number, (text, font) in enumerate(lines, start=1):
            cell = sheet.cell(row=number, column=1, value=safe(text) if text else None)
            if font is not None:
                cell.font = font
        row = len(lines) + 2
        row = write_table(
            sheet,
            (
                Column("Measure of performance", 40),
                Column(cover.quarter, 12),
                Column(cover.previous_quarter, 12),
            ),
            [
                (
                    r.label,
                    Number(r.current, None, _PERCENT if r.percent else None),
                    Number(r.previous, None, _PERCENT if r.percent else None),
                )
                for r in headline.rows
            ],
            first_row=row,
            filter_and_freeze=False,
        )
        row = write_table(
            sheet,
            (
                Column("Quarter", 40),
                Column("Met or exceeded target", 12),
                Column("Rated", 12),
                Column("Per cent met", 12),
            ),
            [
                (p.quarter, p.met, p.rated, Number(p.met_pct, None, _PERCENT))
                for p in headline.met_series
            ],
            first_row=row + 3,
            filter_and_freeze=False,
        )
        chart = headline.met_chart
        add_image(
            sheet,
            self.pngs.get(chart.key, b""),
            anchor=(len(lines) + 1, 5),
            alt=chart.summary,
            title=chart.title,
            scale=0.5,
        )

    def exceptions(self) -> None:
        columns = (
            Column("Priority title", 30, True),
            *MEASURE_COLUMNS,
            Column("Since the quarter ended", 40, True),
            Column("Actions", 50, True),
            Column("Lines of enquiry", 80, True),
        )
        rows = []
        for section in self.report.exceptions:
            for item in section.measures:
                since = "; ".join(
                    f"{f.period}: {f.text}" + (f" ({f.note})" if f.note else "") for f in item.since
                )
                actions = "; ".join(
                    f"{a.description} ({a.owner or 'no owner'}, {a.status or 'no status'})"
                    for a in item.actions
                )
                rows.append(
                    (
                        section.title,
                        *_measure_cells(item.row),
                        since or None,
                        actions or "No actions recorded",
                        "\n".join(f"{line.question} {line.evidence}" for line in item.enquiry)
                        or None,
                    )
                )
        self.table("Exceptions", columns, rows)

    def measures(self) -> None:
        for priority in self.report.priorities:
            rows = [_measure_cells(r) for outcome in priority.outcomes for r in outcome.measures]
            self.table(f"P{priority.code} {priority.title}", MEASURE_COLUMNS, rows)
        shown = self.report.measure_rows or tuple(m.row for m in self.report.exception_measures)
        self.table("Data", MEASURE_COLUMNS, [_measure_cells(r) for r in shown])

    def chart_sheet(self) -> None:
        sheet = self.sheet("Exception charts")
        sheet.column_dimensions["A"].width = 60
        row = 0
        for item in self.report.exception_measures:
            chart = item.chart
            sheet.cell(row=row + 1, column=1, value=safe(chart.title)).font = _BOLD
            sheet.cell(row=row + 2, column=1, value=safe(chart.summary))
            add_image(
                sheet,
                self.pngs.get(chart.key, b""),
                anchor=(row + 2, 1),
                alt=chart.summary,
                title=chart.title,
                scale=0.45,
            )
            row += 22


def render_xlsx(
    report: CommitteeReport,
    *,
    progress: Callable[[str], None] | None = None,
    images: ChartImages | None = None,
) -> bytes:
    """The report as an .xlsx file's bytes (with the figures behind every chart)."""
    if progress is not None:
        progress("Drawing the charts")
    charts = (report.headline.met_chart, *(m.chart for m in report.exception_measures))
    book = _Book(report, (images or ChartImages()).pngs(charts))
    if progress is not None:
        progress("Writing the workbook")
    book.summary()
    for added in report.sections:
        book.table(added.title, [Column(h, 30, True) for h in added.header], added.rows)
    book.exceptions()
    book.measures()
    book.chart_sheet()
    write_annexes(book.table, report)
    properties = book.workbook.properties
    properties.title = report.title
    properties.creator = report.cover.organisation or "CouncilStat"
    properties.subject = report.cover.quarter_name
    properties.language = "en-GB"
    generated = report.cover.generated
    moment = dt.datetime(generated.year, generated.month, generated.day)
    properties.created = properties.modified = moment
    buffer = io.BytesIO()
    book.workbook.save(buffer)
    return buffer.getvalue()
