"""The public pages' chart of ratings: how many measures were on target, within tolerance,
off target or not rated, as bars with their counts written on them (never colour alone)."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt

from councilstat.core.summary import Counts
from councilstat.reports.charts.svg import accessible_svg, vega_lite_svg

__all__ = ["RatingBar", "rating_bars", "rating_svg"]

_COLOURS = {"On target": "#00703c", "Within tolerance": "#f47738", "Off target": "#d4351c"}
_NOT_RATED = "#505a5f"


@dataclass(frozen=True)
class RatingBar:
    label: str
    count: int


def rating_bars(counts: Counts) -> tuple[RatingBar, ...]:
    return (
        RatingBar("On target", counts.green),
        RatingBar("Within tolerance", counts.amber),
        RatingBar("Off target", counts.red),
        RatingBar("Not rated", counts.not_assessed),
    )


def rating_svg(bars: tuple[RatingBar, ...], *, title: str, summary: str) -> str:
    labels = [bar.label for bar in bars]
    data = alt.InlineData(values=[{"rating": b.label, "count": b.count} for b in bars])
    y = alt.Y("rating:N", sort=labels, title=None)
    x = alt.X("count:Q", title="Measures", axis=alt.Axis(tickMinStep=1))
    colour = alt.Color(
        "rating:N",
        scale=alt.Scale(domain=labels, range=[_COLOURS.get(label, _NOT_RATED) for label in labels]),
        legend=None,
    )
    base = alt.Chart(data)
    chart = (
        alt.layer(
            base.mark_bar().encode(x=x, y=y, color=colour),
            base.mark_text(align="left", dx=4, color="#0b0c0c").encode(x=x, y=y, text="count:Q"),
        )
        .properties(width=420, height=140, title=title)
        .properties(padding={"left": 20, "top": 5, "bottom": 5, "right": 30})
        .configure(font="Arial, Helvetica, sans-serif", aria=False)
        .configure_axis(labelFontSize=13, titleFontSize=13)
        .configure_title(fontSize=15, anchor="start")
    )
    return accessible_svg(vega_lite_svg(chart.to_json()), title=title, summary=summary)
