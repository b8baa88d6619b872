"""The committee report model: plain data from core, with revisions, actions and annexes."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal as D

import openpyxl
import pytest

from councilstat.core.periods import Quarter
from councilstat.core.plan import Frequency, Outcome, Polarity, Priority, Unit
from councilstat.core.rating import Rag
from councilstat.reports.charts.data import ChartKind
from councilstat.reports.model import (
    ActionItem,
    ReportSection,
    Revision,
    build_report,
    plan_as_at,
)
from councilstat.reports.render import ReportFormat, download_name, render
from tests.factories import measure, observation, plan, target

Q2 = Quarter(2019, 2)
ADULTS = Priority("2", "Every adult secure")
HEALTHY = Outcome("2.A", "Adults are healthy", "2")


def council_plan():
    """Seven measures: three red, one green, one annual (not due), one with no target and one
    monitored with no better direction."""
    measures = [
        measure("1A1", frequency=Frequency.MONTHLY),
        measure("1A2", unit=Unit.NUMBER, polarity=Polarity.LOWER, tolerance_text="2"),
        measure("1A3", frequency=Frequency.ANNUAL),
        measure("2A1", priority=ADULTS, outcome=HEALTHY),
        measure("2A2", priority=ADULTS, outcome=HEALTHY, polarity=Polarity.NONE),
        measure("2A3", priority=ADULTS, outcome=HEALTHY),
        measure("2A4", priority=ADULTS, outcome=HEALTHY),
    ]
    targets = [
        target("1A1", "2019/20", 80),
        target("1A2", "2019/20", 400),
        target("1A3", "2019/20", 50),
        target("2A1", "2019/20", 20),
        target("2A2", "2019/20", 5),
        target("2A3", "2019/20 Q2", 30),
    ]
    observations = [
        observation("1A1", "2019-04", 70),
        observation("1A1", "2019-05", 71),
        observation("1A1", "2019-06", 72),
        observation("1A1", "2019-07", 60),
        observation("1A1", "2019-08", 61),
        observation("1A1", "2019-09", 62),
        observation("1A1", "2019-10", 79.3),
        observation("1A2", "2019/20 Q1", 410),
        observation("1A2", "2019/20 Q2", 395),
        observation("2A1", "2019/20 Q1", 12),
        observation("2A1", "2019/20 Q2", 11),
        observation("2A2", "2019/20 Q2", 4),
        observation("2A3", "2019/20 Q2", 9),
        observation("2A4", "2019/20 Q2", 7),
    ]
    figures = plan(measures, targets, observations)
    notes = {("1A1", "2019-09"): "Staff vacancies in the team", ("2A1", "2019/20 Q2"): "=1+1"}
    return replace(
        figures,
        observations=tuple(
            replace(o, note=notes.get((o.code, str(o.period)), "")) for o in figures.observations
        ),
    )


@pytest.fixture(scope="module")
def report():
    return build_report(
        council_plan(),
        Q2,
        organisation="Anytown Borough Council",
        generated=dt.date(2019, 11, 14),
        revisions={
            ("1A2", "2019/20 Q1"): Revision(D(412), D(410), "late returns from one team"),
            ("9Z9", "2019/20 Q1"): Revision(D(1), D(2), "not in this plan"),
        },
        actions={
            "1A1": [
                ActionItem(
                    "Report back on recruitment to the team",
                    "Head of Early Help",
                    dt.date(2020, 2, 12),
                    "Open",
                    "OSMB 13 November 2019",
                )
            ]
        },
    )


def rows_by_code(report):
    return {row.code: row for row in report.measure_rows}


def test_the_cover_names_the_council_plan_quarter_and_dates(report):
    cover = report.cover
    assert cover.organisation == "Anytown Borough Council"
    assert report.title == "Council Plan: performance report, 2019/20 Q2"
    assert cover.period_dates == "1 July to 30 September 2019"
    assert cover.generated_text == "Generated on 14 November 2019"
    assert cover.as_at_text == ""
    assert cover.running_header == "Anytown Borough Council · Council Plan · 2019/20 Q2"


def test_the_headline_comes_from_core_with_its_denominators(report):
    headline = report.headline
    assert headline.sentences[1] == (
        "Of the 4 measures with data and a target this quarter, 1 (25%) met or exceeded "
        "their target, compared with 0% in Quarter 1."
    )
    counts = {row.label: (row.current, row.previous) for row in headline.rows}
    assert counts["Off target (red)"] == (3, 3)
    assert counts["Met or exceeded target, % of rated"] == (25, 0)
    assert [p.quarter for p in headline.met_series][-2:] == ["2019/20 Q1", "2019/20 Q2"]
    assert len(headline.met_series) == 8
    assert headline.met_chart.rows[-1] == ("2019/20 Q2", "1", "4", "25%")


def test_sections_follow_the_plan_priority_by_priority(report):
    assert [p.code for p in report.priorities] == ["1", "2"]
    first = report.priorities[0]
    assert [o.code for o in first.outcomes] == ["1.A"]
    assert [r.code for r in first.outcomes[0].measures] == ["1A1", "1A2", "1A3"]
    assert first.sentence == (
        "1 of 2 rated measures on target (50%); 0 within tolerance and 1 off target; 1 not rated."
    )


def test_a_measure_row_carries_the_figures_core_computed(report):
    row = rows_by_code(report)["1A1"]
    assert (row.target.text, row.previous.text, row.current.text) == ("80.0%", "72.0%", "62.0%")
    assert (row.previous.period, row.current.period) == ("2019-06", "2019-09")
    assert row.rag is Rag.RED
    assert row.rag_label == "Off target"
    assert row.direction_label == "Worsening"
    assert row.commentary == "Staff vacancies in the team"
    assert (row.latest.text, row.latest.period, row.latest.as_at) == (
        "79.3%",
        "2019-10",
        dt.date(2019, 10, 31),
    )
    assert row.spc is not None
    assert row.spc.variation_label
    assert row.forecast is not None
    assert row.forecast.rag_label
    assert row.trend.kind is ChartKind.SPARKLINE
    assert [p.period for p in row.trend.points][-1] == "2019/20 Q2"
    assert row.trend.summary.startswith("1A1 Measure 1A1:")


def test_revised_figures_are_marked_and_listed(report):
    row = rows_by_code(report)["1A2"]
    assert row.previous.revision is not None
    assert row.current.revision is None
    assert row.revisions[0].sentence == (
        "1A2 2019/20 Q1: revised since reported, from 412 to 410 (late returns from one team)."
    )
    listed = report.annexes.revisions
    assert [(r.code, r.period, r.reported, r.current) for r in listed] == [
        ("1A2", "2019/20 Q1", "412", "410")
    ]


def test_the_exception_report_takes_red_measures_priority_by_priority(report):
    sections = {s.code: s for s in report.exceptions}
    assert [m.row.code for m in sections["1"].measures] == ["1A1"]
    assert [m.row.code for m in sections["2"].measures] == ["2A1", "2A3"]
    assert sections["2"].sentence == "2 measures off target (red)."
    assert report.exception_sentence.startswith("3 measures of the 4 rated were off target (red)")


def test_actions_appear_under_their_measure_and_not_elsewhere(report):
    exceptions = {m.row.code: m for m in report.exception_measures}
    (action,) = exceptions["1A1"].actions
    assert action.description == "Report back on recruitment to the team"
    assert action.due == dt.date(2020, 2, 12)
    assert exceptions["2A1"].actions == ()


def test_an_exception_shows_its_chart_and_what_happened_since(report):
    exceptions = {m.row.code: m for m in report.exception_measures}
    one = exceptions["1A1"]
    assert one.chart.kind is ChartKind.SPC
    assert one.chart.rows[0][0] == "2019-04"
    assert [f.period for f in one.since] == ["2019-10"]
    two = exceptions["2A3"]  # a single value: no SPC chart, its values against the target
    assert two.chart.kind is ChartKind.TREND
    assert two.since == ()


def test_the_not_assessed_annex_gives_each_reason(report):
    reasons = {row.code: row.reason for row in report.annexes.not_assessed}
    assert reasons == {
        "1A3": "Not due this quarter",
        "2A2": "Monitored without a target direction",
        "2A4": "No target set",
    }
    no_data = build_report(
        replace(council_plan(), observations=()),
        Q2,
        organisation="",
        generated=dt.date(2019, 11, 1),
    )
    assert {r.reason for r in no_data.annexes.not_assessed} >= {"No data for this quarter"}


def test_the_annexes_state_the_rules_and_each_tolerance(report):
    annexes = report.annexes
    assert any("a value exactly on the edge of the tolerance is amber" in r for r in annexes.rules)
    tolerances = {t.code: t for t in annexes.tolerances}
    assert tolerances["1A1"].tolerance == "5% of the target"
    assert tolerances["1A1"].amber_band == "Misses 80.0% by no more than 4.0 percentage points"
    assert tolerances["1A2"].tolerance == "2 (in the measure's units)"
    assert {g.term for g in annexes.glossary} >= {
        "Off target (red)",
        "Special cause concern (high)",
        "Target consistently missed",
    }
    assert [d.code for d in annexes.definitions][:2] == ["1A1", "1A2"]
    assert annexes.trend_quarters[-1] == "2019/20 Q2"
    assert {c.code for c in annexes.exception_charts} == {"1A1", "2A1", "2A3"}


def test_exceptions_only_leaves_out_the_sections_per_priority():
    only = build_report(
        council_plan(), Q2, organisation="", exceptions_only=True, generated=dt.date(2019, 11, 1)
    )
    assert only.priorities == ()
    assert only.title == "Council Plan: exception report, 2019/20 Q2"
    assert [m.row.code for m in only.exception_measures] == ["1A1", "2A1", "2A3"]
    assert [d.code for d in only.annexes.definitions] == ["1A1", "2A1", "2A3"]
    assert only.annexes.trends == ()
    assert len(only.annexes.not_assessed) == 3  # still every measure not rated


def test_as_at_keeps_the_figures_up_to_the_date_and_prints_it():
    earlier = plan_as_at(council_plan(), dt.date(2019, 9, 30))
    assert all(o.period.end <= dt.date(2019, 9, 30) for o in earlier.observations)
    report = build_report(
        earlier, Q2, organisation="", as_at=dt.date(2019, 9, 30), as_at_note="From files."
    )
    assert report.cover.as_at_text == "Figures as they stood on 30 September 2019"
    assert report.cover.as_at_note == "From files."
    assert rows_by_code(report)["1A1"].latest.value is None


def test_a_forecast_is_shown_to_the_places_of_the_measure_values():
    counts = plan(
        [measure("1A2", unit=Unit.NUMBER, polarity=Polarity.LOWER, frequency=Frequency.MONTHLY)],
        [target("1A2", "2019/20", 550)],
        [observation("1A2", f"2019-0{m}", v) for m, v in ((4, 634), (5, 637), (6, 636))],
    )
    row = build_report(counts, Quarter(2019, 1), organisation="").measure_rows[0]
    assert row.forecast is not None
    assert "." not in row.forecast.figure.text
    assert row.forecast.figure.value != int(row.forecast.figure.value)  # kept in full


def test_sections_added_by_the_caller_are_carried():
    added = ReportSection("actions-arising", "Actions arising", ("Action",), (("Call back",),))
    report = build_report(council_plan(), Q2, organisation="", sections=[added])
    assert report.sections == (added,)


def test_a_download_name_is_safe_ascii():
    odd = replace(council_plan(), title='Plan "Ä"/../; rm\r\n')
    report = build_report(odd, Q2, organisation="", exceptions_only=True)
    assert download_name(report, ReportFormat.PDF) == "plan-rm-2019-20-q2-exceptions.pdf"
    assert ReportFormat.from_suffix(".HTM") is ReportFormat.HTML
    assert ReportFormat.from_suffix(".odt") is None
    assert ReportFormat.XLSX.media_type.endswith("spreadsheetml.sheet")


def test_a_long_chart_prints_its_latest_points_and_says_where_the_rest_are():
    months = [f"{2016 + (m + 3) // 12}-{(m + 3) % 12 + 1:02d}" for m in range(42)]
    long_series = plan(
        [measure("1A1", frequency=Frequency.MONTHLY)],
        [
            target(code="1A1", period_text=f"{y}/{(y + 1) % 100:02d}", value=90)
            for y in (2016, 2017, 2018, 2019)
        ],
        [observation("1A1", month, 60 + i % 5) for i, month in enumerate(months)],
    )
    report = build_report(long_series, Quarter(2019, 2), organisation="")
    (table,) = report.annexes.chart_tables
    assert len(table.chart.rows) == 42
    assert len(table.rows) == 36
    assert table.rows[-1][0] == "2019-09"
    assert table.note.endswith(
        "The table gives the latest 36 of its 42 points; the Excel workbook's Chart data sheet "
        "has every point."
    )


def test_a_revision_keyed_by_another_spelling_of_the_period_is_found():
    report = build_report(
        council_plan(),
        Q2,
        organisation="",
        revisions={("1A2", "Q1 2019-20"): Revision(D(412), D(410), "")},
    )
    assert rows_by_code(report)["1A2"].previous.revision is not None
    assert report.annexes.revisions[0].sentence == (
        "1A2 2019/20 Q1: revised since reported, from 412 to 410."
    )


def test_a_band_measure_shows_its_band_and_is_rated_against_it():
    gap = measure("5D8", unit=Unit.NUMBER, polarity=Polarity.BAND, tolerance_text="1")
    figures = plan(
        [gap],
        [target("5D8", "2019/20", -2, 2)],
        [observation("5D8", "2019/20 Q1", "4.5"), observation("5D8", "2019/20 Q2", "2.5")],
    )
    row = build_report(figures, Q2, organisation="").measure_rows[0]
    assert row.target.text == "-2 to 2"
    assert (row.rag, row.polarity) == (Rag.AMBER, "Best within the target band")
    assert row.direction_label == "Improving"


def test_every_measure_is_at_a_glance_and_the_chart_figures_are_an_option(report):
    assert [row.code for row in report.at_a_glance] == [
        "1A1", "1A2", "1A3", "2A1", "2A2", "2A3", "2A4",
    ]  # fmt: skip
    assert not report.with_chart_data
    only = build_report(council_plan(), Q2, organisation="", exceptions_only=True)
    assert len(only.at_a_glance) == 7  # every measure, in the exceptions-only report too
    assert build_report(council_plan(), Q2, organisation="", with_chart_data=True).with_chart_data


def test_an_unpublished_or_incomplete_quarter_is_provisional_in_the_report():
    from councilstat.core.summary import summarise
    from councilstat.reports.serialise import summary_to_dict

    figures = council_plan()
    q3 = Quarter(2019, 3)
    report = build_report(figures, q3, organisation="", published=False)
    note = "Provisional: 1 of 6 measures due have reported; the figures are not yet published."
    assert report.provisional
    assert report.headline.coverage.missing == 5
    assert report.cover.provisional_text == note
    assert report.headline.sentences[0] == note
    complete = build_report(figures, Q2, organisation="")
    assert not complete.provisional
    assert complete.cover.provisional_text == ""
    data = summary_to_dict(summarise(figures, q3, published=False), figures)
    assert data["provisional"] is True
    assert data["provisional_note"] == note
    assert data["coverage"] == {"due": 6, "reported": 1, "published": False}


def test_the_provisional_note_is_on_the_cover_of_every_format():
    from io import BytesIO

    from docx import Document
    from openpyxl import load_workbook

    report = build_report(council_plan(), Quarter(2019, 3), organisation="", published=False)
    note = report.cover.provisional_text
    assert note in render(report, ReportFormat.HTML).decode()
    paragraphs = [p.text for p in Document(BytesIO(render(report, ReportFormat.DOCX))).paragraphs]
    assert note in paragraphs
    sheet = load_workbook(BytesIO(render(report, ReportFormat.XLSX)))["Summary"]
    assert note in [row[0] for row in sheet.iter_rows(values_only=True)]


def test_a_forecast_is_rated_beside_the_year_end_target_not_the_quarters():
    """Monthly targets rising to the year's 600: the quarter's target (Q1: June's 150) is in
    the Target column; the forecast stands beside the year's."""
    counts = plan(
        [measure("1A2", unit=Unit.NUMBER, frequency=Frequency.MONTHLY)],
        [target("1A2", "2019/20", 600), target("1A2", "2019-06", 150)],
        [observation("1A2", f"2019-0{m}", v) for m, v in ((4, 40), (5, 95), (6, 150))],
    )
    report = build_report(counts, Quarter(2019, 1), organisation="")
    row = report.measure_rows[0]
    assert row.target.text == "150"
    assert row.forecast is not None
    assert row.forecast.target is not None
    assert row.forecast.target.text == "600"
    assert row.forecast.rating_text.endswith("; year-end target 600")
    page = render(report, ReportFormat.HTML).decode()
    assert f"{row.forecast.figure.text} (600)" in page  # at a glance: forecast (target)
    assert f"{row.forecast.figure.text} (150)" not in page
    workbook = openpyxl.load_workbook(io.BytesIO(render(report, ReportFormat.XLSX)))
    data = workbook["Data"]
    header = [c.value for c in data[1]]
    values = dict(zip(header, next(data.iter_rows(2, values_only=True)), strict=True))
    assert (values["Target"], values["Year-end target"]) == (150, 600)


def test_a_measure_not_due_this_quarter_shows_no_icons_as_if_they_were_its():
    """An annual measure in Quarter 2: its chart's latest point is last year's, so the
    quarter's rows show no variation or assurance icons; in Quarter 4, when it is due, they do."""
    from councilstat.core.assessment import NotRated
    from councilstat.core.measure_statistics import measure_statistics
    from councilstat.core.summary import summarise
    from councilstat.reports.words import StatisticsWords

    years = ["2014/15", "2015/16", "2016/17", "2017/18", "2018/19"]
    figures = plan(
        [measure("3C3", frequency=Frequency.ANNUAL)],
        [target("3C3", year, 50) for year in (*years, "2019/20")],
        [observation("3C3", year, 40 + n) for n, year in enumerate(years)],
    )
    for quarter, due in ((Q2, False), (Quarter(2018, 4), True)):
        row = rows_by_code(build_report(figures, quarter, organisation="Test"))["3C3"]
        summary = summarise(figures, quarter)
        (assessment,) = summary.assessments
        words = StatisticsWords(assessment, measure_statistics(figures, assessment))
        assert (assessment.not_rated is NotRated.NOT_DUE) is not due
        assert words.has_spc  # the chart is drawn either way
        assert (row.spc is not None) is due
        assert words.has_icons is due


def test_an_exceptions_spc_chart_draws_the_target_in_force_at_each_point():
    months = [f"2018-{m:02d}" for m in range(4, 13)] + [f"2019-{m:02d}" for m in range(1, 10)]
    figures = plan(
        [measure("1A8", frequency=Frequency.MONTHLY)],
        [target("1A8", "2018/19", 82), target("1A8", "2019/20", 80)],
        [observation("1A8", month, 70 + n % 3) for n, month in enumerate(months)],
    )
    report = build_report(figures, Q2, organisation="Test")
    (item,) = report.exception_measures
    targets = dict(item.chart.targets)
    assert targets["2018-04"] == 82.0
    assert targets["2019-03"] == 82.0
    assert targets["2019-04"] == 80.0
    assert item.chart.spc.target == 80.0  # the assurance compares with this year's
