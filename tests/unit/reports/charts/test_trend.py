"""The trend chart: accessible SVG, a text summary, a data table, and the same output every time."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest

from councilstat.core.plan import Unit
from councilstat.reports.charts.data import TrendPoint
from councilstat.reports.charts.trend import ChartRow, trend_chart

SVG = "{http://www.w3.org/2000/svg}"

POINTS = [
    ("2019/20 Q1", D("70"), D("80")),
    ("2019/20 Q2", D("78.25"), D("80")),
    ("2019/20 Q3", None, D("82")),
    ("2019/20 Q4", D("83.5"), D("82")),
]


@pytest.fixture(scope="module")
def chart():
    return trend_chart(POINTS, unit=Unit.PERCENT, title="1A1 Families engaged")


def root_tag(svg: str) -> str:
    match = re.match(r"<svg\b[^>]*>", svg)
    assert match is not None
    return match.group(0)


def test_the_svg_is_one_image_labelled_by_its_title_and_summary(chart):
    root = root_tag(chart.svg)
    assert 'role="img"' in root
    match = re.search(r'aria-labelledby="(chart-[0-9a-f]{12})-title \1-desc"', root)
    assert match is not None
    chart_id = match.group(1)
    assert chart.svg.count("role=") == 1  # the parts are not read out one by one
    assert "aria-roledescription" not in chart.svg
    assert chart.svg[len(root) :].startswith(
        f'<title id="{chart_id}-title">1A1 Families engaged</title>'
        f'<desc id="{chart_id}-desc">{chart.summary}</desc>'
    )


def test_the_summary_gives_the_span_the_latest_value_and_its_target(chart):
    assert chart.summary == (
        "1A1 Families engaged: 3 values from 70.0% in 2019/20 Q1 to 83.5% in 2019/20 Q4 "
        "against a target of 82.0%."
    )


def test_the_table_has_a_row_per_point_as_displayed(chart):
    assert chart.columns == ("Period", "Value", "Target")
    assert chart.rows == (
        ChartRow("2019/20 Q1", "70.0%", "80.0%"),
        ChartRow("2019/20 Q2", "78.3%", "80.0%"),
        ChartRow("2019/20 Q3", "–", "82.0%"),
        ChartRow("2019/20 Q4", "83.5%", "82.0%"),
    )


def test_the_output_is_deterministic(chart, in_another_process):
    again = trend_chart(
        [TrendPoint(*p) for p in POINTS], unit=Unit.PERCENT, title="1A1 Families engaged"
    )
    assert again == chart
    drawn_elsewhere = in_another_process(
        "import sys\n"
        "from decimal import Decimal\n"
        "from councilstat.core.plan import Unit\n"
        "from councilstat.reports.charts.trend import trend_chart\n"
        f"chart = trend_chart({POINTS!r}, unit=Unit.PERCENT, title='1A1 Families engaged')\n"
        "sys.stdout.write(chart.svg)\n"
    )
    assert drawn_elsewhere == chart.svg


def test_values_and_target_differ_by_more_than_colour(chart):
    assert 'stroke-dasharray="6,4"' in chart.svg  # the target: a dashed step line
    assert "83.5%" in chart.svg  # direct label on the latest value
    assert "Target 82.0%" in chart.svg  # and on the target line


def test_text_from_the_data_is_escaped():
    chart = trend_chart([("2019-07", D(1), None)], unit=Unit.NUMBER, title="<script>x</script>")
    assert "<script>" not in chart.svg
    assert chart.summary == "<script>x</script>: one value, 1 in 2019-07, with no target set."


def test_no_values_gives_a_summary_and_no_svg():
    chart = trend_chart([], unit=Unit.DAYS, title="3B1 Days lost")
    assert chart.svg == ""
    assert chart.rows == ()
    assert chart.summary == "3B1 Days lost: no values have been reported yet."


def lines(svg: str) -> list[ET.Element]:
    """The paths of the chart's line marks (not the legend's symbols)."""
    root = ET.fromstring(svg)  # noqa: S314  (our own output)
    groups = [g for g in root.iter(f"{SVG}g") if "mark-line" in g.get("class", "").split()]
    return [path for group in groups for path in group.iter(f"{SVG}path")]


def test_targets_alone_still_draw_the_target_line():
    chart = trend_chart(
        [("2019/20", None, D(5)), ("2020/21", None, D(4))], unit=Unit.DAYS, title="3B1 Days lost"
    )
    assert 'role="img"' in chart.svg
    assert chart.summary == "3B1 Days lost: no values have been reported yet."
    [target] = lines(chart.svg)  # no values line
    assert target.get("stroke-dasharray") == "6,4"
    corners = [tuple(map(float, xy)) for xy in re.findall(r"([-\d.]+),([-\d.]+)", target.get("d"))]
    assert len(corners) == 3  # a step: across at 5, then down to 4
    (x0, y0), (x1, y1), (x2, y2) = corners
    assert x0 < x1 == x2
    assert y0 == y1 < y2  # lower on the page: a smaller target
    assert "Target 4.0 days" in chart.svg  # labelled at its latest point
    one = trend_chart([("2019/20", None, D(5))], unit=Unit.DAYS, title="3B1 Days lost")
    assert "Target 5.0 days" in one.svg
