"""The trend chart: accessible SVG, a text summary, a data table, and the same output every time."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from councilstat.core.plan import Unit
from councilstat.reports.charts import ChartRow, TrendPoint, accessible_svg, trend_chart

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


def test_the_svg_is_one_image_labelled_by_the_summary(chart):
    root = root_tag(chart.svg)
    assert 'role="img"' in root
    assert f'aria-label="{chart.summary}"' in root
    assert chart.svg.count("role=") == 1  # the parts are not read out one by one
    assert "aria-roledescription" not in chart.svg
    assert chart.svg[len(root) :].startswith(f"<title>{chart.summary}</title>")


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


def test_the_output_is_deterministic(chart):
    again = trend_chart(
        [TrendPoint(*p) for p in POINTS], unit=Unit.PERCENT, title="1A1 Families engaged"
    )
    assert again == chart


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


def test_targets_alone_still_draw_the_target_line():
    chart = trend_chart([("2019/20", None, D(5))], unit=Unit.DAYS, title="3B1 Days lost")
    assert 'role="img"' in chart.svg
    assert chart.summary == "3B1 Days lost: no values have been reported yet."


def test_accessible_svg_replaces_existing_roles_and_needs_an_svg():
    marked = accessible_svg(
        '<svg role="graphics-document" aria-label="x" width="1"></svg>', 'a "b"'
    )
    assert marked.startswith('<svg width="1" role="img" aria-label="a &quot;b&quot;"')
    with pytest.raises(ValueError, match="not an SVG"):
        accessible_svg("<p>no</p>", "label")
