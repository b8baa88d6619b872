"""accessible_svg: one image named by its title and summary, with ids of its own."""

from __future__ import annotations

import re

import pytest

from councilstat.reports.charts.svg import accessible_svg, stable_ids


def test_accessible_svg_replaces_existing_roles_and_needs_an_svg():
    marked = accessible_svg(
        '<svg role="graphics-document" aria-label="x" width="1"><g role="graphics-symbol"/></svg>',
        title='a "b"',
        summary="<c> & d",
    )
    chart_id = re.search(r'aria-labelledby="(chart-[0-9a-f]{12})-title', marked).group(1)
    assert marked == (
        f'<svg width="1" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'focusable="false" style="max-width: 100%; height: auto">'
        f'<title id="{chart_id}-title">a "b"</title>'
        f'<desc id="{chart_id}-desc">&lt;c&gt; &amp; d</desc><g/></svg>'
    )
    with pytest.raises(ValueError, match="not an SVG"):
        accessible_svg("<p>no</p>", title="label", summary="")


def test_ids_are_renamed_from_the_content_and_references_follow():
    svg = '<svg><clipPath id="clip7"/><g clip-path="url(#clip7)"/><use href="#clip7"/></svg>'
    renamed, chart_id = stable_ids(svg, "salt", prefix="spc")
    assert chart_id.startswith("spc-")
    assert renamed == (
        f'<svg><clipPath id="{chart_id}-0"/><g clip-path="url(#{chart_id}-0)"/>'
        f'<use href="#{chart_id}-0"/></svg>'
    )
    other_counter = svg.replace("clip7", "clip12")
    assert stable_ids(other_counter, "salt", prefix="spc") == (renamed, chart_id)
    assert stable_ids(svg, "another chart", prefix="spc")[1] != chart_id
