"""The annexes of the Word report: rules and tolerances, glossary, definitions, measures not
assessed, revisions and, when asked for, the trend data and the figures behind the exception
charts."""

from __future__ import annotations

from docx.document import Document as WordDocument

from councilstat.core.narrative import plural
from councilstat.reports.annexes import Annexes
from councilstat.reports.docx_parts import add_table, new_section

__all__ = ["write_annexes"]


def write_annexes(
    document: WordDocument, annexes: Annexes, quarter: str, *, with_chart_data: bool
) -> None:
    """Annexes A to E and, ``with_chart_data``, F and G (the figures behind the charts)."""
    new_section(document, landscape=False)
    document.add_heading("Annex A: Rating rules and tolerances", level=1)
    for rule in annexes.rules:
        document.add_paragraph(rule, style="List Bullet")
    add_table(
        document,
        ("Code", "Measure", "Better direction", "Tolerance", "Target", "Amber when the value"),
        [
            (t.code, t.title, t.polarity, t.tolerance, t.target.text, t.amber_band)
            for t in annexes.tolerances
        ],
        caption=f"Each measure's tolerance and target in {quarter}",
        widths=(1.3, 5.5, 2.4, 2.4, 1.6, 4.2),
    )
    document.add_heading("Annex B: Glossary of ratings and icons", level=1)
    add_table(
        document,
        ("Term", "Meaning"),
        [(g.term, g.meaning) for g in annexes.glossary],
        caption="Ratings, markers and SPC icons used in this report",
        widths=(5, 12.4),
    )
    document.add_heading("Annex C: Data definitions and sources", level=1)
    add_table(
        document,
        (
            "Code",
            "Measure",
            "Unit",
            "Better direction",
            "Frequency",
            "Definition",
            "Source",
            "Owner",
        ),
        [
            (
                d.code,
                d.title,
                d.unit,
                d.polarity,
                d.frequency,
                d.definition,
                d.source,
                ", ".join(p for p in (d.owner, d.directorate) if p) or "Not recorded",
            )
            for d in annexes.definitions
        ],
        caption="Definition, source and owner of each measure",
        widths=(1.1, 2.8, 1.4, 1.8, 2.0, 3.8, 2.2, 2.3),
        font_size=7.5,
    )
    document.add_heading("Annex D: Measures not assessed this quarter", level=1)
    add_table(
        document,
        ("Code", "Measure", "Priority", "Frequency", "Reason"),
        [(n.code, n.title, n.priority, n.frequency, n.reason) for n in annexes.not_assessed],
        caption=(
            f"{plural(len(annexes.not_assessed), 'measure')} not rated in {quarter}, "
            "with the reason"
        ),
        widths=(1.3, 8, 1.6, 2, 4.5),
    )
    document.add_heading("Annex E: Figures revised since reported", level=1)
    if annexes.revisions:
        add_table(
            document,
            ("Code", "Measure", "Period", "First reported", "Now", "Reason"),
            [
                (r.code, r.title, r.period, r.reported, r.current, r.reason or "–")
                for r in annexes.revisions
            ],
            caption="Figures changed since an earlier report",
            widths=(1.3, 5, 2, 2.2, 2.2, 4.7),
        )
    else:
        document.add_paragraph("No figure in this report has been revised since it was reported.")
    if not with_chart_data:
        return
    if annexes.trends:
        document.add_heading("Annex F: Trend data, last eight quarters", level=1)
        add_table(
            document,
            ("Code", "Series", *annexes.trend_quarters),
            [
                row
                for t in annexes.trends
                for row in (
                    (t.code, "Value", *(f.text for f in t.values)),
                    (t.code, "Target", *(f.text for f in t.targets)),
                )
            ],
            caption="Quarterly values and targets",
            widths=(1.3, 1.3, *(1.85,) * len(annexes.trend_quarters)),
            font_size=7,
        )
    document.add_heading("Annex G: Figures behind the exception charts", level=1)
    for table in annexes.chart_tables:
        chart = table.chart
        document.add_heading(chart.title, level=2)
        if table.note:
            document.add_paragraph(table.note)
        add_table(
            document,
            chart.header,
            table.rows,
            caption=f"Figures drawn in the chart of {chart.title}",
            font_size=7,
        )
