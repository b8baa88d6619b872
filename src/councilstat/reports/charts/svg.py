"""Accessible SVG: the one place that renders Vega-Lite (with vl-convert, offline).

Every chart, on the web pages and in the PDF, Word and Excel reports (whose PNG pictures are
these SVGs rasterised), is drawn by :func:`vega_lite_svg` and marked up by
:func:`accessible_svg`: one image (``role="img"``) named by a ``<title>`` and a ``<desc>``,
with no roles inside, that shrinks to fit narrow screens. Element ids are derived from the
chart's content (:func:`stable_ids`), so the same chart gives the same bytes in every process
and two charts on one page never share an id.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Sequence
from typing import Any

import vl_convert

__all__ = ["accessible_svg", "axis_labels", "stable_ids", "vega_lite_svg", "warm_up"]

_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
_IDS = re.compile(r'\bid="([^"]+)"')
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")


def vega_lite_svg(spec: dict[str, Any] | str) -> str:
    """Render a Vega-Lite specification (a dict or its JSON) to SVG."""
    svg: str = vl_convert.vegalite_to_svg(spec)
    return svg


MIN_LABEL_GAP = 12
"""Pixels: labels closer than this along an axis always overlap (a 12-pixel label turned 45
degrees is wider than that)."""


def axis_labels(labels: Sequence[str], width: float) -> list[str]:
    """The labels an ordinal axis of ``width`` pixels should lay out: every one, or every
    second, fourth, eighth... when they are too close to ever fit.

    Vega hides overlapping labels by halving them (keep the first, every second...) until
    none overlap, but measures every label first: a chart of ten years of months spends most
    of its time there. Halving beforehand, only as far as the labels certainly overlap, gives
    the same labels for a fraction of the work."""
    step, gaps = 1, max(len(labels) - 1, 1)
    while width * step / gaps < MIN_LABEL_GAP and step < len(labels):
        step *= 2
    return list(labels[::step])


@functools.cache
def warm_up() -> None:
    """Start vl-convert's JavaScript engine, whose first render costs most of a second.

    Runs once per process (later calls return at once); call it at a web worker's start-up to
    take the cost off the first page view. Importing this module does not call it.
    """
    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}})


def stable_ids(svg: str, salt: str, *, prefix: str = "chart") -> tuple[str, str]:
    """Rename every element id (Vega numbers clip paths with a per-process counter) to one
    derived from the chart's content, so renders are identical and ids unique on a page.
    Returns the SVG and the chart's id prefix (``chart-`` and twelve hex digits)."""
    for number, name in enumerate(dict.fromkeys(_IDS.findall(svg))):
        # A placeholder between two NUL characters, which no SVG holds (real NULs: "\x00" is
        # not an escape a replacement template knows).
        placeholder = f"\x00{number}\x00"
        svg = re.sub(
            rf'(id="|url\(#|href="#){re.escape(name)}(?=[")])', r"\g<1>" + placeholder, svg
        )
    chart_id = f"{prefix}-" + hashlib.sha256((salt + svg).encode()).hexdigest()[:12]
    return _PLACEHOLDER.sub(rf"{chart_id}-\1", svg), chart_id


def accessible_svg(svg: str, *, title: str, summary: str, id_prefix: str = "chart") -> str:
    """Make ``svg`` one image (``role="img"``) named by a ``<title>`` and ``<desc>`` it gains
    (``aria-labelledby`` both), with no roles inside, shrinking to fit narrow screens (the
    viewBox is kept).

    The renderer's own roles and labels on the parts are removed: an image's parts are not
    read out one by one, and unlabelled ones would fail an accessibility check. Ids start
    with ``id_prefix`` (see :func:`stable_ids`).
    """
    svg = _ARIA.sub("", svg)
    svg, chart_id = stable_ids(svg, title + "\x00" + summary, prefix=id_prefix)
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise ValueError("not an SVG document")
    attributes = re.sub(r'\s(?:style|focusable)="[^"]*"', "", match.group(1))
    opening = (
        f'<svg{attributes} role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'focusable="false" style="max-width: 100%; height: auto">'
        f'<title id="{chart_id}-title">{html.escape(title, quote=False)}</title>'
        f'<desc id="{chart_id}-desc">{html.escape(summary, quote=False)}</desc>'
    )
    return svg[: match.start()] + opening + svg[match.end() :]
