"""The demonstration plan's 69 measures: what each measures and how its figures are drawn.

This is the reconstructed Rotherham Council Plan 2019/20 described in the demo's README. Codes,
titles, outcomes and polarities follow the published plan and minutes; every figure is invented
(a handful are anchored to figures in public minutes, see the README), chosen so that 2019/20 Q1
and Q2 rate as the minutes of the Overview and Scrutiny Management Board report them.

``kinds`` holds the series kinds a measure's figures are drawn from (``generate.py`` turns them
into rows) and the measure itself; ``structure`` the plan's priorities, outcomes, directorates and
year-to-date profiles; ``priority_1`` to ``priority_5`` the measures of each priority, in order.
"""

from __future__ import annotations

from councilstat.demo.scenario import priority_1, priority_2, priority_3, priority_4, priority_5
from councilstat.demo.scenario.kinds import (
    Anchor,
    Annual,
    Fixed,
    Levels,
    MeasureSpec,
    Series,
    YearToDate,
)
from councilstat.demo.scenario.structure import (
    DIRECTORATES,
    ORGANISATION,
    OUTCOMES,
    PLAN_TITLE,
    PRIORITIES,
)

__all__ = [
    "DIRECTORATES",
    "MEASURES",
    "ORGANISATION",
    "OUTCOMES",
    "PLAN_TITLE",
    "PRIORITIES",
    "Anchor",
    "Annual",
    "Fixed",
    "Levels",
    "MeasureSpec",
    "Series",
    "YearToDate",
]

MEASURES: tuple[MeasureSpec, ...] = (
    *priority_1.MEASURES,
    *priority_2.MEASURES,
    *priority_3.MEASURES,
    *priority_4.MEASURES,
    *priority_5.MEASURES,
)
