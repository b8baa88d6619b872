"""A funnel plot as accessible SVG: each council's percentage against its denominator, with
the group's pooled centre line and the 95% and 99.8% limits.

Drawn with altair and rendered offline by ``charts.svg``, as the trend charts are
(``charts.trend``); the figures all come from ``core.funnel``. Nothing is told apart by
colour alone: the limits differ by dash, this council is a larger diamond with its name
beside it, and every council outside the limits is named on the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from councilstat.core.funnel import FunnelPosition, ProportionFunnel
from councilstat.reports.charts.svg import accessible_svg, vega_lite_svg

__all__ = ["funnel_svg"]

WIDTH = 560
HEIGHT = 300
GRID_POINTS = 60
COUNCIL_COLOUR = "#1d70b8"
SUBJECT_COLOUR = "#0b0c0c"
LIMIT_COLOUR = "#505a5f"
_LIMITS = ["99.8% limits", "95% limits", "Group average"]
_MARKS = ["This council", "Comparator"]


def _grid(low: float, high: float) -> list[int]:
    """Whole-number denominators from ``low`` to ``high`` for drawing the limits."""
    start, stop = max(1, int(low * 0.9)), int(high * 1.1) + 1
    step = max(1, (stop - start) // GRID_POINTS)
    return list(range(start, stop + 1, step))


def _limit_records(funnel: ProportionFunnel, denominators: Sequence[float]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for n in _grid(min(denominators), max(denominators)):
        limits = funnel.limits_at(n)
        for series, bound, value in (
            ("99.8% limits", "lower", limits.lower_998),
            ("99.8% limits", "upper", limits.upper_998),
            ("95% limits", "lower", limits.lower_95),
            ("95% limits", "upper", limits.upper_95),
            ("Group average", "centre", funnel.target),
        ):
            records.append(
                {"n": n, "series": series, "line": f"{series} {bound}", "percent": 100 * value}
            )
    return records


def _label(name: str, is_subject: bool, position: FunnelPosition) -> str:
    """Name this council and every council outside the limits; leave the rest unlabelled."""
    if is_subject:
        return f"{name} (this council)"
    return name if position is not FunnelPosition.WITHIN else ""


def _point_records(
    funnel: ProportionFunnel, names: Sequence[str], subject: int | None
) -> list[dict[str, Any]]:
    return [
        {
            "n": unit.denominator,
            "percent": 100 * unit.proportion,
            "mark": "This council" if index == subject else "Comparator",
            "label": _label(name, index == subject, unit.position),
        }
        for index, (name, unit) in enumerate(zip(names, funnel.units, strict=True))
    ]


def funnel_svg(
    funnel: ProportionFunnel,
    names: Sequence[str],
    *,
    subject: int | None,
    title: str,
    summary: str,
) -> str:
    """The funnel plot of ``funnel`` (units named by ``names``; ``subject`` indexes this
    council), as SVG named by ``title`` and ``summary``."""
    denominators = [unit.denominator for unit in funnel.units]
    x = alt.X("n:Q", title="Denominator (people counted)", scale=alt.Scale(zero=False))
    y = alt.Y("percent:Q", title="Per cent", scale=alt.Scale(zero=False))
    limits = (
        alt.Chart(alt.InlineData(values=_limit_records(funnel, denominators)))
        .mark_line(strokeWidth=1.5, color=LIMIT_COLOUR)
        .encode(
            x=x,
            y=y,
            detail="line:N",
            strokeDash=alt.StrokeDash(
                "series:N",
                title=None,
                scale=alt.Scale(domain=_LIMITS, range=[[2, 2], [6, 4], [1, 0]]),
                legend=alt.Legend(orient="bottom", symbolType="stroke"),
            ),
        )
    )
    base = alt.Chart(alt.InlineData(values=_point_records(funnel, names, subject)))
    shape = alt.Shape(
        "mark:N",
        title=None,
        scale=alt.Scale(domain=_MARKS, range=["diamond", "circle"]),
        legend=alt.Legend(orient="bottom"),
    )
    colour = alt.Color(
        "mark:N",
        scale=alt.Scale(domain=_MARKS, range=[SUBJECT_COLOUR, COUNCIL_COLOUR]),
        legend=None,
    )
    size = alt.Size("mark:N", scale=alt.Scale(domain=_MARKS, range=[140, 60]), legend=None)
    points = base.mark_point(filled=True, opacity=0.9).encode(
        x=x, y=y, shape=shape, color=colour, size=size
    )
    labels = (
        base.transform_filter(alt.datum.label != "")
        .mark_text(align="left", dx=8, dy=-6, fontWeight="bold", color=SUBJECT_COLOUR)
        .encode(x=x, y=y, text="label:N")
    )
    chart = (
        alt.layer(limits, points, labels)
        .properties(width=WIDTH, height=HEIGHT, title=title)
        .properties(padding={"left": 5, "top": 5, "bottom": 5, "right": 90})
        .configure(font="Arial, Helvetica, sans-serif", aria=False)
        .configure_axis(labelFontSize=12, titleFontSize=13)
        .configure_title(fontSize=15, anchor="start")
    )
    return accessible_svg(vega_lite_svg(chart.to_json()), title=title, summary=summary)
