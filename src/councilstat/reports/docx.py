"""Render a committee report as a Word document (python-docx) that a clerk can edit and load
into the committee papers system.

Real structure, not look-alikes: the title in Word's Title style and sections in Heading 1 to
3 (so the navigation pane and a screen reader list them) with a table of contents (Word's own
field, filled in and updated when the document opens), real tables with a captioned,
repeating header row, and charts as PNG pictures with alt text (the chart's summary). The
cover carries the headline; every measure follows at a glance; each exception starts a page;
the measure tables sit on landscape pages; the figures behind the charts are an annex only
when asked for (the Excel workbook always has them).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from docx import Document
from docx.document import Document as WordDocument
from docx.shared import Pt

from councilstat.reports.cells import (
    ACTION_HEADER,
    ENQUIRY_HEADER,
    GLANCE_HEADER,
    NO_ENQUIRY,
    SINCE_HEADER,
    SINCE_ROWS,
    action_cells,
    figure_text,
    since_cells,
    spc_text,
)
from councilstat.reports.charts.data import ChartData
from councilstat.reports.charts.images import ChartImages
from councilstat.reports.docx_annexes import write_annexes
from councilstat.reports.docx_parts import (
    Contents,
    Pictures,
    add_caption,
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
    text = figure_text(figure)
    if figure.period:
        text += f"\n{figure.period}"
        if with_date and figure.as_at:
            text += f", at {long_date(figure.as_at)}"
    return text


def _spc(row: MeasureRow) -> str:
    return spc_text(row).replace("; ", "\n")


def _cells(row: MeasureRow) -> tuple[str, ...]:
    forecast = f"{row.forecast.figure.text}\n{row.forecast.rating_text}" if row.forecast else "–"
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
        self.contents: Contents | None = None
        self.pictures = Pictures(self.document)

    def chart(self, chart: ChartData, width_cm: float = CHART_WIDTH_CM) -> None:
        paragraph = self.document.add_paragraph()
        self.pictures.add(
            paragraph,
            self.pngs.get(chart.key, b""),
            width_cm=width_cm,
            alt=chart.summary,
            title=chart.title,
        )
        add_caption(self.document, " ".join(filter(None, (chart.summary, chart.drawn_note))))

    def cover(self) -> None:
        """The cover carries the headline and the contents, so page 1 is worth reading."""
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
        headline = self.report.headline
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
        contents = document.add_paragraph()
        contents.add_run("Contents").bold = True
        self.contents = Contents(document)

    def glance(self) -> None:
        """Every measure on a page of its own: rating, direction, SPC icons in words and the
        year-end forecast."""
        document = self.document
        heading = document.add_heading("Every measure at a glance", level=1)
        heading.paragraph_format.page_break_before = True
        rows = self.report.at_a_glance
        table = add_table(
            document,
            GLANCE_HEADER,
            [
                (
                    r.code,
                    r.title,
                    figure_text(r.current),
                    r.target.text,
                    r.rag_label,
                    r.direction_label,
                    spc_text(r),
                    f"{r.forecast.with_target} {r.forecast.rag_label}" if r.forecast else "–",
                )
                for r in rows
            ],
            caption="Every measure's rating, direction of travel, SPC icons and year-end "
            f"forecast, {self.report.cover.quarter}",
            widths=(1.1, 6.2, 1.7, 1.7, 1.9, 1.7, 3.3, 1.8),
            font_size=7,
        )
        for table_row, row in zip(table.rows[1:], rows, strict=True):
            shade(table_row.cells[4], row.rag)

    def summary(self) -> None:
        headline, cover, document = self.report.headline, self.report.cover, self.document
        heading = document.add_heading("Priorities and the share on target", level=1)
        heading.paragraph_format.page_break_before = True

        def shown(value: int | None) -> str:
            return "–" if value is None else f"{value}%"

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
                    shown(p.counts.met_pct),
                    shown(p.previous_counts.met_pct),
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

    def exception(self, item: ExceptionMeasure, *, new_page: bool) -> None:
        row, document = item.row, self.document
        heading = document.add_heading(f"{row.code} {row.title}", level=3)
        heading.paragraph_format.page_break_before = new_page
        add_table(
            document,
            ("Figure", row.code),
            list(zip(MEASURE_HEADER[2:10], _cells(row)[2:], strict=True)),
            caption=f"{row.code} in {self.report.cover.quarter}",
            widths=(5, 11),
        )
        self.chart(item.chart, width_cm=CHART_WIDTH_CM)
        if self.report.with_chart_data:
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
            against = f" against the {row.forecast.against}" if row.forecast.target else ""
            document.add_paragraph(
                f"Year-end forecast: {row.forecast.figure.text}{extra}, "
                f"{row.forecast.rag_label.lower()}{against}; from {row.forecast.basis}."
            )
        shown = item.since[-SINCE_ROWS:]
        if shown:
            add_table(
                document,
                SINCE_HEADER,
                [since_cells(f) for f in shown],
                caption=f"{row.code}: data for periods after {self.report.cover.quarter}",
                widths=(2.5, 2.5, 4, 7),
            )
            if len(shown) < len(item.since):
                document.add_paragraph(
                    f"The latest {len(shown)} of {len(item.since)} values since the quarter "
                    "ended; the Excel workbook's Exceptions sheet lists them all."
                )
        else:
            document.add_paragraph("No newer data since the quarter ended.")
        if item.actions:
            add_table(
                document,
                ACTION_HEADER,
                [action_cells(a) for a in item.actions],
                caption=f"Actions linked to {row.code}",
                widths=(6.5, 2.5, 2.5, 2, 2.5),
            )
        else:
            document.add_paragraph("No actions recorded.")
        document.add_heading("Lines of enquiry", level=4)
        if item.enquiry:
            add_table(
                document,
                ENQUIRY_HEADER,
                [(line.question, line.evidence) for line in item.enquiry],
                caption=f"{row.code}: lines of enquiry",
                widths=(5, 11),
            )
        else:
            document.add_paragraph(NO_ENQUIRY)

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
        """The exception report, each measure starting a page of its own."""
        heading = self.document.add_heading("Exception report: measures off target", level=1)
        heading.paragraph_format.page_break_before = True
        self.document.add_paragraph(self.report.exception_sentence)
        first = True
        for section in self.report.exceptions:
            priority = self.document.add_heading(
                f"Priority {section.code}: {section.title}", level=2
            )
            priority.paragraph_format.page_break_before = bool(section.measures) and not first
            self.document.add_paragraph(section.sentence)
            for index, item in enumerate(section.measures):
                self.exception(item, new_page=index > 0)
                first = False

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
            self.pictures.add(
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
        write_annexes(
            self.document,
            self.report.annexes,
            self.report.cover.quarter,
            with_chart_data=self.report.with_chart_data,
        )


def render_docx(
    report: CommitteeReport,
    *,
    progress: Callable[[str], None] | None = None,
    images: ChartImages | None = None,
) -> bytes:
    """The report as a .docx file's bytes."""
    if progress is not None:
        progress("Drawing the charts")
    writer = _Writer(report, (images or ChartImages()).pngs(report.charts))
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
    writer.glance()
    writer.summary()
    writer.added_sections()
    writer.exceptions()
    writer.priorities()
    writer.annexes()
    if writer.contents is not None:
        writer.contents.fill()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
