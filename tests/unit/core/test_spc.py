"""Tests for the XmR / SPC core against ``docs/statistics.md`` and its worked numbers (S1-S5).

Expected figures are published ones (NHSRplotthedots' tests and vignettes, nhspy-plotthedots'
tests) or are worked by hand from the specification, in the test or in "Worked numbers";
never copied from the implementation's output.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from councilstat.core.errors import StatisticsError
from councilstat.core.spc import (
    Assurance,
    Improvement,
    PointType,
    Profile,
    Rule,
    RulePrecedence,
    SpcResult,
    Variation,
    assurance_icon,
    point_type,
    spc_chart,
    variation_icon,
    xmr_limits,
)
from councilstat.core.spc.rules import (
    expand_windows,
    part_of_two_in_three,
    rule_hits,
    shift_ends,
    trend_ends,
    two_in_three_windows,
    winning_rule,
)

INCREASE = Improvement.INCREASE
DECREASE = Improvement.DECREASE
NEUTRAL = Improvement.NEUTRAL
COMMON = PointType.COMMON_CAUSE
IMPROVEMENT = PointType.SPECIAL_CAUSE_IMPROVEMENT
CONCERN = PointType.SPECIAL_CAUSE_CONCERN

S1 = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
S2 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621,
    -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272,
    -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip
S2_DATES = [f"2020-01-{day:02d}" for day in range(2, 22)]
S2_OUTLIER = S2[:14] + [10.0] + S2[15:]
S3 = [1, -1] * 7 + [5.5, -5.5]
S5 = list(range(1, 11))
BASELINE_12 = [1.0, 0.0] * 6  # mean 0.5, AMR 1: limits -2.16/3.16, near -1.2733/2.2733;
# it ends below the mean, so a run after it starts at point 13


def types(result: SpcResult) -> list[PointType]:
    return [point.type for point in result.points]


def winners(result: SpcResult) -> list[Rule | None]:
    return [point.rule for point in result.points]


# --- S1: outlier screening on and off ------------------------------------------------------


class TestS1Screening:
    def test_screening_on_matches_published_and_computed_limits(self):
        result = spc_chart(S1, improvement=INCREASE)
        assert (round(result.mean, 2), round(result.lpl, 2), round(result.upl, 2)) == (
            1.94,
            -0.72,
            4.6,
        )
        assert result.mean == pytest.approx(1.9444444, abs=5e-8)
        assert result.lpl == pytest.approx(-0.7155556, abs=5e-8)
        assert result.upl == pytest.approx(4.6044444, abs=5e-8)
        assert result.groups[0].limits.amr == pytest.approx(1.0)
        assert result.groups[0].limits.screened_out == 2

    def test_screening_off_matches_published_and_computed_limits(self):
        result = spc_chart(S1, improvement=INCREASE, screen=False)
        assert (round(result.lpl, 2), round(result.upl, 2)) == (-3.06, 6.95)
        assert result.lpl == pytest.approx(-3.0626144, abs=5e-8)
        assert result.upl == pytest.approx(6.9515033, abs=5e-8)
        assert result.groups[0].limits.amr == pytest.approx(32 / 17)
        assert result.groups[0].limits.screened_out == 0

    def test_mdc_profile_does_not_screen(self):
        result = spc_chart(S1, improvement=INCREASE, profile=Profile.MDC)
        assert result.upl == pytest.approx(6.9515033, abs=5e-8)

    @pytest.mark.parametrize("screen", [True, False])
    def test_only_point_5_is_special_cause_improvement(self, screen):
        result = spc_chart(S1, improvement=INCREASE, screen=screen)
        expected = [COMMON] * 18
        expected[4] = IMPROVEMENT
        assert types(result) == expected
        assert result.points[4].rules == (Rule.ABOVE_UPL,)
        assert result.variation is Variation.COMMON_CAUSE
        assert result.assurance is None


# --- The mean of the baseline: exactly rounded, and a point on it is on neither side ----------

ON_THE_MEAN = [26.7] * 7 + [27.5, 25.9, 29.7, 23.7, 28.2, 25.2]
"""Seven points of 26.7, then pairs summing exactly to 2 × 26.7: the exact mean is 26.7, but
``math.fsum(values) / 13`` is 26.699999999999996, which puts the seven points (and 27.5) above
the mean: a shift of eight. (They open the series, so their ties have no direction and make no
trend.)"""


class TestExactMean:
    def test_the_mean_is_exactly_rounded(self):
        assert math.fsum(ON_THE_MEAN) / len(ON_THE_MEAN) != 23.2  # the trap this case sets
        assert sum(map(Fraction, ON_THE_MEAN)) / len(ON_THE_MEAN) == Fraction(26.7)
        assert spc_chart(ON_THE_MEAN, improvement=INCREASE).mean == 26.7

    def test_points_on_the_mean_break_the_run_and_invent_no_shift(self):
        result = spc_chart(ON_THE_MEAN, improvement=INCREASE)
        assert all(point.rules == () for point in result.points)
        assert result.variation is Variation.COMMON_CAUSE

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.integers(-(10**6), 10**6), min_size=2, max_size=40), st.booleans())
    def test_property_mean_is_the_exactly_rounded_mean(self, hundredths, screen):
        values = [h / 100 for h in hundredths]
        result = spc_chart(values, improvement=INCREASE, screen=screen)
        assert result.mean == float(sum(map(Fraction, values)) / len(values))

    @settings(max_examples=200, deadline=None)
    @given(
        st.integers(-(10**4), 10**4),
        st.lists(st.integers(0, 10**4), min_size=1, max_size=8),
        st.integers(7, 12),
    )
    def test_property_a_run_on_the_mean_is_never_a_shift(self, centre, spreads, run):
        """Pairs ``m ± d`` (exact in hundredths) around a run of points equal to ``m``."""
        m = centre / 100
        pairs = [(m + d / 100, m - d / 100) for d in spreads]
        assume(all(Fraction(a) + Fraction(b) == 2 * Fraction(m) for a, b in pairs))
        values = [a for a, _ in pairs] + [m] * run + [b for _, b in pairs]
        result = spc_chart(values, improvement=INCREASE)
        assert result.mean == m
        on_mean = [point for point in result.points if point.value == m]
        assert all(
            Rule.SHIFT_ABOVE not in p.rules and Rule.SHIFT_BELOW not in p.rules for p in on_mean
        )


class TestScreeningKeepsVariation:
    STEP = [1.0] * 10 + [2.0] * 6
    """Fourteen moving ranges of 0 and one of 1: AMR 1/15, and 1 is above 3.267/15 = 0.2178."""

    def test_screening_never_takes_a_varying_series_to_no_variation(self):
        limits = xmr_limits(self.STEP)
        assert limits.amr == pytest.approx(1 / 15)
        assert (limits.screened_out, limits.no_variation) == (0, False)
        assert limits.mean == 1.375
        assert limits.lpl == pytest.approx(1.375 - 2.66 / 15)
        assert limits.upl == pytest.approx(1.375 + 2.66 / 15)

    def test_the_step_change_is_detected(self):
        result = spc_chart(self.STEP, improvement=INCREASE)
        assert not result.no_variation
        assert not any("no variation" in note for note in result.warnings)
        assert winners(result) == [Rule.BELOW_LPL] * 10 + [Rule.ABOVE_UPL] * 6
        assert result.variation is Variation.IMPROVEMENT_HIGH

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.integers(-3, 3).map(float), min_size=2, max_size=40))
    def test_property_a_series_that_varies_keeps_a_positive_amr(self, values):
        limits = xmr_limits(values, screen=True)
        varies = any(a != b for a, b in zip(values, values[1:], strict=False))
        assert limits.no_variation is not varies
        assert (limits.amr > 0) is varies


# --- S2: random-normal series from the package tests ---------------------------------------


class TestS2RandomNormal:
    def test_row1_limits_to_seven_significant_figures(self):
        result = spc_chart(S2, improvement=INCREASE)
        assert result.mean == pytest.approx(0.1416238, abs=5e-8)
        assert result.lpl == pytest.approx(-3.01138, abs=5e-6)
        assert result.upl == pytest.approx(3.294627, abs=5e-7)
        assert result.groups[0].limits.amr == pytest.approx(1.1853396, abs=5e-8)
        assert result.groups[0].limits.screened_out == 0

    def test_row1_has_no_special_cause_and_target_gives_inconsistent(self):
        result = spc_chart(S2, improvement=INCREASE, target=0.5)
        assert types(result) == [COMMON] * 20
        assert result.variation is Variation.COMMON_CAUSE
        assert result.assurance is Assurance.INCONSISTENT

    @pytest.mark.parametrize(
        ("screen", "lpl", "upl", "amr"),
        [(True, -2.383666, 3.722497, 1.1477750), (False, -4.596625, 5.935457, 1.9797147)],
    )
    def test_rows_2_and_3_point_15_set_to_10(self, screen, lpl, upl, amr):
        result = spc_chart(S2_OUTLIER, improvement=INCREASE, screen=screen)
        assert result.mean == pytest.approx(0.6694159, abs=5e-8)
        assert result.lpl == pytest.approx(lpl, abs=5e-7)
        assert result.upl == pytest.approx(upl, abs=5e-7)
        assert result.groups[0].limits.amr == pytest.approx(amr, abs=5e-8)
        expected = [COMMON] * 20
        expected[14] = IMPROVEMENT
        assert types(result) == expected
        assert result.variation is Variation.COMMON_CAUSE

    def test_published_side_of_mean_sequence_for_row_2(self):
        result = spc_chart(S2_OUTLIER, improvement=INCREASE)
        sides = [1 if value > result.mean else -1 for value in S2_OUTLIER[:14]]
        assert sides == [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1]

    @pytest.mark.parametrize(
        ("part", "mean", "lpl", "upl"),
        [(slice(0, 10), 0.0746, -2.60, 2.75), (slice(10, 20), 0.209, -3.28, 3.70)],
    )
    def test_facets_to_three_significant_figures(self, part, mean, lpl, upl):
        result = spc_chart(S2[part], improvement=INCREASE)
        assert result.mean == pytest.approx(mean, abs=5e-5 if abs(mean) < 0.1 else 5e-4)
        assert result.lpl == pytest.approx(lpl, abs=5e-3)
        assert result.upl == pytest.approx(upl, abs=5e-3)
        assert result.trial_limits

    @pytest.mark.parametrize("marker", [10, "2020-01-12"])
    def test_rebase_reproduces_the_facets(self, marker):
        result = spc_chart(S2, improvement=INCREASE, labels=S2_DATES, rebase_at=[marker])
        first, second = result.groups
        assert (first.first_index, first.last_index, second.first_index) == (0, 9, 10)
        assert first.limits.lpl == pytest.approx(-2.6005854, abs=5e-8)
        assert first.limits.upl == pytest.approx(2.7498367, abs=5e-8)
        assert second.limits.lpl == pytest.approx(-3.2790054, abs=5e-8)
        assert second.limits.upl == pytest.approx(3.6962494, abs=5e-8)
        assert (result.lpl, result.upl) == (second.limits.lpl, second.limits.upl)
        assert [point.group for point in result.points] == [0] * 10 + [1] * 10
        assert result.points[10].date == "2020-01-12"


# --- S3: near points on opposite sides are not two-in-three ---------------------------------


def test_s3_two_near_points_on_opposite_sides_are_common_cause():
    result = spc_chart(S3, improvement=INCREASE)
    limits = result.groups[0].limits
    assert limits.mean == pytest.approx(0.0, abs=1e-12)
    assert limits.amr == pytest.approx(32.5 / 14)
    assert limits.screened_out == 1
    assert result.upl == pytest.approx(6.175)
    assert limits.near_upper == pytest.approx(4.1166667, abs=5e-8)
    assert types(result)[-2:] == [COMMON, COMMON]
    assert types(result) == [COMMON] * 16
    assert result.variation is Variation.COMMON_CAUSE


# --- S4: rule-level unit tests ---------------------------------------------------------------


class TestS4Detectors:
    @pytest.mark.parametrize(
        ("values", "expected"),
        [
            ([], []),
            ([1, 2, 3, 4, 5, 6], [0] * 6),
            ([1, 2, 3, 4, 5, 6, 7], [0, 0, 0, 0, 0, 0, 1]),
            ([1, 2, 3, 3, 4, 5, 6], [0, 0, 0, 0, 0, 0, 1]),  # the tie takes the rise before it
            ([3, 3, 4, 5, 6, 7, 8], [0] * 7),  # a tie before any step has no direction
            ([5, 4, 4, 3, 2, 1, 0], [0, 0, 0, 0, 0, 0, -1]),
            ([1, 2, 3, 3, 2, 1, 0], [0] * 7),  # the tie rises; three falls follow
            ([2, 1, 2, 3, 4, 5, 6, 7, 3], [0, 0, 0, 0, 0, 0, 0, 1, 0]),
            ([7, 6, 5, 4, 3, 2, 1], [0, 0, 0, 0, 0, 0, -1]),
            ([2, 7, 6, 5, 4, 3, 2, 1, 3], [0, 0, 0, 0, 0, 0, 0, -1, 0]),
        ],
    )
    def test_trend_detector(self, values, expected):
        assert trend_ends(values) == expected

    @pytest.mark.parametrize(
        ("ends", "expected"),
        [
            ([0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 1, 1, 1, 1, 0]),
            ([0, 0, 0, 0, 0, 0, 0, 1, 0], [0, 1, 1, 1, 1, 1, 1, 1, 0]),
            ([0, 0, 0, 0, 0, 0, -1, 0], [1, 1, 1, 1, 1, 1, 1, 0]),
            ([0] * 6, [0] * 6),
        ],
    )
    def test_part_of_trend_expansion(self, ends, expected):
        assert expand_windows(ends, 7) == [bool(flag) for flag in expected]

    @pytest.mark.parametrize(
        ("sides", "expected"),
        [
            ([1] * 6, [0] * 6),
            ([1] * 6 + [-1], [0] * 7),
            ([1] * 8 + [-1], [0, 0, 0, 0, 0, 0, 1, 1, 0]),
            ([-1] * 8 + [1], [0, 0, 0, 0, 0, 0, 1, 1, 0]),
            ([-1] + [1] * 8 + [-1], [0, 0, 0, 0, 0, 0, 0, 1, 1, 0]),
            ([1, 1, 1, 0, 1, 1, 1, 1], [0] * 8),
        ],
    )
    def test_shift_detector(self, sides, expected):
        assert shift_ends(sides) == expected

    def test_shift_of_eight_flags_all_eight(self):
        assert expand_windows(shift_ends([1] * 8 + [-1]), 7) == [True] * 8 + [False]

    @pytest.mark.parametrize(
        ("near", "sides", "windows", "flagged"),
        [
            ([1, 0, 1], [1, 1, 1], [1, 1, 1], [1, 0, 1]),
            ([0, 1, 1], [1, 1, 1], [1, 1, 1], [0, 1, 1]),
            ([1, 1, 0], [1, 1, 1], [1, 1, 1], [1, 1, 0]),
            ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [0, 0, 1, 1, 1, 0, 0], [0, 0, 1, 0, 1, 0, 0]),
            ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [0, 1, 1, 1, 1, 0, 0], [0, 0, 1, 1, 0, 0, 0]),
            ([1, 0, 0, 1], [1] * 4, [0, 0, 0, 0], [0, 0, 0, 0]),
            ([1, 0, 0, 1, 1], [1] * 5, [0, 0, 1, 1, 1], [0, 0, 0, 1, 1]),
            ([1, 0, 1], [1, -1, 1], [0, 0, 0], [0, 0, 0]),
            ([0, 1, 1], [1, -1, 1], [0, 0, 0], [0, 0, 0]),
            ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], [0] * 7, [0] * 7),
            ([1, 1, 1], [1, 0, 1], [0, 0, 0], [0, 0, 0]),
        ],
    )
    def test_two_in_three(self, near, sides, windows, flagged):
        near_flags = [bool(flag) for flag in near]
        hits = two_in_three_windows(near_flags, sides)
        assert hits == [bool(flag) for flag in windows]
        assert part_of_two_in_three(hits, near_flags) == [bool(flag) for flag in flagged]

    def test_published_precedence_mix(self):
        hits = [
            (Rule.TREND_INCREASING,),
            (Rule.TREND_INCREASING,),
            (Rule.SHIFT_ABOVE,),
            (Rule.SHIFT_ABOVE,),
            (Rule.TWO_IN_THREE_BELOW,),
            (Rule.BELOW_LPL,),
            (Rule.BELOW_LPL,),
            (),
        ]
        labels = [winning_rule(point, 1) for point in hits]
        assert labels == [
            Rule.TREND_INCREASING,
            Rule.TREND_INCREASING,
            Rule.SHIFT_ABOVE,
            Rule.SHIFT_ABOVE,
            Rule.TWO_IN_THREE_BELOW,
            Rule.BELOW_LPL,
            Rule.BELOW_LPL,
            None,
        ]

    def test_s4_full_series(self):
        result = spc_chart([2, 1, 2, 3, 4, 5, 6, 7, 3], improvement=INCREASE)
        assert result.mean == pytest.approx(3.6666667, abs=5e-8)
        assert result.groups[0].limits.amr == pytest.approx(1.375)
        assert result.lpl == pytest.approx(0.0091667, abs=5e-8)
        assert result.upl == pytest.approx(7.3241667, abs=5e-8)
        assert winners(result) == [None] + [Rule.TREND_INCREASING] * 7 + [None]
        assert types(result) == [COMMON] + [IMPROVEMENT] * 7 + [COMMON]
        assert result.variation is Variation.COMMON_CAUSE


# --- Precedence with overlapping rules -------------------------------------------------------


class TestPrecedence:
    @pytest.mark.parametrize(
        ("hits", "expected"),
        [
            (
                (Rule.SHIFT_BELOW, Rule.TWO_IN_THREE_BELOW, Rule.TREND_INCREASING, Rule.BELOW_LPL),
                Rule.BELOW_LPL,
            ),
            (
                (Rule.SHIFT_ABOVE, Rule.TWO_IN_THREE_ABOVE, Rule.TREND_DECREASING),
                Rule.TREND_DECREASING,
            ),
            ((Rule.SHIFT_ABOVE, Rule.TWO_IN_THREE_ABOVE), Rule.TWO_IN_THREE_ABOVE),
            ((Rule.SHIFT_BELOW,), Rule.SHIFT_BELOW),
        ],
    )
    def test_ptd_order_whatever_the_input_order(self, hits, expected):
        assert winning_rule(hits, 1) is expected
        assert winning_rule(tuple(reversed(hits)), -1) is expected

    def test_improvement_wins_picks_the_first_improving_rule(self):
        hits = (Rule.BELOW_LPL, Rule.TREND_INCREASING, Rule.SHIFT_ABOVE)
        assert winning_rule(hits, 1, improvement_wins=True) is Rule.TREND_INCREASING
        assert winning_rule(hits, -1, improvement_wins=True) is Rule.BELOW_LPL
        assert winning_rule((Rule.SHIFT_BELOW,), 1, improvement_wins=True) is Rule.SHIFT_BELOW

    def test_improvement_wins_has_no_effect_when_neutral(self):
        hits = (Rule.BELOW_LPL, Rule.TREND_INCREASING)
        assert winning_rule(hits, 0, improvement_wins=True) is Rule.BELOW_LPL

    def test_falling_trend_above_the_mean_is_a_concern_under_ptd(self):
        # Fixed limits from a flat baseline; then a falling trend that stays above the mean.
        values = BASELINE_12 + [2.2, 2.0, 1.8, 1.6, 1.4, 1.2, 1.0]
        result = spc_chart(values, improvement=INCREASE, fix_after=12)
        tail = result.points[12:]
        assert all(Rule.SHIFT_ABOVE in point.rules for point in tail)
        assert all(point.rule is Rule.TREND_DECREASING for point in tail)
        assert all(point.type is CONCERN for point in tail)
        mdc = spc_chart(values, improvement=INCREASE, fix_after=12, conflict="mdc_improvement_wins")
        assert all(point.rule is Rule.SHIFT_ABOVE for point in mdc.points[12:])
        assert all(point.type is IMPROVEMENT for point in mdc.points[12:])


# --- S5: straight line 1..10 ----------------------------------------------------------------


class TestS5StraightLine:
    def test_limits_match_published(self):
        result = spc_chart(S5, improvement=INCREASE)
        limits = result.groups[0].limits
        assert (result.mean, result.lpl, result.upl) == pytest.approx((5.5, 2.84, 8.16))
        assert limits.near_lower == pytest.approx(3.7266667, abs=5e-8)
        assert limits.near_upper == pytest.approx(7.2733333, abs=5e-8)

    def test_labels_follow_precedence(self):
        result = spc_chart(S5, improvement=INCREASE)
        expected = [Rule.BELOW_LPL] * 2 + [Rule.TREND_INCREASING] * 6 + [Rule.ABOVE_UPL] * 2
        assert winners(result) == expected
        assert all(Rule.TREND_INCREASING in point.rules for point in result.points)
        assert not any(
            rule in (Rule.TWO_IN_THREE_ABOVE, Rule.TWO_IN_THREE_BELOW)
            for point in result.points
            for rule in point.rules
        )
        assert types(result) == [CONCERN] * 2 + [IMPROVEMENT] * 8
        assert result.variation is Variation.IMPROVEMENT_HIGH
        assert result.assurance is None

    def test_decrease_with_target_9(self):
        result = spc_chart(S5, improvement=DECREASE, target=9)
        assert types(result) == [IMPROVEMENT] * 2 + [CONCERN] * 8
        assert result.variation is Variation.CONCERN_HIGH
        assert result.assurance is Assurance.CONSISTENT_PASS

    def test_neutral_gives_purple_points_and_no_assurance(self):
        result = spc_chart(S5, improvement=NEUTRAL, target=9)
        low, high = PointType.SPECIAL_CAUSE_NEUTRAL_LOW, PointType.SPECIAL_CAUSE_NEUTRAL_HIGH
        assert types(result) == [low] * 2 + [high] * 8
        assert result.variation is Variation.NEITHER_HIGH
        assert result.assurance is None

    def test_mdc_counts_outside_points_for_two_in_three_and_improvement_wins(self):
        result = spc_chart(S5, improvement=INCREASE, profile="mdc")
        assert result.points[0].rules == (
            Rule.BELOW_LPL,
            Rule.TREND_INCREASING,
            Rule.TWO_IN_THREE_BELOW,
        )
        assert result.points[2].rules == (Rule.TREND_INCREASING, Rule.TWO_IN_THREE_BELOW)
        assert result.points[7].rules == (Rule.TREND_INCREASING, Rule.TWO_IN_THREE_ABOVE)
        assert types(result) == [IMPROVEMENT] * 10
        assert result.variation is None  # MDC hides icons for fewer than 13 points
        assert result.trial_limits

    def test_mdc_profile_with_precedence_conflict(self):
        result = spc_chart(
            S5, improvement=INCREASE, profile="mdc", conflict=RulePrecedence.PRECEDENCE
        )
        assert types(result)[:2] == [CONCERN, CONCERN]

    def test_ptd_profile_with_improvement_wins(self):
        result = spc_chart(S5, improvement=INCREASE, conflict=RulePrecedence.IMPROVEMENT_WINS)
        assert types(result) == [IMPROVEMENT] * 10

    def test_second_published_case(self):
        result = spc_chart([1, 2, 3, 4, 5, 4, 3, 2, 1, 2], improvement=INCREASE)
        assert (result.mean, result.lpl, result.upl) == pytest.approx((2.7, 0.04, 5.36))
        assert types(result) == [COMMON] * 10
        assert result.variation is Variation.COMMON_CAUSE


# --- Each rule at chart level, with fixed limits ----------------------------------------------


class TestRulesInCharts:
    def test_point_exactly_on_a_limit_is_not_outside(self):
        upl = xmr_limits(BASELINE_12).upl
        result = spc_chart(BASELINE_12 + [upl], improvement=INCREASE, fix_after=12)
        assert result.points[-1].rules == ()
        above = spc_chart(BASELINE_12 + [upl + 1e-9], improvement=INCREASE, fix_after=12)
        assert above.points[-1].rules == (Rule.ABOVE_UPL,)

    def test_two_in_three_flags_only_the_near_points(self):
        result = spc_chart(BASELINE_12 + [2.5, 0.6, 2.5], improvement=INCREASE, fix_after=12)
        assert winners(result)[12:] == [Rule.TWO_IN_THREE_ABOVE, None, Rule.TWO_IN_THREE_ABOVE]
        assert result.variation is Variation.IMPROVEMENT_HIGH

    def test_point_on_the_mean_breaks_two_in_three(self):
        result = spc_chart(BASELINE_12 + [2.5, 0.5, 2.5], improvement=INCREASE, fix_after=12)
        assert winners(result)[12:] == [None, None, None]

    def test_beyond_three_sigma_counts_as_near_only_under_mdc(self):
        values = BASELINE_12 + [3.5, 0.6, 2.5]
        ptd = spc_chart(values, improvement=INCREASE, fix_after=12)
        assert [point.rules for point in ptd.points[12:]] == [(Rule.ABOVE_UPL,), (), ()]
        mdc = spc_chart(values, improvement=INCREASE, fix_after=12, profile=Profile.MDC)
        assert mdc.points[12].rules == (Rule.ABOVE_UPL, Rule.TWO_IN_THREE_ABOVE)
        assert mdc.points[14].rules == (Rule.TWO_IN_THREE_ABOVE,)
        assert mdc.variation is Variation.IMPROVEMENT_HIGH

    def test_shift_of_seven_and_a_point_on_the_mean_breaks_it(self):
        # 0.7 and 0.6 alternate: a run of equal points would also be a trend (ties take the
        # direction of the step before them)
        run = [0.7, 0.6, 0.7, 0.6, 0.7, 0.6, 0.7]
        shift = spc_chart(BASELINE_12 + run, improvement=DECREASE, fix_after=12)
        assert winners(shift)[12:] == [Rule.SHIFT_ABOVE] * 7
        assert shift.variation is Variation.CONCERN_HIGH
        broken = spc_chart(
            BASELINE_12 + run[:3] + [0.5] + run[3:], improvement=DECREASE, fix_after=12
        )
        assert winners(broken)[12:] == [None] * 8

    def test_trend_length_and_run_length_are_settable(self):
        values = [1, 2, 3, 4, 5, 6, 3]
        assert winners(spc_chart(values, improvement=INCREASE)) == [None] * 7
        six = spc_chart(values, improvement=INCREASE, trend_length=6)
        assert [Rule.TREND_INCREASING in point.rules for point in six.points] == [True] * 6 + [
            False
        ]
        run = BASELINE_12 + [0.7, 0.6] * 3
        assert winners(spc_chart(run, improvement=INCREASE, fix_after=12))[12:] == [None] * 6
        six_run = spc_chart(run, improvement=INCREASE, fix_after=12, run_length=6)
        assert winners(six_run)[12:] == [Rule.SHIFT_ABOVE] * 6

    def test_peak_shared_by_rising_and_falling_trends_follows_the_falling_one(self):
        values = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
        hits = rule_hits(values, [1] * 13, [False] * 13, [False] * 13)
        assert Rule.TREND_INCREASING in hits[5]
        assert Rule.TREND_DECREASING in hits[6]
        assert Rule.TREND_INCREASING not in hits[6]

    def test_flat_step_between_trends_keeps_the_earlier_direction(self):
        values = [1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1]
        hits = rule_hits(values, [1] * 14, [False] * 14, [False] * 14)
        assert Rule.TREND_INCREASING in hits[6]
        assert Rule.TREND_DECREASING in hits[7]

    def test_a_tie_takes_the_previous_steps_direction_and_stays_in_the_trend(self):
        values = [1, 2, 3, 3, 4, 5, 6]
        hits = rule_hits(values, [0] * 7, [False] * 7, [False] * 7)
        assert all(point == (Rule.TREND_INCREASING,) for point in hits)
        tied = [-1.5, -1.0, -0.5, -0.5, 0.0, 1.0, 1.5]  # inside the limits, no shift
        result = spc_chart(BASELINE_12 + tied, improvement=INCREASE, fix_after=12)
        assert winners(result)[12:] == [Rule.TREND_INCREASING] * 7

    def test_a_tie_ending_a_trend_keeps_its_direction(self):
        values = [9, 8, 7, 6, 5, 4, 4]
        hits = rule_hits(values, [0] * 7, [False] * 7, [False] * 7)
        assert all(point == (Rule.TREND_DECREASING,) for point in hits)

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.integers(1, 5), min_size=6, max_size=15),
        st.lists(st.integers(0, 2), min_size=15, max_size=15),
        st.sampled_from([1, -1]),
    )
    def test_property_repeating_points_of_a_strict_trend_never_breaks_it(
        self, steps, repeats, direction
    ):
        """A strictly monotone series of at least seven points, with any point after the
        first repeated, is one trend in its direction from end to end."""
        strict = [0]
        for step in steps:
            strict.append(strict[-1] + direction * step)
        values = [strict[0]]
        for value, times in zip(strict[1:], repeats, strict=False):
            values.extend([value] * (1 + times))
        hits = rule_hits(values, [0] * len(values), [False] * len(values), [False] * len(values))
        rule = Rule.TREND_INCREASING if direction > 0 else Rule.TREND_DECREASING
        assert all(point == (rule,) for point in hits)

    def test_trend_ignores_the_side_of_the_mean(self):
        values = [1, 2, 3, 4, 5, 6, 7]
        hits = rule_hits(values, [-1, -1, -1, 0, 1, 1, 1], [False] * 7, [False] * 7)
        assert all(point == (Rule.TREND_INCREASING,) for point in hits)


# --- Rebasing, baselines, short and degenerate series -----------------------------------------


class TestGroupsAndBaselines:
    def test_rebase_stops_moving_ranges_and_rules_crossing_the_boundary(self):
        values = [1, 2, 1, 2, 1, 11, 12, 11, 12, 11]
        whole = spc_chart(values, improvement=INCREASE, screen=False)
        assert whole.groups[0].limits.amr == pytest.approx(18 / 9)  # MRs 1,1,1,1,10,1,1,1,1
        split = spc_chart(values, improvement=INCREASE, rebase_at=[5])
        assert [group.limits.amr for group in split.groups] == [1.0, 1.0]
        assert [group.limits.mean for group in split.groups] == pytest.approx([1.4, 11.4])
        assert types(split) == [COMMON] * 10

    def test_rebase_splits_a_trend(self):
        assert winners(spc_chart(S5, improvement=INCREASE, rebase_at=[5]))[2:8] == [None] * 6

    def test_rebase_at_the_first_point_changes_nothing(self):
        assert spc_chart(S2, improvement=INCREASE, rebase_at=[0]) == spc_chart(
            S2, improvement=INCREASE
        )

    def test_fixed_baseline_limits_apply_to_later_points(self):
        result = spc_chart(BASELINE_12 + [40, 41, 42], improvement=INCREASE, fix_after=12)
        limits = result.groups[0].limits
        assert (limits.mean, limits.amr, limits.baseline_size) == (0.5, 1.0, 12)
        assert result.upl == pytest.approx(3.16)
        assert winners(result)[12:] == [Rule.ABOVE_UPL] * 3
        unfixed = spc_chart(BASELINE_12 + [40, 41, 42], improvement=INCREASE)
        assert unfixed.groups[0].limits.baseline_size == 15
        assert unfixed.mean == pytest.approx((6 + 123) / 15)

    def test_constant_series_has_no_variation_and_no_signal(self):
        result = spc_chart([5.0] * 15, improvement=INCREASE, target=6)
        assert (result.mean, result.lpl, result.upl) == (5.0, 5.0, 5.0)
        assert result.no_variation
        assert types(result) == [COMMON] * 15
        assert result.assurance is Assurance.CONSISTENT_FAIL
        assert any("no variation" in note for note in result.warnings)

    def test_constant_baseline_then_a_step_gives_a_shift_and_a_trend_but_no_outside_point(self):
        result = spc_chart([5.0] * 12 + [6.0] * 7, improvement=INCREASE, fix_after=12)
        # one rise and six ties that take its direction: a trend from the last 5
        assert result.points[11].rules == (Rule.TREND_INCREASING,)
        expected = (Rule.TREND_INCREASING, Rule.SHIFT_ABOVE)
        assert [point.rules for point in result.points[12:]] == [expected] * 7

    def test_one_point_shows_the_value_only(self):
        result = spc_chart([3.0], improvement=INCREASE, target=1)
        assert (result.mean, result.lpl, result.upl) == (3.0, None, None)
        assert result.trial_limits
        assert result.variation is Variation.COMMON_CAUSE
        assert result.assurance is None
        assert any("one point" in note for note in result.warnings)

    def test_short_series_gets_trial_limits_not_an_error(self):
        result = spc_chart([1.0, 3.0], improvement=INCREASE)
        assert result.trial_limits
        assert (result.lpl, result.upl) == pytest.approx((2 - 2 * 2.66, 2 + 2 * 2.66))
        assert any("trial limits" in note for note in result.warnings)
        assert not spc_chart(S2, improvement=INCREASE).trial_limits

    def test_short_groups_hide_icons_by_option(self):
        assert spc_chart(S5, improvement=INCREASE, hide_short_icons=True).variation is None
        shown = spc_chart(S5, improvement=INCREASE, profile="mdc", hide_short_icons=False)
        assert shown.variation is Variation.IMPROVEMENT_HIGH
        threshold = spc_chart(S5, improvement=INCREASE, profile="mdc", trial_threshold=10)
        assert not threshold.trial_limits
        assert threshold.variation is Variation.IMPROVEMENT_HIGH

    def test_missing_values_are_dropped_and_bridged(self):
        labels = ["a", "b", "c", "d"]
        result = spc_chart([1.0, None, math.nan, 3.0], improvement=INCREASE, labels=labels)
        assert [point.date for point in result.points] == ["a", "d"]
        assert [point.index for point in result.points] == [0, 3]
        assert result.missing == ("b", "c")
        assert result.groups[0].limits.amr == 2.0
        assert any("2 of 4 periods" in note for note in result.warnings)

    def test_rebase_at_a_missing_period_starts_at_the_next_point(self):
        result = spc_chart([1.0, 2.0, None, 7.0, 8.0], improvement=INCREASE, rebase_at=[2])
        assert [point.group for point in result.points] == [0, 0, 1, 1]
        assert result.missing == (2,)


# --- Icons ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "improvement", "icon"),
    [
        (COMMON, INCREASE, Variation.COMMON_CAUSE),
        (COMMON, DECREASE, Variation.COMMON_CAUSE),
        (IMPROVEMENT, INCREASE, Variation.IMPROVEMENT_HIGH),
        (IMPROVEMENT, DECREASE, Variation.IMPROVEMENT_LOW),
        (CONCERN, INCREASE, Variation.CONCERN_LOW),
        (CONCERN, DECREASE, Variation.CONCERN_HIGH),
        (PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, NEUTRAL, Variation.NEITHER_HIGH),
        (PointType.SPECIAL_CAUSE_NEUTRAL_LOW, NEUTRAL, Variation.NEITHER_LOW),
    ],
)
def test_variation_icon(kind, improvement, icon):
    assert variation_icon(kind, improvement) is icon


@pytest.mark.parametrize(
    ("target", "improvement", "icon"),
    [
        (11, INCREASE, Assurance.CONSISTENT_FAIL),
        (-1, INCREASE, Assurance.CONSISTENT_PASS),
        (5, INCREASE, Assurance.INCONSISTENT),
        (10, INCREASE, Assurance.INCONSISTENT),
        (0, INCREASE, Assurance.INCONSISTENT),
        (11, DECREASE, Assurance.CONSISTENT_PASS),
        (-1, DECREASE, Assurance.CONSISTENT_FAIL),
        (10, DECREASE, Assurance.INCONSISTENT),
        (0, DECREASE, Assurance.INCONSISTENT),
        (11, NEUTRAL, None),
        (None, INCREASE, None),
    ],
)
def test_assurance_icon_uses_strict_comparisons(target, improvement, icon):
    assert assurance_icon(target, 0.0, 10.0, improvement) is icon


@pytest.mark.parametrize(
    ("rule", "improvement", "kind"),
    [
        (None, INCREASE, COMMON),
        (Rule.ABOVE_UPL, INCREASE, IMPROVEMENT),
        (Rule.ABOVE_UPL, DECREASE, CONCERN),
        (Rule.TREND_DECREASING, DECREASE, IMPROVEMENT),
        (Rule.SHIFT_BELOW, INCREASE, CONCERN),
        (Rule.TWO_IN_THREE_ABOVE, NEUTRAL, PointType.SPECIAL_CAUSE_NEUTRAL_HIGH),
        (Rule.BELOW_LPL, NEUTRAL, PointType.SPECIAL_CAUSE_NEUTRAL_LOW),
    ],
)
def test_point_type(rule, improvement, kind):
    assert point_type(rule, improvement) is kind


# --- The JSON contract and validation -------------------------------------------------------


def test_enum_values_are_the_json_contract_names():
    assert {kind.value for kind in PointType} == {
        "common_cause",
        "special_cause_improvement",
        "special_cause_concern",
        "special_cause_neutral_high",
        "special_cause_neutral_low",
    }
    assert {icon.value for icon in Variation} == {
        "common_cause",
        "improvement_high",
        "improvement_low",
        "concern_high",
        "concern_low",
        "neither_high",
        "neither_low",
    }
    assert {icon.value for icon in Assurance} == {
        "consistent_pass",
        "consistent_fail",
        "inconsistent",
    }
    assert {option.value for option in Improvement} == {"increase", "decrease", "neutral"}
    assert {option.value for option in Profile} == {"ptd", "mdc"}


def test_to_dict_is_plain_json_with_the_contract_fields():
    result = spc_chart(S2, improvement="increase", target=0.5, labels=S2_DATES)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["mean"] == result.mean
    assert (data["lpl"], data["upl"]) == (result.lpl, result.upl)
    assert data["variation"] == "common_cause"
    assert data["assurance"] == "inconsistent"
    assert data["points"][0] == {
        "index": 0,
        "date": "2020-01-02",
        "value": -0.56047565,
        "group": 0,
        "type": "common_cause",
        "rule": None,
        "rules": [],
    }
    outlier = spc_chart(S2_OUTLIER, improvement="increase").to_dict()
    assert outlier["points"][14]["rules"] == ["above_upl"]
    assert outlier["points"][14]["type"] == "special_cause_improvement"
    assert outlier["assurance"] is None


@pytest.mark.parametrize(
    ("values", "options", "message"),
    [
        ([], {}, "empty"),
        ([None, math.nan], {}, "no observed values"),
        ([1.0, math.inf], {}, "infinite"),
        ([1.0, "x"], {}, "not a number"),
        ([1.0, 2.0], {"improvement": "up"}, "improvement must be one of"),
        ([1.0, 2.0], {"profile": "excel"}, "profile must be one of"),
        ([1.0, 2.0], {"conflict": "never"}, "conflict must be one of"),
        ([1.0, 2.0], {"fix_after": 11}, "at least 12"),
        ([1.0, 2.0], {"fix_after": 21, "profile": "mdc"}, "between 12 and 20"),
        ([1.0, 2.0], {"trend_length": 2}, "trend_length"),
        ([1.0, 2.0], {"run_length": 1.5}, "whole number"),
        ([1.0, 2.0], {"rebase_at": [2]}, "outside the series"),
        ([1.0, 2.0], {"rebase_at": ["2020-01-01"]}, "not one of the series' dates"),
        ([1.0, 2.0], {"labels": ["a"]}, "1 dates were given for 2 values"),
        ([1.0, 2.0], {"target": math.nan}, "target"),
    ],
)
def test_bad_input_raises_statistics_error(values, options, message):
    options = {"improvement": "increase", **options}
    with pytest.raises(StatisticsError, match=message):
        spc_chart(values, **options)


def test_mdc_accepts_a_twenty_point_baseline():
    result = spc_chart(list(range(25)), improvement=INCREASE, fix_after=20, profile="mdc")
    assert result.groups[0].limits.baseline_size == 20


# --- Properties ------------------------------------------------------------------------------

integers = st.integers(min_value=-1000, max_value=1000).map(float)
series = st.lists(integers, min_size=2, max_size=40)
profiles = st.sampled_from(list(Profile))


@settings(max_examples=200, deadline=None)
@given(series, st.integers(min_value=-(10**6), max_value=10**6), st.booleans(), profiles)
def test_adding_a_constant_shifts_mean_and_limits(values, shift, screen, profile):
    base = spc_chart(values, improvement=INCREASE, screen=screen, profile=profile)
    moved = spc_chart(
        [v + shift for v in values], improvement=INCREASE, screen=screen, profile=profile
    )
    for before, after in ((base.mean, moved.mean), (base.lpl, moved.lpl), (base.upl, moved.upl)):
        assert after == pytest.approx(before + shift, rel=1e-9, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(series, st.floats(min_value=0.01, max_value=100))
def test_multiplying_by_k_scales_mean_and_limits(values, k):
    base = spc_chart(values, improvement=INCREASE, screen=False)
    scaled = spc_chart([v * k for v in values], improvement=INCREASE, screen=False)
    for before, after in ((base.mean, scaled.mean), (base.lpl, scaled.lpl), (base.upl, scaled.upl)):
        assert after == pytest.approx(before * k, rel=1e-9, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(series, st.integers(min_value=-20, max_value=20), profiles)
def test_scaling_by_a_power_of_two_scales_limits_exactly_and_keeps_every_signal(
    values, exponent, profile
):
    k = 2.0**exponent
    base = spc_chart(values, improvement=INCREASE, profile=profile)
    scaled = spc_chart([v * k for v in values], improvement=INCREASE, profile=profile)
    assert (scaled.mean, scaled.lpl, scaled.upl) == (base.mean * k, base.lpl * k, base.upl * k)
    assert [p.rules for p in scaled.points] == [p.rules for p in base.points]


@settings(max_examples=200, deadline=None)
@given(series, profiles)
def test_mirroring_the_series_and_the_direction_keeps_every_point_type(values, profile):
    up = spc_chart(values, improvement=INCREASE, profile=profile)
    down = spc_chart([-v for v in values], improvement=DECREASE, profile=profile)
    assert types(down) == types(up)


@settings(max_examples=100, deadline=None)
@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(min_value=1, max_value=40),
    st.booleans(),
    profiles,
)
def test_constant_series_gives_no_special_cause(value, length, screen, profile):
    result = spc_chart([value] * length, improvement=INCREASE, screen=screen, profile=profile)
    assert all(point.type is COMMON and point.rules == () for point in result.points)
    if length >= 2:
        assert result.lpl == result.upl == result.mean


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=12), profiles)
def test_series_shorter_than_the_minimum_gives_trial_limits(values, profile):
    assume(all(math.isfinite(v) for v in values))
    result = spc_chart(values, improvement=INCREASE, profile=profile)
    assert result.trial_limits
    assert result.groups[0].trial
    assert (result.lpl is None) == (len(values) == 1)
