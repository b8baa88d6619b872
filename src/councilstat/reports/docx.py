"""Render a committee report as a Word document (python-docx) that a clerk can edit and load
into the committee papers system.

Real structure, not look-alikes: the title in Word's Title style and sections in Heading 1 to
3 (so the navigation pane and a screen reader list them), real tables with a captioned,
repeating header row, and charts as PNG pictures with alt text (the chart's summary) and the
figures beside them in a table. The measure tables sit on landscape pages.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from docx import Document
from docx.document import Document as WordDocument
from docx.shared import Pt

from councilstat.reports.charts.data import ChartData
from councilstat.reports.charts.images import chart_pngs
from councilstat.reports.charts.svg import warm_up
from councilstat.reports.docx_annexes import write_annexes
from councilstat.reports.docx_parts import (
    add_caption,
    add_picture,
    add_table,
    new_section,
    page_footer,
    set_up,
    shade,
)
from councilstat.reports.measures import Figure, MeasureRow
from councilstat.reports.model import CommitteeReport, ExceptionMeasure
from councilstat.reports.words import long_date

__all__ = ["render_docx"]

CHART_WIDTH_CM = 15.5
SPARKLINE_WIDTH_CM = 3.2
MEASURE_HEADER = (
    "Code",
    "Measure",
    "Target",
    "Previous quarter",
    "This quarter",
    "Latest data",
    "Rating",
    "Direction",
    "SPC variation and assurance",
    "Year-end forecast",
    "Last eight quarters",
)
MEASURE_WIDTHS = (1.2, 5.6, 1.6, 1.8, 1.8, 2.2, 2.0, 1.8, 2.6, 2.0, 3.6)


def _figure(figure: Figure, *, with_date: bool = False) -> str:
    if figure.value is None:
        return "–"
    text = figure.text + (" (revised)" if figure.revision else "")
    if figure.period:
        text += f"\n{figure.period}"
        if with_date and figure.as_at:
            text += f", at {long_date(figure.as_at)}"
    return text


def _spc(row: MeasureRow) -> str:
    if row.spc is None:
        return "–"
    return "\n".join(filter(None, (row.spc.variation_label, row.spc.assurance_label))) or "–"


def _cells(row: MeasureRow) -> tuple[str, ...]:
    forecast = f"{row.forecast.figure.text}\n{row.forecast.rag_label}" if row.forecast else "–"
    rating = row.rag_label + (f"\n{row.not_rated_label}" if row.not_rated_label else "")
    return (
        row.code,
        f"{row.title}\n{row.frequency}; {row.polarity.lower()}; tolerance {row.tolerance}",
        row.target.text,
        _figure(row.previous),
        _figure(row.current),
        _figure(row.latest, with_date=True),
        rating,
        row.direction_label,
        _spc(row),
        forecast,
    )


class _Writer:
    def __init__(self, report: CommitteeReport, pngs: dict[str, bytes]) -> None:
        self.report = report
        self.pngs = pngs
        self.document: WordDocument = Document()

    def chart(self, chart: ChartData, width_cm: float = CHART_WIDTH_CM) -> None:
        paragraph = self.document.add_paragraph()
        add_picture(
            paragraph,
            self.pngs.get(chart.key, b""),
            width_cm=width_cm,
            alt=chart.summary,
            title=chart.title,
        )
        add_caption(self.document, chart.summary)

    def cover(self) -> None:
        cover, document = self.report.cover, self.document
        if cover.organisation:
            document.add_paragraph().add_run(cover.organisation).bold = True
        document.add_heading(self.report.title, level=0)
        document.add_paragraph(f"{cover.quarter_name}: {cover.period_dates}")
        if cover.provisional_text:
            document.add_paragraph().add_run(cover.provisional_text).bold = True
        if cover.as_at_text:
            document.add_paragraph().add_run(cover.as_at_text).bold = True
        if cover.as_at_note:
            document.add_paragraph(cover.as_at_note)
        document.add_paragraph(cover.generated_text)

    def summary(self) -> None:
        headline, cover, document = self.report.headline, self.report.cover, self.document
        document.add_heading("Summary", level=1)
        for sentence in headline.sentences:
            document.add_paragraph(sentence)

        def shown(value: int | None, percent: bool) -> str:
            return "–" if value is None else f"{value}%" if percent else str(value)

        add_table(
            document,
            ("Measure of performance", cover.quarter, cover.previous_quarter),
            [
                (r.label, shown(r.current, r.percent), shown(r.previous, r.percent))
                for r in headline.rows
            ],
            caption=f"Ratings and direction of travel, {cover.quarter} compared with "
            f"{cover.previous_quarter}",
            widths=(9, 3.5, 3.5),
        )
        add_table(
            document,
            (
                "Priority",
                "Measures",
                "Rated",
                "Green",
                "Amber",
                "Red",
                "Met",
                f"Met, {cover.previous_quarter}",
            ),
            [
                (
                    f"{p.code}. {p.title}",
                    str(p.counts.measures),
                    str(p.counts.assessed),
                    str(p.counts.green),
                    str(p.counts.amber),
                    str(p.counts.red),
                    shown(p.counts.met_pct, True),
                    shown(p.previous_counts.met_pct, True),
                )
                for p in headline.priorities
            ],
            caption=f"Measures on target by priority, {cover.quarter}",
            widths=(6.4, 1.5, 1.3, 1.3, 1.3, 1.3, 1.3, 2.2),
        )
        document.add_heading("Measures on target over the last eight quarters", level=2)
        self.chart(headline.met_chart, width_cm=12)
        add_table(
            document,
            headline.met_chart.header,
            headline.met_chart.rows,
            caption="Measures on target by quarter",
            widths=(4, 4, 3, 3),
        )

    def exception(self, item: ExceptionMeasure) -> None:
        row, document = item.row, self.document
        document.add_heading(f"{row.code} {row.title}", level=3)
        add_table(
            document,
            ("Figure", row.code),
            list(zip(MEASURE_HEADER[2:10], _cells(row)[2:], strict=True)),
            caption=f"{row.code} in {self.report.cover.quarter}",
            widths=(5, 11),
        )
        self.chart(item.chart)
        document.add_paragraph(f"Figures: Annex G, {item.chart.title}.")
        paragraph = document.add_paragraph()
        paragraph.add_run("Commentary: ").bold = True
        paragraph.add_run(row.commentary or "No commentary was recorded for this quarter.")
        for note in row.revisions:
            document.add_paragraph(f"Revised: {note.sentence}")
        for reading in row.readings:
            document.add_paragraph(reading, style="List Bullet")
        if row.forecast:
            extra = f" (range {row.forecast.range_text})" if row.forecast.range_text else ""
            document.add_paragraph(
                f"Year-end forecast: {row.forecast.figure.text}{extra}, "
                f"{row.forecast.rag_label.lower()}; from {row.forecast.basis}."
            )
        if item.since:
            add_table(
                document,
                ("Period", "Value", "As at", "Note"),
                [
                    (
                        f.period,
                        _figure(f).split("\n")[0],
                        long_date(f.as_at) if f.as_at else "–",
                        f.note or "–",
                    )
                    for f in item.since
                ],
                caption=f"{row.code}: data for periods after {self.report.cover.quarter}",
                widths=(2.5, 2.5, 4, 7),
            )
        else:
            document.add_paragraph("No newer data since the quarter ended.")
        if item.actions:
            add_table(
                document,
                ("Action", "Owner", "Due", "Status", "Agreed at"),
                [
                    (
                        a.description,
                        a.owner or "–",
                        long_date(a.due) if a.due else "–",
                        a.status or "–",
                        a.meeting or "–",
                    )
                    for a in item.actions
                ],
                caption=f"Actions linked to {row.code}",
                widths=(6.5, 2.5, 2.5, 2, 2.5),
            )
        else:
            document.add_paragraph("No actions recorded.")

    def added_sections(self) -> None:
        for added in self.report.sections:
            self.document.add_heading(added.title, level=1)
            if added.text:
                self.document.add_paragraph(added.text)
            if added.rows:
                add_table(self.document, added.header, added.rows, caption=added.title)
            else:
                self.document.add_paragraph(added.empty)

    def exceptions(self) -> None:
        self.document.add_heading("Exception report: measures off target", level=1)
        self.document.add_paragraph(self.report.exception_sentence)
        for section in self.report.exceptions:
            self.document.add_heading(f"Priority {section.code}: {section.title}", level=2)
            self.document.add_paragraph(section.sentence)
            for item in section.measures:
                self.exception(item)

    def measure_table(self, rows: Sequence[MeasureRow], caption: str) -> None:
        table = add_table(
            self.document,
            MEASURE_HEADER,
            [(*_cells(r), "") for r in rows],
            caption=caption,
            widths=MEASURE_WIDTHS,
            font_size=7.5,
        )
        for table_row, row in zip(table.rows[1:], rows, strict=True):
            shade(table_row.cells[6], row.rag)
            trend = table_row.cells[10].paragraphs[0]
            add_picture(
                trend,
                self.pngs.get(row.trend.key, b""),
                width_cm=SPARKLINE_WIDTH_CM,
                alt=row.trend.summary,
                title=row.trend.title,
            )

    def priorities(self) -> None:
        for priority in self.report.priorities:
            new_section(self.document, landscape=True)
            self.document.add_heading(f"Priority {priority.code}: {priority.title}", level=1)
            self.document.add_paragraph(priority.sentence)
            for outcome in priority.outcomes:
                self.document.add_heading(f"{outcome.code} {outcome.title}", level=2)
                self.measure_table(
                    outcome.measures,
                    f"Measures for outcome {outcome.code}, {self.report.cover.quarter}",
                )
                for row in outcome.measures:
                    if row.commentary or row.revisions:
                        text = row.commentary or "No commentary."
                        for note in row.revisions:
                            text += f" Revised: {note.sentence}"
                        self.document.add_paragraph(f"{row.code}: {text}", style="List Bullet")

    def annexes(self) -> None:
        write_annexes(self.document, self.report.annexes, self.report.cover.quarter)


def render_docx(report: CommitteeReport, *, progress: Callable[[str], None] | None = None) -> bytes:
    """The report as a .docx file's bytes."""
    if progress is not None:
        progress("Drawing the charts")
    warm_up()
    writer = _Writer(report, chart_pngs(report.charts))
    if progress is not None:
        progress("Writing the document")
    document, cover = writer.document, report.cover
    set_up(
        document,
        title=report.title,
        author=cover.organisation,
        subject=cover.quarter_name,
        generated=cover.generated,
    )
    page_footer(document.sections[0], cover.running_header)
    document.styles["Caption"].font.size = Pt(9)
    writer.cover()
    writer.summary()
    writer.added_sections()
    writer.exceptions()
    writer.priorities()
    writer.annexes()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
