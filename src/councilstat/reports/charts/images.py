"""Draw a report's charts (:class:`~councilstat.reports.charts.data.ChartData`): SVG for HTML
and PDF, PNG for Word and Excel.

Full charts come from the chart modules (``charts.trend`` for trends, ``charts.spc`` for
SPC); the two small ones (a measure's sparkline and the headline's share on target) are
drawn here: the share on target with altair (rendered offline by ``charts.svg``), the
sparklines directly as SVG paths. Every SVG is one image (``role="img"``) named by the
chart's title and summary (a sparkline, word-sized, by its summary alone), and the PNG is
that same SVG rasterised (by Typst, as the PDF draws it), so every format shows the same
drawing. :class:`ChartImages` draws each chart of a report once, whatever the formats.
"""

from __future__ import annotations

import html
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import altair as alt

from councilstat.reports.charts.data import ChartData, ChartKind
from councilstat.reports.charts.spc import spc_chart_svg
from councilstat.reports.charts.svg import accessible_svg, vega_lite_svg, warm_up
from councilstat.reports.charts.trend import trend_chart
from councilstat.reports.typesetting import rasterise

__all__ = ["ChartImages", "chart_svg"]

BLUE = "#1d70b8"
BLACK = "#0b0c0c"
PNG_SCALE = 1.5
SPARKLINE_PNG_SCALE = 3
_FONT = "Arial, Helvetica, sans-serif"


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 150, 36, 4


def _sparkline_svg(chart: ChartData) -> str:
    """Values (solid line with dots) and target (dashed step line) over the eight quarters, no
    axes: a word-sized chart drawn directly as SVG (69 of them through Vega would cost a
    second), named by the chart's summary. The scale only places the points; every figure is
    the model's."""
    points = chart.points
    amounts = [float(a) for p in points for a in (p.value, p.target) if a is not None]
    low, high = min(amounts), max(amounts)
    spread = high - low or abs(high) or 1.0
    if high == low:
        low, high = low - spread / 2, high + spread / 2
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(points) - 1, 1)

    def x(index: int) -> float:
        return SPARK_PAD + index * step

    def y(amount: Decimal) -> float:
        share = (float(amount) - low) / (high - low)
        return SPARK_PAD + (1 - share) * (SPARK_HEIGHT - 2 * SPARK_PAD)

    target, values, dots = [], [], []
    previous_target: float | None = None
    pen_down = False
    for index, point in enumerate(points):
        if point.target is not None:
            level = y(point.target)
            if previous_target is None:
                target.append(f"M{x(index):.1f} {level:.1f}")
            else:
                target.append(f"H{x(index):.1f} V{level:.1f}")
            previous_target = level
        if point.value is None:
            pen_down = False
            continue
        at = f"{x(index):.1f} {y(point.value):.1f}"
        values.append(("L" if pen_down else "M") + at)
        dots.append(f'<circle cx="{x(index):.1f}" cy="{y(point.value):.1f}" r="2.2"/>')
        pen_down = True
    if previous_target is not None:
        target.append(f"H{x(len(points) - 1):.1f}")
    label = html.escape(chart.summary, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" '
        f'width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" role="img" aria-label="{label}" '
        f'focusable="false" style="max-width: 100%; height: auto">'
        f"<title>{html.escape(chart.summary, quote=False)}</title>"
        f'<path d="{" ".join(target)}" fill="none" stroke="{BLACK}" stroke-width="1.5" '
        f'stroke-dasharray="4 3"/>'
        f'<path d="{" ".join(values)}" fill="none" stroke="{BLUE}" stroke-width="2"/>'
        f'<g fill="{BLUE}">{"".join(dots)}</g></svg>'
    )


def _met_share_spec(chart: ChartData) -> dict[str, Any]:
    """Bars of the per cent on target by quarter, each labelled with its figure."""
    periods = [p.period for p in chart.points]
    records = [
        {"period": p.period, "amount": float(p.value), "label": f"{p.value}%"}
        for p in chart.points
        if p.value is not None
    ]
    base = alt.Chart(alt.NamedData(name="share"))
    x = alt.X(
        "period:O",
        sort=periods,
        scale=alt.Scale(domain=periods),
        title="Quarter",
        axis=alt.Axis(labelAngle=-45),
    )
    y = alt.Y("amount:Q", title="% on target", scale=alt.Scale(domain=[0, 100]))
    bars = base.mark_bar(color=BLUE).encode(x=x, y=y)
    labels = base.mark_text(dy=-7, fontWeight="bold", color=BLACK).encode(x=x, y=y, text="label:N")
    spec: dict[str, Any] = (
        alt.layer(bars, labels)
        .properties(width=480, height=220, title=chart.title)
        .to_dict(validate=False)
    )
    spec["datasets"] = {"share": records}
    spec["config"] = {
        "font": _FONT,
        "aria": False,
        "axis": {"labelFontSize": 12, "titleFontSize": 13},
        "title": {"fontSize": 15, "anchor": "start"},
    }
    return spec


def chart_svg(chart: ChartData) -> str:
    """The chart as one accessible inline SVG (``""`` when there is nothing to draw)."""
    if chart.kind is ChartKind.SPC and chart.spc is not None:
        return spc_chart_svg(
            chart.spc,
            title=chart.title,
            unit=chart.precision,
            period_noun=chart.period_noun,
            window=chart.window,
            targets=dict(chart.targets) if chart.targets else None,
        ).svg
    if chart.kind is ChartKind.TREND:
        return trend_chart(chart.points, unit=chart.precision, title=chart.title).svg
    if not any(p.value is not None or p.target is not None for p in chart.points):
        return ""
    if chart.kind is ChartKind.SPARKLINE:
        return _sparkline_svg(chart)
    svg = vega_lite_svg(_met_share_spec(chart))
    return accessible_svg(svg, title=chart.title, summary=chart.summary)


_WIDTH = re.compile(r'<svg\b[^>]*?\swidth="([0-9.]+)')


def _png_width(chart: ChartData, svg: str) -> int:
    """Pixels across the chart's PNG: 1.5 times its drawn size (about 160 dots per inch across
    a Word page) or, for a sparkline, three times, so it stays sharp when printed."""
    found = _WIDTH.search(svg)
    width = float(found.group(1)) if found else SPARK_WIDTH
    scale = SPARKLINE_PNG_SCALE if chart.kind is ChartKind.SPARKLINE else PNG_SCALE
    return round(width * scale)


PARALLEL_FROM = 24
"""Draw this many Vega charts or more in worker processes, one per core (at most
:data:`WORKERS`): vl-convert draws one chart at a time per process, about 0.05 to 0.1 s of CPU
each, and a worker costs a second or two to start."""
WORKERS = 2


def _in_workers(charts: Sequence[ChartData], workers: int) -> list[str]:
    """:func:`chart_svg` of each chart, shared among ``workers`` processes (``python -m
    councilstat.reports.charts.worker``: a fresh interpreter that imports nothing of the
    caller's, safe from a web server's threads)."""
    shares = [list(charts[i::workers]) for i in range(workers)]
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    command = [sys.executable, "-m", "councilstat.reports.charts.worker"]
    processes = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=environment)
        for _ in shares
    ]

    def exchange(work: tuple[subprocess.Popen[bytes], list[ChartData]]) -> list[str]:
        process, share = work
        output, _ = process.communicate(pickle.dumps(share))
        if process.returncode != 0:
            raise RuntimeError(f"a chart worker failed (exit status {process.returncode})")
        drawn: list[str] = pickle.loads(output)  # noqa: S301  (our own worker's output)
        return drawn

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(exchange, zip(processes, shares, strict=True)))
    by_key = {
        chart.key: svg
        for share, drawn in zip(shares, results, strict=True)
        for chart, svg in zip(share, drawn, strict=True)
    }
    return [by_key[chart.key] for chart in charts]


def _draw(charts: Sequence[ChartData]) -> list[str]:
    """:func:`chart_svg` of each chart, in worker processes when there are many to draw
    through Vega (the sparklines are drawn here: they cost next to nothing)."""
    vega = [chart for chart in charts if chart.kind is not ChartKind.SPARKLINE]
    workers = min(WORKERS, os.cpu_count() or 1)
    if len(vega) < PARALLEL_FROM or workers < 2:
        if vega:
            warm_up()
        return [chart_svg(chart) for chart in charts]
    try:
        drawn = _in_workers(vega, workers)
    except (OSError, RuntimeError, pickle.UnpicklingError, EOFError):
        # No worker could start or finish (an embedded interpreter, say): draw them here.
        warm_up()
        return [chart_svg(chart) for chart in charts]
    by_key = dict(zip((chart.key for chart in vega), drawn, strict=True))
    return [by_key[chart.key] if chart.key in by_key else chart_svg(chart) for chart in charts]


class ChartImages:
    """A report's charts, each drawn once: its SVG the first time a renderer asks for it, its
    PNG from that same SVG, all the missing PNGs in one pass. One per render; pass the same
    one to :func:`~councilstat.reports.render.render` for several formats of one report and
    no chart is drawn twice."""

    def __init__(self) -> None:
        self._svgs: dict[str, str] = {}
        self._pngs: dict[str, bytes] = {}

    def svgs(self, charts: Iterable[ChartData]) -> dict[str, str]:
        """The charts as SVG (``""`` when there is nothing to draw), keyed by
        :attr:`ChartData.key`."""
        wanted = {chart.key: chart for chart in charts}
        missing = [chart for key, chart in wanted.items() if key not in self._svgs]
        self._svgs.update(zip((chart.key for chart in missing), _draw(missing), strict=True))
        return {key: self._svgs[key] for key in wanted}

    def svg(self, chart: ChartData) -> str:
        return self.svgs([chart])[chart.key]

    def pngs(self, charts: Iterable[ChartData]) -> dict[str, bytes]:
        """The charts as PNG (``b""`` when there is nothing to draw), keyed by
        :attr:`ChartData.key`."""
        wanted = {chart.key: chart for chart in charts}
        missing = [chart for key, chart in wanted.items() if key not in self._pngs]
        if not missing:
            return {key: self._pngs[key] for key in wanted}
        svgs = self.svgs(missing)
        drawn = [chart for chart in missing if svgs[chart.key]]
        pictures = rasterise([(svgs[c.key], _png_width(c, svgs[c.key])) for c in drawn])
        self._pngs.update((chart.key, b"") for chart in missing)
        self._pngs.update(zip((chart.key for chart in drawn), pictures, strict=True))
        return {key: self._pngs[key] for key in wanted}
