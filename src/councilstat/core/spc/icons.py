"""The two icons of an XmR chart: variation (from the latest point) and assurance (target).

``docs/statistics.md``, "Variation icon" and "Assurance icon".

>>> variation_icon(PointType.SPECIAL_CAUSE_CONCERN, Improvement.DECREASE)
<Variation.CONCERN_HIGH: 'concern_high'>
>>> assurance_icon(9, 2.84, 8.16, Improvement.DECREASE)
<Assurance.CONSISTENT_PASS: 'consistent_pass'>
"""

from __future__ import annotations

from councilstat.core.spc.vocabulary import Assurance, Improvement, PointType, Variation

__all__ = ["assurance_icon", "variation_icon"]


def variation_icon(latest: PointType, improvement: Improvement) -> Variation:
    """Map the latest point's type to the variation icon."""
    higher_is_better = improvement is Improvement.INCREASE
    icons = {
        PointType.COMMON_CAUSE: Variation.COMMON_CAUSE,
        PointType.SPECIAL_CAUSE_IMPROVEMENT: (
            Variation.IMPROVEMENT_HIGH if higher_is_better else Variation.IMPROVEMENT_LOW
        ),
        PointType.SPECIAL_CAUSE_CONCERN: (
            Variation.CONCERN_LOW if higher_is_better else Variation.CONCERN_HIGH
        ),
        PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: Variation.NEITHER_HIGH,
        PointType.SPECIAL_CAUSE_NEUTRAL_LOW: Variation.NEITHER_LOW,
    }
    return icons[latest]


def assurance_icon(
    target: float | None, lpl: float | None, upl: float | None, improvement: Improvement
) -> Assurance | None:
    """Compare a target with process limits, strictly (a target on a limit is inconsistent).

    ``None`` when there is no target, no limits, or the improvement direction is neutral.
    """
    if target is None or lpl is None or upl is None or improvement.sign == 0:
        return None
    if target > upl:
        above = True
    elif target < lpl:
        above = False
    else:
        return Assurance.INCONSISTENT
    target_beyond_good_side = above == (improvement.sign < 0)
    return Assurance.CONSISTENT_PASS if target_beyond_good_side else Assurance.CONSISTENT_FAIL
