"""The special-cause rules of an XmR chart, their precedence, and the type of each point.

``docs/statistics.md``, "Special-cause rules" (after NHSRplotthedots 0.2.2 and the NHS England
"Making Data Count" Excel tool):

- R1 astronomical point: strictly outside a process limit;
- R2 trend: ``trend_length`` points (default 7) each above (or below) the one before; a point
  equal to the one before (a tie) takes the previous step's direction;
- R3 two-in-three: in a window of three points all on one side of the mean, at least two are
  "near" (beyond two sigma); only the near points are flagged;
- R4 shift: ``run_length`` points (default 7) on the same side of the mean; a point exactly on
  the mean breaks the run.

Every rule a point hits is kept (in precedence order) so that either rule precedence
("Precedence") can be applied and explained; :func:`point_type` colours a point from its
winning rule ("Point types"). The rule functions work on one group (one rebase period);
:func:`councilstat.core.spc.spc_chart` never lets a rule run across a rebase boundary.

>>> trend_ends([1, 2, 3, 4, 5, 6, 7])
[0, 0, 0, 0, 0, 0, 1]
>>> winning_rule([Rule.SHIFT_ABOVE, Rule.TREND_DECREASING], improvement_sign=1)
<Rule.TREND_DECREASING: 'trend_decreasing'>
>>> winning_rule(
...     [Rule.SHIFT_ABOVE, Rule.TREND_DECREASING], improvement_sign=1, improvement_wins=True
... )
<Rule.SHIFT_ABOVE: 'shift_above'>
"""

from __future__ import annotations

from collections.abc import Sequence

from councilstat.core.spc.vocabulary import Improvement, PointType, Rule

__all__ = [
    "DEFAULT_RUN_LENGTH",
    "DEFAULT_TREND_LENGTH",
    "MIN_RULE_LENGTH",
    "PRECEDENCE",
    "expand_windows",
    "part_of_two_in_three",
    "point_type",
    "rule_direction",
    "rule_hits",
    "shift_ends",
    "sign",
    "step_directions",
    "trend_directions",
    "trend_ends",
    "two_in_three_windows",
    "winning_rule",
]

DEFAULT_TREND_LENGTH = 7
"""Points in a trend (R2): six strict rises or falls in a row (PTD and MDC default)."""

DEFAULT_RUN_LENGTH = 7
"""Points in a shift (R4): seven consecutive points on one side of the mean."""

MIN_RULE_LENGTH = 3
"""Shortest trend or run length accepted; shorter patterns are not a signal of anything."""

TWO_IN_THREE_WINDOW = 3
"""Window length of the two-in-three rule (R3)."""

TWO_IN_THREE_MIN_NEAR = 2
"""Near points needed in a window for R3 to fire."""

PRECEDENCE: tuple[Rule, ...] = tuple(Rule)
"""PTD order of precedence: outside limits > trend > two-in-three > shift.

``docs/statistics.md``, "Precedence".
"""

_HIGH_RULES = frozenset(
    {Rule.ABOVE_UPL, Rule.TREND_INCREASING, Rule.TWO_IN_THREE_ABOVE, Rule.SHIFT_ABOVE}
)


def sign(x: float) -> int:
    """Return +1, -1 or 0 for the sign of ``x`` (0 for exactly zero)."""
    return (x > 0) - (x < 0)


def rule_direction(rule: Rule) -> int:
    """Return +1 for an above/increasing rule and -1 for a below/decreasing one."""
    return 1 if rule in _HIGH_RULES else -1


def step_directions(values: Sequence[float]) -> list[int]:
    """The direction of each point from the one before: +1 up, -1 down.

    A tie (a point equal to the one before) takes the previous step's direction; the first
    point, and a tie before any rise or fall, have none (0).
    """
    directions = [0] * len(values)
    for i in range(1, len(values)):
        directions[i] = sign(values[i] - values[i - 1]) or directions[i - 1]
    return directions


def trend_ends(values: Sequence[float], length: int = DEFAULT_TREND_LENGTH) -> list[int]:
    """Mark the last point of each ``length``-point monotone window.

    The result is +1 where every step of the window ending at that point rises, -1 where
    every step falls, else 0; a tie takes the previous step's direction
    (:func:`step_directions`), so it neither breaks a trend nor starts one. Series shorter
    than ``length`` give all zeros.
    """
    ends = [0] * len(values)
    rises = falls = 0
    for i, direction in enumerate(step_directions(values)):
        rises = rises + 1 if direction > 0 else 0
        falls = falls + 1 if direction < 0 else 0
        if rises >= length - 1:
            ends[i] = 1
        elif falls >= length - 1:
            ends[i] = -1
    return ends


def shift_ends(sides: Sequence[int], length: int = DEFAULT_RUN_LENGTH) -> list[int]:
    """Mark each point that closes ``length`` consecutive points on one side of the mean.

    ``sides`` holds +1, -1 or 0 per point; a 0 (a point on the mean) breaks the run. The
    result is 1 at such points, else 0 (as the PTD detector: direction comes from the side).
    """
    ends = [0] * len(sides)
    run = 0
    for i, side in enumerate(sides):
        run = run + 1 if side != 0 and i > 0 and side == sides[i - 1] else int(side != 0)
        if run >= length:
            ends[i] = 1
    return ends


def expand_windows(ends: Sequence[int], length: int) -> list[bool]:
    """Flag every point of each window of ``length`` points that ends at a non-zero ``ends``."""
    flagged = [False] * len(ends)
    for i, end in enumerate(ends):
        if end:
            for j in range(max(0, i - length + 1), i + 1):
                flagged[j] = True
    return flagged


def trend_directions(values: Sequence[float], in_trend: Sequence[bool]) -> list[int]:
    """Give each trend point its direction (+1 rising, -1 falling, 0 when not in a trend).

    Steps are those of :func:`step_directions` (a tie takes the previous step's direction).
    A trend point takes the direction of the step to the next point when that point is also
    in a trend, otherwise that of the step from the previous point. Where a rising and a
    falling trend share a peak, the peak follows the trend on its right.
    """
    steps = step_directions(values)
    directions = [0] * len(values)
    for i, flagged in enumerate(in_trend):
        if not flagged:
            continue
        ahead = steps[i + 1] if i + 1 < len(values) else 0
        directions[i] = ahead if ahead and in_trend[i + 1] else steps[i]
    return directions


def two_in_three_windows(near: Sequence[bool], sides: Sequence[int]) -> list[bool]:
    """Flag all three points of every window with two or more near points on one side.

    A window qualifies when at least two of its points are near and the sum of the three
    sides is +3 or -3, so a point on the other side of the mean, or on it, breaks it.
    """
    hits = [False] * len(near)
    for start in range(len(near) - TWO_IN_THREE_WINDOW + 1):
        window = range(start, start + TWO_IN_THREE_WINDOW)
        near_count = sum(1 for j in window if near[j])
        same_side = abs(sum(sides[j] for j in window)) == TWO_IN_THREE_WINDOW
        if near_count >= TWO_IN_THREE_MIN_NEAR and same_side:
            for j in window:
                hits[j] = True
    return hits


def part_of_two_in_three(window_hits: Sequence[bool], near: Sequence[bool]) -> list[bool]:
    """Keep only the near points of qualifying two-in-three windows."""
    return [hit and is_near for hit, is_near in zip(window_hits, near, strict=True)]


def rule_hits(
    values: Sequence[float],
    sides: Sequence[int],
    outside: Sequence[bool],
    near: Sequence[bool],
    *,
    trend_length: int = DEFAULT_TREND_LENGTH,
    run_length: int = DEFAULT_RUN_LENGTH,
) -> list[tuple[Rule, ...]]:
    """Return, per point of one group, every rule it hits, in precedence order."""
    in_trend = expand_windows(trend_ends(values, trend_length), trend_length)
    directions = trend_directions(values, in_trend)
    in_two_of_three = part_of_two_in_three(two_in_three_windows(near, sides), near)
    in_shift = expand_windows(shift_ends(sides, run_length), run_length)
    hits: list[tuple[Rule, ...]] = []
    for i, side in enumerate(sides):
        point: list[Rule] = []
        if outside[i]:
            point.append(Rule.ABOVE_UPL if side > 0 else Rule.BELOW_LPL)
        if in_trend[i] and directions[i]:
            point.append(Rule.TREND_INCREASING if directions[i] > 0 else Rule.TREND_DECREASING)
        if in_two_of_three[i]:
            point.append(Rule.TWO_IN_THREE_ABOVE if side > 0 else Rule.TWO_IN_THREE_BELOW)
        if in_shift[i]:
            point.append(Rule.SHIFT_ABOVE if side > 0 else Rule.SHIFT_BELOW)
        hits.append(tuple(point))
    return hits


def winning_rule(
    hits: Sequence[Rule], improvement_sign: int, *, improvement_wins: bool = False
) -> Rule | None:
    """Choose the rule that labels a point, or ``None`` for common cause.

    By default the first rule in :data:`PRECEDENCE` wins (PTD). With ``improvement_wins``
    (MDC Excel tool) the first rule whose direction is an improvement wins when there is one;
    that option has no effect when the improvement direction is neutral (``improvement_sign``
    of 0).
    """
    ordered = sorted(hits, key=PRECEDENCE.index)
    if not ordered:
        return None
    if improvement_wins and improvement_sign:
        for rule in ordered:
            if rule_direction(rule) * improvement_sign > 0:
                return rule
    return ordered[0]


def point_type(rule: Rule | None, improvement: Improvement) -> PointType:
    """Colour a point from its winning rule and the improvement direction ("Point types")."""
    if rule is None:
        return PointType.COMMON_CAUSE
    direction = rule_direction(rule)
    if improvement.sign == 0:
        return (
            PointType.SPECIAL_CAUSE_NEUTRAL_HIGH
            if direction > 0
            else PointType.SPECIAL_CAUSE_NEUTRAL_LOW
        )
    if direction * improvement.sign > 0:
        return PointType.SPECIAL_CAUSE_IMPROVEMENT
    return PointType.SPECIAL_CAUSE_CONCERN
