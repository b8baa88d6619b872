"""The words of an XmR chart: improvement direction, profiles, rules, point types and icons.

The values of these enums are the names used in JSON (``councilstat spc --json`` and the API),
so they are part of the contract. A *profile* is a set of defaults (``docs/statistics.md``,
"Rule profiles"): ``ptd`` follows NHSRplotthedots 0.2.2, ``mdc`` the NHS England "Making Data
Count" Excel tool; :data:`PROFILE_SETTINGS` says what each one sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "MDC_MAX_FIX_AFTER",
    "PROFILE_SETTINGS",
    "Assurance",
    "Improvement",
    "PointType",
    "Profile",
    "ProfileSettings",
    "Rule",
    "RulePrecedence",
    "Variation",
]

MDC_MAX_FIX_AFTER = 20
"""Largest fixed baseline the MDC Excel tool allows (12 to 20 points)."""


class Improvement(StrEnum):
    """Which way is better for the measure."""

    INCREASE = "increase"
    DECREASE = "decrease"
    NEUTRAL = "neutral"

    @property
    def sign(self) -> int:
        """+1 when higher is better, -1 when lower is better, 0 when neutral."""
        return {"increase": 1, "decrease": -1, "neutral": 0}[self.value]


class Profile(StrEnum):
    """Rule profile: NHSRplotthedots (default) or the MDC Excel tool."""

    PTD = "ptd"
    MDC = "mdc"


class RulePrecedence(StrEnum):
    """How a point hitting both an improvement and a concern rule is labelled.

    ``precedence``: the first rule in the fixed order (outside limits > trend > two-in-three >
    shift) wins, whatever its direction. ``mdc_improvement_wins``: the improvement is shown.
    """

    PRECEDENCE = "precedence"
    IMPROVEMENT_WINS = "mdc_improvement_wins"


class PointType(StrEnum):
    """The colour of a point."""

    COMMON_CAUSE = "common_cause"
    SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement"
    SPECIAL_CAUSE_CONCERN = "special_cause_concern"
    SPECIAL_CAUSE_NEUTRAL_HIGH = "special_cause_neutral_high"
    SPECIAL_CAUSE_NEUTRAL_LOW = "special_cause_neutral_low"


class Variation(StrEnum):
    """The variation icon, taken from the latest point."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEITHER_HIGH = "neither_high"
    NEITHER_LOW = "neither_low"


class Assurance(StrEnum):
    """The assurance icon: can the process be relied on to meet the target?"""

    CONSISTENT_PASS = "consistent_pass"  # noqa: S105 - an icon name, not a password
    CONSISTENT_FAIL = "consistent_fail"
    INCONSISTENT = "inconsistent"


class Rule(StrEnum):
    """One special-cause rule with its direction; values are the names used in JSON.

    The members are listed in order of precedence (:data:`councilstat.core.spc.rules.PRECEDENCE`).
    """

    ABOVE_UPL = "above_upl"
    BELOW_LPL = "below_lpl"
    TREND_INCREASING = "trend_increasing"
    TREND_DECREASING = "trend_decreasing"
    TWO_IN_THREE_ABOVE = "two_in_three_above"
    TWO_IN_THREE_BELOW = "two_in_three_below"
    SHIFT_ABOVE = "shift_above"
    SHIFT_BELOW = "shift_below"


@dataclass(frozen=True)
class ProfileSettings:
    """The defaults a profile sets; each can be overridden in ``spc_chart``."""

    screen: bool
    near_includes_outside: bool
    conflict: RulePrecedence
    hide_short_icons: bool
    max_fix_after: int | None


PROFILE_SETTINGS: dict[Profile, ProfileSettings] = {
    Profile.PTD: ProfileSettings(
        screen=True,
        near_includes_outside=False,
        conflict=RulePrecedence.PRECEDENCE,
        hide_short_icons=False,
        max_fix_after=None,
    ),
    Profile.MDC: ProfileSettings(
        screen=False,
        near_includes_outside=True,
        conflict=RulePrecedence.IMPROVEMENT_WINS,
        hide_short_icons=True,
        max_fix_after=MDC_MAX_FIX_AFTER,
    ),
}
"""What each profile sets: screening, what counts as near, conflicts, short groups, baselines."""
