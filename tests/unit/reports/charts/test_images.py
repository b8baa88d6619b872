"""A report's charts drawn once, whatever the formats; long axes thinned before Vega measures
them; charts drawn in worker processes the same as here."""

from __future__ import annotations

import struct
from decimal import Decimal

import pytest

from councilstat.core.plan import Unit
from councilstat.core.spc import spc_chart
from councilstat.reports.charts import images
from councilstat.reports.charts.data import ChartKind, TrendPoint, spc_chart_data, trend_chart_data
from councilstat.reports.charts.images import ChartImages, chart_svg
from councilstat.reports.charts.spc import WIDTH, _layers, spc_chart_spec
from councilstat.reports.charts.svg import axis_labels

MONTHS = [f"{2010 + m // 12}-{m % 12 + 1:02d}" for m in range(120)]


def spc(code, count=12):
    values = [50 + (i % 7) for i in range(count)]
    result = spc_chart(values, improvement="increase", target=55, labels=MONTHS[:count])
    return spc_chart_data(code, f"Measure {code}", Unit.NUMBER, result, period_noun="month")


def sparkline(code):
    points = [TrendPoint(f"2019/20 Q{q}", Decimal(10 + q), Decimal(12)) for q in (1, 2, 3, 4)]
    return trend_chart_data(ChartKind.SPARKLINE, code, "Measure", Unit.NUMBER, points)


def test_each_chart_is_drawn_once_and_its_png_comes_from_its_svg(monkeypatch):
    drawn, rasterised = [], []
    monkeypatch.setattr(images, "chart_svg", lambda chart: drawn.append(chart.key) or "<svg/>")

    def rasterise(pictures):
        rasterised.append(pictures)
        return [b"png"] * len(pictures)

    monkeypatch.setattr(images, "rasterise", rasterise)
    monkeypatch.setattr(images, "warm_up", lambda: None)
    charts = [spc("1A1"), sparkline("1A1")]
    cache = ChartImages()
    assert cache.svgs(charts) == {"spc-1A1": "<svg/>", "sparkline-1A1": "<svg/>"}
    assert cache.pngs(charts) == {"spc-1A1": b"png", "sparkline-1A1": b"png"}
    cache.svgs(charts)
    cache.pngs(charts)
    assert sorted(drawn) == ["sparkline-1A1", "spc-1A1"]
    assert len(rasterised) == 1  # every PNG in one pass


def test_pngs_are_drawn_at_their_width():
    chart = sparkline("1A1")
    (png,) = ChartImages().pngs([chart]).values()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, _ = struct.unpack(">II", png[16:24])
    assert width == images.SPARK_WIDTH * images.SPARKLINE_PNG_SCALE


@pytest.mark.parametrize(("count", "step"), [(5, 1), (30, 1), (60, 2), (120, 4), (600, 16)])
def test_axis_labels_are_halved_only_while_they_must_overlap(count, step):
    labels = (MONTHS * 5)[:count]
    assert axis_labels(labels, WIDTH) == labels[::step]


def test_the_cached_specification_is_what_altair_builds():
    import altair as alt

    chart = spc("1A1", count=120)
    result = chart.spc
    periods = MONTHS[:120]
    built = alt.layer(
        *_layers(result.improvement, True, periods, axis_labels(periods, WIDTH), Unit.NUMBER)
    ).properties(width=WIDTH, height=260, title="T")
    expected = {k: v for k, v in built.to_dict(validate=False).items() if k != "config"}
    spec = spc_chart_spec(result, title="T", unit=Unit.NUMBER)
    assert {k: v for k, v in spec.items() if k not in ("config", "datasets")} == expected


def test_charts_drawn_by_worker_processes_are_those_drawn_here():
    charts = [spc("1A1"), spc("1A2", count=24), spc("1A3", count=40)]
    assert images._in_workers(charts, 2) == [chart_svg(chart) for chart in charts]


def test_charts_are_drawn_here_when_no_worker_can_run(monkeypatch):
    monkeypatch.setattr(images, "PARALLEL_FROM", 2)
    monkeypatch.setattr(images.sys, "executable", "/nonexistent/python")
    charts = [spc("1A1"), spc("1A2")]
    assert ChartImages().svgs(charts) == {chart.key: chart_svg(chart) for chart in charts}


def test_a_long_exception_chart_draws_its_latest_points_with_limits_from_them_all():
    whole = spc("1A1", count=120)
    drawn = spc_chart_data(
        "1A1", "Measure 1A1", Unit.NUMBER, whole.spc, period_noun="month", window=36
    )
    spec = spc_chart_spec(whole.spc, title="T", unit=Unit.NUMBER, window=36)
    values = spec["datasets"]["values"]
    assert [row["period"] for row in values] == MONTHS[84:120]
    means = {row["amount"] for row in spec["datasets"]["lines"] if row["key"] == "Mean"}
    assert means == {whole.spc.groups[0].limits.mean}
    assert drawn.drawn_note == (
        "The chart shows the latest 36 of its 120 points; its mean and limits are calculated "
        "from them all."
    )
    assert drawn.summary == whole.summary  # what the chart says is about every point
    assert spc("1A2", count=30).drawn_note == ""
