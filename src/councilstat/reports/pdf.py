"""Render a committee report as a tagged, accessible PDF with Typst.

The report model becomes plain JSON (:func:`pdf_data`: every figure formatted, every chart an
SVG with its summary as alternative text) and the Typst template ``templates/report.typ`` lays
it out on A4: the cover with the headline and contents, every measure at a glance on one page,
the counts and the share on target, the exception report one page per measure, a landscape
section per priority, and the annexes. It is written as PDF/UA-1 (tagged, with the title, the
language, headings, table headers and alternative text for every chart); Typst refuses to
write a file that lacks them. docs/decisions/0004-typst-for-pdf.md has the figures that chose
Typst over WeasyPrint.

Nothing is fetched while rendering (:mod:`councilstat.reports.typesetting`): the data is shown
as text, never run as markup, so a link, an image or Typst code in a commentary is printed as
the characters it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from councilstat.core.spc import Assurance, Improvement, Variation
from councilstat.reports.annexes import Annexes, ChartTable
from councilstat.reports.cells import (
    ACTION_HEADER,
    DEFINITION_HEADER,
    ENQUIRY_HEADER,
    EXCEPTION_FIGURES,
    GLANCE_HEADER,
    NO_ENQUIRY,
    NOT_ASSESSED_HEADER,
    REVISION_HEADER,
    SINCE_HEADER,
    SINCE_ROWS,
    TOLERANCE_HEADER,
    action_cells,
    definition_cells,
    figure_text,
    not_assessed_cells,
    revision_cells,
    since_cells,
    tolerance_cells,
)
from councilstat.reports.charts.data import ChartData
from councilstat.reports.charts.icons import (
    ASSURANCE_LABELS,
    VARIATION_LABELS,
    assurance_icon_svg,
    variation_icon_svg,
)
from councilstat.reports.charts.images import ChartImages
from councilstat.reports.measures import Figure, MeasureRow
from councilstat.reports.model import CommitteeReport, ExceptionMeasure
from councilstat.reports.typesetting import typeset_pdf
from councilstat.reports.words import long_date

__all__ = ["pdf_data", "render_pdf"]

CHART_WIDTH_MM = 150
MEASURE_HEADER = (
    "Code", "Measure", "Target", "Previous quarter", "This quarter", "Latest data", "Rating",
    "Direction", "SPC variation and assurance", "Year-end forecast", "Last eight quarters",
)  # fmt: skip
_CHART_WIDTHS = {3: (30, 35, 35), 4: (14, 14, 30, 42), 7: (11, 10, 10, 11, 11, 20, 27)}
Json = dict[str, Any]


class _Icons:
    """The SPC icons a report uses, each SVG once, named in the data by a key."""

    def __init__(self) -> None:
        self.svgs: dict[str, str] = {}

    def variation(
        self, variation: Variation | None, improvement: Improvement | None
    ) -> Json | None:
        if variation is None or improvement is None:
            return None
        key = f"variation-{variation.value}-{improvement.value}"
        if key not in self.svgs:
            self.svgs[key] = variation_icon_svg(variation, improvement)
        return {"icon": key, "label": VARIATION_LABELS[variation].name}

    def assurance(self, assurance: Assurance | None) -> Json | None:
        if assurance is None:
            return None
        key = f"assurance-{assurance.value}"
        if key not in self.svgs:
            self.svgs[key] = assurance_icon_svg(assurance)
        return {"icon": key, "label": ASSURANCE_LABELS[assurance].name}

    def of(self, row: MeasureRow) -> Json:
        if row.spc is None:
            return {"variation": None, "assurance": None}
        return {
            "variation": self.variation(row.spc.variation, row.spc.improvement),
            "assurance": self.assurance(row.spc.assurance),
        }


def _table(caption: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Json:
    return {"caption": caption, "header": list(header), "rows": [list(row) for row in rows]}


def _figure(figure: Figure, *, with_date: bool = False) -> Json:
    period = figure.period if figure.value is not None else ""
    if period and with_date and figure.as_at:
        period += f", at {long_date(figure.as_at)}"
    return {"text": figure_text(figure), "period": period}


def _forecast(row: MeasureRow) -> Json | None:
    if row.forecast is None:
        return None
    forecast = row.forecast
    return {
        "text": forecast.figure.text,
        "rating": forecast.rating_text,
        "glance": forecast.with_target,
        "rag": forecast.rag_label,
    }


def _rating(row: MeasureRow) -> Json:
    return {"rating": row.rag_label, "rag": row.rag.value if row.rag else "none"}


def _headline(report: CommitteeReport) -> Json:
    cover, headline = report.cover, report.headline

    def shown(value: int | None, percent: bool) -> str:
        return "–" if value is None else f"{value}%" if percent else str(value)

    def met(value: int | None) -> str:
        return "–" if value is None else f"{value}%"

    chart = headline.met_chart
    return {
        "sentences": list(headline.sentences),
        "counts": _table(
            f"Ratings and direction of travel, {cover.quarter} compared with "
            f"{cover.previous_quarter}",
            ("Measure of performance", cover.quarter, cover.previous_quarter),
            [
                (r.label, shown(r.current, r.percent), shown(r.previous, r.percent))
                for r in headline.rows
            ],
        ),
        "priorities": _table(
            f"Measures on target by priority, {cover.quarter}",
            (
                "Priority",
                "Measures",
                "Rated",
                "Green",
                "Amber",
                "Red",
                "Met",
                f"Met, {cover.previous_quarter}",
            ),  # fmt: skip
            [
                (
                    f"{p.code}. {p.title}",
                    str(p.counts.measures),
                    str(p.counts.assessed),
                    str(p.counts.green),
                    str(p.counts.amber),
                    str(p.counts.red),
                    met(p.counts.met_pct),
                    met(p.previous_counts.met_pct),
                )  # fmt: skip
                for p in headline.priorities
            ],
        ),
        "trend": {
            "title": "Priorities and the share on target",
            "chart": {"key": chart.key, "title": chart.title, "alt": chart.summary},
            "table": _table("Measures on target by quarter", chart.header, chart.rows),
        },
    }


def _glance(report: CommitteeReport, icons: _Icons) -> Json:
    titles = {p.code: f"Priority {p.code}: {p.title}" for p in report.headline.priorities}
    rows: list[Json] = []
    current = None
    for row in report.at_a_glance:
        if row.priority != current:
            current = row.priority
            rows.append({"group": titles.get(row.priority, f"Priority {row.priority}")})
        rows.append(
            {
                "code": row.code,
                "title": row.title,
                "current": figure_text(row.current),
                "target": row.target.text,
                **_rating(row),
                "direction": row.direction_label,
                **icons.of(row),
                "forecast": _forecast(row),
            }
        )
    headline = report.headline.sentences
    return {
        "title": "Every measure at a glance",
        "sentence": headline[1] if len(headline) > 1 else "",
        "header": list(GLANCE_HEADER),
        "rows": rows,
    }


def _chart_note(report: CommitteeReport, chart: ChartData) -> str:
    drawn = f" {chart.drawn_note}" if chart.drawn_note else ""
    if report.with_chart_data:
        return f"{chart.summary}{drawn} The figures behind this chart are in Annex G."
    return (
        f"{chart.summary}{drawn} The figures behind it are in the Excel workbook's Chart data "
        "sheet."
    )


def _exception(report: CommitteeReport, item: ExceptionMeasure, icons: _Icons) -> Json:
    row, quarter = item.row, report.cover.quarter
    latest_note = ""
    if row.latest.value is not None:
        latest_note = row.latest.period
        if row.latest.as_at:
            latest_note += f", at {long_date(row.latest.as_at)}"
    rating_note = row.not_rated_label
    texts = (
        (row.target.text, ""),
        (figure_text(row.previous), row.previous.period if row.previous.value is not None else ""),
        (figure_text(row.current), row.current.period if row.current.value is not None else ""),
        (figure_text(row.latest), latest_note),
        (row.rag_label, rating_note),
        (row.direction_label, ""),
        ("", ""),
        (
            row.forecast.figure.text if row.forecast else "–",
            row.forecast.rating_text if row.forecast else "",
        ),
    )
    kinds = ("", "", "", "", "rating", "", "spc", "")
    figures = [
        {"label": label, "text": text, "note": note, "kind": kind}
        for label, (text, note), kind in zip(EXCEPTION_FIGURES, texts, kinds, strict=True)
    ]
    forecast = ""
    if row.forecast:
        extra = f" (range {row.forecast.range_text})" if row.forecast.range_text else ""
        against = f" against the {row.forecast.against}" if row.forecast.target else ""
        forecast = (
            f"Year-end forecast: {row.forecast.figure.text}{extra}, "
            f"{row.forecast.rag_label.lower()}{against}; from {row.forecast.basis}."
        )
    shown = item.since[-SINCE_ROWS:]
    since_note = ""
    if len(shown) < len(item.since):
        since_note = (
            f"The latest {len(shown)} of {len(item.since)} values since the quarter ended; "
            "the Excel workbook's Exceptions sheet lists them all."
        )
    return {
        "heading": f"{row.code} {row.title}",
        "figures": figures,
        **_rating(row),
        "spc": icons.of(row),
        "chart": {
            "key": item.chart.key,
            "alt": item.chart.summary,
            "caption": _chart_note(report, item.chart),
            "width": CHART_WIDTH_MM,
        },
        "commentary": row.commentary or "No commentary was recorded for this quarter.",
        "revisions": [note.sentence for note in row.revisions],
        "readings": list(row.readings),
        "forecast": forecast,
        "since": {
            **_table(
                f"{row.code}: data for periods after {quarter}",
                SINCE_HEADER,
                (since_cells(f) for f in shown),
            ),
            "note": since_note,
            "empty": "No newer data since the quarter ended.",
        },
        "actions": {
            **_table(
                f"Actions linked to {row.code}",
                ACTION_HEADER,
                (action_cells(a) for a in item.actions),
            ),
            "empty": "No actions recorded.",
        },
        "enquiry": {
            **_table(
                f"{row.code}: lines of enquiry",
                ENQUIRY_HEADER,
                ((line.question, line.evidence) for line in item.enquiry),
            ),
            "empty": NO_ENQUIRY,
        },
    }


def _exceptions(report: CommitteeReport, icons: _Icons) -> Json:
    return {
        "title": "Exception report: measures off target",
        "sentence": report.exception_sentence,
        "sections": [
            {
                "title": f"Priority {section.code}: {section.title}",
                "sentence": section.sentence,
                "measures": [_exception(report, item, icons) for item in section.measures],
            }
            for section in report.exceptions
        ],
    }


def _measure_row(row: MeasureRow, icons: _Icons) -> Json:
    return {
        "code": row.code,
        "title": row.title,
        "about": f"{row.frequency}; {row.polarity.lower()}; tolerance {row.tolerance}",
        "target": row.target.text,
        "previous": _figure(row.previous),
        "current": _figure(row.current),
        "latest": _figure(row.latest, with_date=True),
        **_rating(row),
        "not_rated": row.not_rated_label,
        "direction": row.direction_label,
        **icons.of(row),
        "forecast": _forecast(row),
        "sparkline": {"key": row.trend.key, "alt": row.trend.summary},
    }


def _priorities(report: CommitteeReport, icons: _Icons) -> list[Json]:
    quarter = report.cover.quarter
    sections = []
    for priority in report.priorities:
        outcomes = []
        for outcome in priority.outcomes:
            noted = [r for r in outcome.measures if r.commentary] + [
                r for r in outcome.measures if not r.commentary and r.revisions
            ]
            notes = [
                {
                    "code": r.code,
                    "text": " ".join(
                        [r.commentary or "No commentary."]
                        + [f"Revised: {n.sentence}" for n in r.revisions]
                    ),
                }
                for r in noted
            ]
            outcomes.append(
                {
                    "title": f"{outcome.code} {outcome.title}",
                    "caption": f"Measures for outcome {outcome.code}, {quarter}",
                    "rows": [_measure_row(row, icons) for row in outcome.measures],
                    "notes_title": f"Commentary for outcome {outcome.code}",
                    "notes": notes,
                }
            )
        sections.append(
            {
                "title": f"Priority {priority.code}: {priority.title}",
                "sentence": priority.sentence,
                "outcomes": outcomes,
            }
        )
    return sections


def _chart_table(table: ChartTable) -> Json:
    chart = table.chart
    return {
        "title": chart.title,
        "note": table.note,
        **_table(f"Figures drawn in the chart of {chart.title}", chart.header, table.rows),
        "widths": list(_CHART_WIDTHS.get(len(chart.header), (1,) * len(chart.header))),
    }


def _annexes(report: CommitteeReport, icons: _Icons) -> Json:
    annexes: Annexes = report.annexes
    quarter = report.cover.quarter
    count = len(annexes.not_assessed)
    glossary = []
    for entry in annexes.glossary:
        icon = (
            icons.variation(entry.variation, entry.improvement)
            if entry.variation
            else icons.assurance(entry.assurance)
        )
        glossary.append({"icon": icon, "term": entry.term, "meaning": entry.meaning})
    trends = None
    chart_data = None
    if report.with_chart_data:
        if annexes.trends:
            quarters = annexes.trend_quarters
            trends = {
                "title": "Annex F: Trend data, last eight quarters",
                "text": "The figures drawn in each measure's \u201clast eight quarters\u201d "
                "chart: the quarter's value as rated, and the target in force.",
                **_table(
                    f"Quarterly values and targets, {quarters[0]} to {quarters[-1]}",
                    ("Code", "Series", *quarters),
                    (
                        row
                        for t in annexes.trends
                        for row in (
                            (t.code, "Value", *(f.text for f in t.values)),
                            (t.code, "Target", *(f.text for f in t.targets)),
                        )
                    ),
                ),
            }
        chart_data = {
            "title": "Annex G: Figures behind the exception charts",
            "charts": [_chart_table(table) for table in annexes.chart_tables],
            "empty": "No measure was rated red, so the exception report has no charts.",
        }
    return {
        "rules": {
            "title": "Annex A: Rating rules and tolerances",
            "rules": list(annexes.rules),
            "tolerances": {
                "title": f"Tolerances in force, {quarter}",
                **_table(
                    f"Each measure's tolerance and target in {quarter}",
                    TOLERANCE_HEADER,
                    map(tolerance_cells, annexes.tolerances),
                ),
            },
        },
        "glossary": {
            "title": "Annex B: Glossary of ratings and icons",
            "caption": "Ratings, markers and SPC icons used in this report",
            "header": ["Icon", "Term", "Meaning"],
            "rows": glossary,
        },
        "definitions": {
            "title": "Annex C: Data definitions and sources",
            **_table(
                "Definition, source and owner of each measure",
                DEFINITION_HEADER,
                map(definition_cells, annexes.definitions),
            ),
        },
        "not_assessed": {
            "title": "Annex D: Measures not assessed this quarter",
            **_table(
                f"{count} {'measure' if count == 1 else 'measures'} not rated in {quarter}, "
                "with the reason",
                NOT_ASSESSED_HEADER,
                map(not_assessed_cells, annexes.not_assessed),
            ),
        },
        "revisions": {
            "title": "Annex E: Figures revised since reported",
            **_table(
                "Figures changed since an earlier report",
                REVISION_HEADER,
                map(revision_cells, annexes.revisions),
            ),
            "empty": "No figure in this report has been revised since it was reported.",
        },
        "trends": trends,
        "chart_data": chart_data,
    }


def pdf_data(report: CommitteeReport, svgs: dict[str, str]) -> Json:
    """The report as the JSON the Typst template lays out; ``svgs`` are its charts by key."""
    cover = report.cover
    icons = _Icons()
    data: Json = {
        "title": report.title,
        "document_title": report.title
        + (f" \u2013 {cover.organisation}" if cover.organisation else ""),
        "author": cover.organisation,
        "running_header": cover.running_header,
        "cover": {
            "organisation": cover.organisation or "Performance report",
            "quarter_name": cover.quarter_name,
            "period_dates": cover.period_dates,
            "as_at_text": cover.as_at_text,
            "as_at_note": cover.as_at_note,
            "generated_text": cover.generated_text,
        },
        "headline": _headline(report),
        "glance": _glance(report, icons),
        "sections": [
            {
                "title": added.title,
                "text": added.text,
                **_table(added.title, added.header, added.rows),
                "empty": added.empty,
            }
            for added in report.sections
        ],
        "exceptions": _exceptions(report, icons),
        "measure_header": list(MEASURE_HEADER),
        "priorities": _priorities(report, icons),
    }
    data["annexes"] = _annexes(report, icons)
    data["images"] = svgs
    data["icons"] = icons.svgs
    return data


def render_pdf(
    report: CommitteeReport,
    *,
    progress: Callable[[str], None] | None = None,
    images: ChartImages | None = None,
) -> bytes:
    """The report as PDF bytes (A4, tagged PDF/UA-1)."""
    if progress is not None:
        progress("Drawing the charts")
    svgs = (images or ChartImages()).svgs(report.charts)
    if progress is not None:
        progress("Laying out the pages")
    return typeset_pdf("report.typ", pdf_data(report, svgs), created=report.cover.generated)
