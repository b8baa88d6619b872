"""SPC charts: an accessible SVG, a summary, a data table, shapes as well as colours, and the
same bytes every time."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

import pytest

from councilstat.core.narrative import spc_reading
from councilstat.core.plan import Precision, Unit
from councilstat.core.spc import Improvement, PointType, spc_chart
from councilstat.reports.charts.spc import legend_entries, spc_chart_spec, spc_chart_svg
from councilstat.reports.charts.spc_text import POINT_TYPE_WORDS, RULE_WORDS, TABLE_HEADER
from councilstat.reports.charts.svg import warm_up
from councilstat.reports.formatting import format_value

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """Parse our own output (trusted, so the standard library parser is fine)."""
    return ET.fromstring(svg)  # noqa: S314


MONTHS = [f"2024-{m:02d}" for m in range(1, 11)]
RISING = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]  # mean 5.5, limits 2.84 and 8.16

# Collection rates near 100%: the first group's upper limit is above 100, the second group
# starts at 2023-09 (a rebase), and 2023-13 has no value.
RATES = [95, 96, 94, 97, 95, 96, 98, 99, 99.5, 99.8, 100, 99.9, None, 97, 96, 95, 94, 93, 92, 91]
RATE_DATES = [f"2023-{i:02d}" for i in range(1, 21)]


def rising(**options):
    return spc_chart(RISING, improvement="increase", target=7, labels=MONTHS, **options)


RATES_OPTIONS = dict(improvement="increase", target=97, labels=RATE_DATES, rebase_at=["2023-09"])


TWO_PLACES = Precision(Unit.NUMBER, decimal_places=2)


def rates():
    return spc_chart(RATES, **RATES_OPTIONS)


@pytest.fixture(scope="module")
def chart():
    return spc_chart_svg(
        rising(), title="Days to process & pay <claims>", unit=TWO_PLACES, period_noun="month"
    )


@pytest.fixture(scope="module")
def rate_chart():
    return spc_chart_svg(rates(), title="Council tax collected", unit=Unit.PERCENT)


def layer(spec, mark):
    return next(part for part in spec["layer"] if part["mark"]["type"] == mark)


def contrast(colour):
    def channel(value):
        c = int(value, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_the_svg_is_one_image_labelled_by_its_title_and_summary(chart):
    root = parse(chart.svg)
    assert root.get("role") == "img"
    assert root.get("viewBox")
    assert "max-width: 100%" in root.get("style")
    assert chart.svg.count("role=") == 1  # the marks inside are not read out one by one
    assert "aria-roledescription" not in chart.svg
    title_id, desc_id = root.get("aria-labelledby").split()
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert by_id[title_id].tag == f"{SVG}title"
    assert by_id[title_id].text == "Days to process & pay <claims>"
    assert by_id[desc_id].tag == f"{SVG}desc"
    assert by_id[desc_id].text == chart.summary
    assert list(root)[:2] == [by_id[title_id], by_id[desc_id]]


def test_the_summary_gives_the_figures_then_what_the_icons_say(chart):
    assert chart.summary == (
        "The latest value is 10.00 (2024-10); the mean is 5.50, with process limits from 2.84 "
        "to 8.16, and the target is 7.00. Special cause: improving for 8 months; target met in "
        "some periods and missed in others at current performance; limits are provisional: "
        "fewer than 13 points so far."
    )
    first, *rest = spc_reading(rising(), "month")
    assert first in chart.summary
    assert all(reading[1:] in chart.summary for reading in rest)


def test_the_summary_without_limits_or_variation():
    one = spc_chart_svg(spc_chart([5.0], improvement="increase"), title="One")
    assert one.summary.startswith(
        "The latest value is 5.00; the mean is 5.00, with no process limits"
    )  # no unit: two places
    flat = spc_chart_svg(spc_chart([4, 4, 4, 4], improvement="decrease"), title="Flat")
    assert "no variation, so the process limits equal the mean" in flat.summary


def test_the_table_has_a_row_per_point_with_its_groups_limits_and_type_in_words(rate_chart):
    result = rates()
    assert rate_chart.table_header == TABLE_HEADER
    assert len(rate_chart.table) == len(result.points) == 19  # the missing month has no row
    for row, point in zip(rate_chart.table, result.points, strict=True):
        limits = result.groups[point.group].limits
        assert row[:2] == (point.date, format_value(point.value, Unit.PERCENT))
        assert row[2] == format_value(limits.mean, Unit.PERCENT)
        assert row[5] == POINT_TYPE_WORDS[point.type]
        assert row[6] == ("; ".join(RULE_WORDS[r] for r in point.rules) or "None")
    # A percentage's limit beyond 100 is shown capped, and says so.
    assert rate_chart.table[0][2:5] == ("96.3%", "91.7%", "100.0% (capped)")
    assert rate_chart.table[-1][2:5] == ("96.1%", "93.6%", "98.6%")  # the rebased group


def test_the_table_words_cover_concern_and_improvement(chart):
    assert chart.table[0] == (
        "2024-01",
        "1.00",
        "5.50",
        "2.84",
        "8.16",
        "Special cause: concern",
        "Below the lower process limit; Part of a rising trend",
    )
    assert chart.table[4][5:] == ("Special cause: improvement", "Part of a rising trend")


def test_a_value_format_is_used_for_every_figure():
    shown = spc_chart_svg(rising(), title="T", value_format=lambda v: f"{v:.3f} days")
    assert shown.table[0][1:5] == ("1.000 days", "5.500 days", "2.840 days", "8.160 days")
    assert "the target is 7.000 days" in shown.summary


def point_shapes(spec):
    encoding = layer(spec, "point")["encoding"]
    colour, shape = encoding["color"]["scale"], encoding["shape"]["scale"]
    assert colour["domain"] == shape["domain"]  # one legend, in words, for both
    return dict(zip(shape["domain"], shape["range"], strict=True))


@pytest.mark.parametrize(
    ("improvement", "improving", "concerning"),
    [("increase", "triangle-up", "triangle-down"), ("decrease", "triangle-down", "triangle-up")],
)
def test_special_cause_points_have_their_own_shapes(improvement, improving, concerning):
    result = spc_chart(RISING, improvement=improvement)
    shapes = point_shapes(spc_chart_spec(result, title="T"))
    assert shapes[POINT_TYPE_WORDS[PointType.COMMON_CAUSE]] == "circle"
    assert shapes[POINT_TYPE_WORDS[PointType.SPECIAL_CAUSE_IMPROVEMENT]] == improving
    assert shapes[POINT_TYPE_WORDS[PointType.SPECIAL_CAUSE_CONCERN]] == concerning
    point_entries = [shape for shape in shapes.values() if shape != "stroke"]
    assert len(set(point_entries)) == len(point_entries) == 3


def test_a_neutral_measure_shows_high_and_low_by_shape():
    shapes = point_shapes(spc_chart_spec(spc_chart(RISING, improvement="neutral"), title="T"))
    assert shapes == {
        "Common cause": "circle",
        "Special cause: higher than usual": "triangle-up",
        "Special cause: lower than usual": "triangle-down",
        "Mean": "stroke",
        "Process limits": "stroke",
    }


@pytest.mark.parametrize("improvement", list(Improvement))
def test_every_legend_colour_stands_out_against_white(improvement):
    entries = legend_entries(improvement, target=True)
    assert [e.label for e in entries][-3:] == ["Mean", "Process limits", "Target"]
    assert all(contrast(entry.colour) >= 3 for entry in entries)
    dashes = [entry.dash for entry in entries if entry.shape == "stroke"]
    assert len({tuple(dash) for dash in dashes}) == 3  # lines differ by dash, not colour alone


def test_the_output_is_the_same_every_time(rate_chart, in_another_process):
    again = spc_chart_svg(rates(), title="Council tax collected", unit=Unit.PERCENT)
    assert again == rate_chart
    assert spc_chart_spec(rates(), title="X") == spc_chart_spec(rates(), title="X")
    drawn_elsewhere = in_another_process(
        "import sys\n"
        "from councilstat.core.plan import Unit\n"
        "from councilstat.core.spc import spc_chart\n"
        "from councilstat.reports.charts.spc import spc_chart_svg\n"
        f"result = spc_chart({RATES!r}, **{RATES_OPTIONS!r})\n"
        "chart = spc_chart_svg(result, title='Council tax collected', unit=Unit.PERCENT)\n"
        "sys.stdout.write(chart.svg)\n"
    )
    assert drawn_elsewhere == rate_chart.svg


def test_element_ids_are_unique_to_the_chart(chart, rate_chart):
    def ids(svg):
        return set(re.findall(r'\bid="([^"]+)"', svg))

    assert ids(chart.svg).isdisjoint(ids(rate_chart.svg))
    for svg in (chart.svg, rate_chart.svg):
        for ref in re.findall(r'(?:url\(#|href="#)([^")]+)', svg):
            assert ref in ids(svg)


def limit_rows(spec):
    return [row for row in spec["datasets"]["lines"] if row["key"] == "Process limits"]


def test_percent_limits_are_clipped_for_drawing_only():
    result = rates()
    assert result.groups[0].limits.upl > 100
    drawn = limit_rows(spc_chart_spec(result, title="T", unit=Unit.PERCENT))
    assert max(row["amount"] for row in drawn) == 100
    assert all(0 <= row["amount"] <= 100 for row in drawn)
    unclipped = limit_rows(spc_chart_spec(result, title="T", unit=Unit.NUMBER))
    assert max(row["amount"] for row in unclipped) == result.groups[0].limits.upl


def test_a_lower_limit_below_zero_is_clipped_on_a_percent_chart():
    result = spc_chart([1, 9, 2, 8, 1, 9], improvement="increase")
    assert result.lpl < 0
    drawn = limit_rows(spc_chart_spec(result, title="T", unit=Unit.PERCENT))
    assert min(row["amount"] for row in drawn) == 0


def test_a_rebase_gives_each_group_its_own_line_segments():
    result = rates()
    spec = spc_chart_spec(result, title="T", unit=Unit.PERCENT)
    lines = layer(spec, "line")
    assert lines["encoding"]["detail"]["field"] == "line"  # one path per segment
    segments: dict[str, list[str]] = {}
    for row in spec["datasets"]["lines"]:
        segments.setdefault(row["line"], []).append(row["period"])
    assert set(segments) == {
        "mean-0",
        "lower-0",
        "upper-0",
        "mean-1",
        "lower-1",
        "upper-1",
        "target",
    }
    assert segments["upper-0"] == RATE_DATES[:8]
    assert segments["upper-1"] == [d for d in RATE_DATES[8:] if d != "2023-13"]
    assert segments["target"] == RATE_DATES  # the target runs across the whole chart


def test_a_missing_period_keeps_its_place_as_a_gap():
    spec = spc_chart_spec(rates(), title="T")
    assert layer(spec, "line")["encoding"]["x"]["scale"]["domain"] == RATE_DATES
    gap = [row for row in spec["datasets"]["values"] if row["period"] == "2023-13"]
    assert gap == [{"period": "2023-13", "amount": None, "key": None}]


def test_a_chart_without_a_target_has_no_target_line():
    result = spc_chart(RISING, improvement="increase")
    spec = spc_chart_spec(result, title="T")
    assert "Target" not in point_shapes(spec)
    assert "target_label" not in spec["datasets"]
    assert all(row["key"] != "Target" for row in spec["datasets"]["lines"])


def test_the_target_line_is_labelled():
    spec = spc_chart_spec(rising(), title="T")
    assert spec["datasets"]["target_label"] == [
        {"period": "2024-10", "amount": 7, "text": "Target"}
    ]


def test_a_target_that_changed_steps_at_each_point_and_labels_the_latest():
    """Given each period's target, the line follows the target in force at each point (82
    for the first five months, then 80), while the assurance still compares with the one
    target it was given."""
    targets = {month: 82.0 if n < 5 else 80.0 for n, month in enumerate(MONTHS)}
    spec = spc_chart_spec(rising(), title="T", targets=targets)
    line = [r for r in spec["datasets"]["lines"] if r["key"] == "Target"]
    assert [(r["period"], r["amount"]) for r in line] == list(targets.items())
    assert spec["datasets"]["target_label"] == [
        {"period": "2024-10", "amount": 80.0, "text": "Target"}
    ]
    # A period with no target in force leaves a gap, not a guess.
    del targets["2024-03"]
    spec = spc_chart_spec(rising(), title="T", targets=targets)
    periods = [r["period"] for r in spec["datasets"]["lines"] if r["key"] == "Target"]
    assert "2024-03" not in periods
    assert len(periods) == len(MONTHS) - 1


def test_warm_up_runs_once_and_a_warm_render_is_quick():
    warm_up()
    started = time.perf_counter()
    warm_up()
    spc_chart_svg(rates(), title="Council tax collected", unit=Unit.PERCENT)
    assert time.perf_counter() - started < 2  # generous: about 0.1 s on the project machine
