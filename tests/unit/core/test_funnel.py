"""Tests for funnel limits and overdispersion (``docs/statistics.md``, "Funnel plots").

Expected figures come from the worked numbers there (F1, FunnelPlotR's published Poisson
limits), from a brute-force binomial oracle written here with exact fractions, or from closed
forms worked by hand: on the arcsine scale asin(sqrt(p)) is pi/6, pi/4 and pi/3 for p = 0.25,
0.5 and 0.75, so the z-scores, phi and tau2 of the datasets below are exact multiples of pi.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilstat.core.errors import StatisticsError
from councilstat.core.funnel import (
    Dispersion,
    FunnelLimits,
    FunnelMethod,
    FunnelPosition,
    Overdispersion,
    estimate_dispersion,
    proportion_funnel,
    proportion_limits,
    ratio_limits,
    winsorise,
)

PI2 = math.pi**2
Z95 = 1.959963984540054
Z998 = 3.090232306167813

# --- F1: exact Poisson limits for standardised ratios ------------------------------------------


@pytest.mark.parametrize(
    ("expected", "lower95", "upper95", "lower998", "upper998"),
    [
        (15, 0.5596924, 1.649348, 0.3862650, 2.082907),
        (20, 0.6108260, 1.544419, 0.4479107, 1.902094),
        (30, 0.6746958, 1.427562, 0.5289724, 1.702771),
    ],
)
def test_f1_poisson_ratio_limits(expected, lower95, upper95, lower998, upper998):
    limits = ratio_limits(expected)
    assert limits.lower_95 == pytest.approx(lower95, abs=5e-8)
    assert limits.upper_95 == pytest.approx(upper95, abs=5e-7)
    assert limits.lower_998 == pytest.approx(lower998, abs=5e-8)
    assert limits.upper_998 == pytest.approx(upper998, abs=5e-7)


def test_ratio_limits_scale_with_the_target_and_allow_fractional_expected():
    assert ratio_limits(20, target=2.0).upper_95 == pytest.approx(2 * 1.544419, abs=1e-6)
    # E = 1: lower 95% limit = chi2_0.025(2)/2 = -ln(0.975), in closed form.
    assert ratio_limits(1.0).lower_95 == pytest.approx(-math.log(0.975), rel=1e-10)
    assert ratio_limits(2.5).lower_95 < 1 < ratio_limits(2.5).upper_95


@pytest.mark.parametrize(("expected", "target"), [(0, 1), (-1, 1), (10, 0), (math.inf, 1)])
def test_ratio_limits_bad_input(expected, target):
    with pytest.raises(StatisticsError):
        ratio_limits(expected, target)


# --- Exact binomial and arcsine limits for proportions -----------------------------------------


def _oracle_binomial_limit(tail: Fraction, n: int, p: Fraction) -> float:
    """Spiegelhalter's (r - alpha)/n from exact binomial sums (independent of the code)."""

    def cdf(k: int) -> Fraction:
        return sum((math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k + 1)), Fraction(0))

    r = next(k for k in range(n + 1) if cdf(k) >= tail)
    alpha = (cdf(r) - tail) / (cdf(r) - cdf(r - 1))
    return float(min(1, max(0, (r - alpha) / n)))


@pytest.mark.parametrize(
    ("n", "p"),
    [
        (50, Fraction(3, 10)),
        (200, Fraction(7, 100)),
        (13, Fraction(1, 2)),
        (120, Fraction(9, 10)),
        (4, Fraction(1, 20)),
    ],
)
def test_exact_binomial_limits_match_a_brute_force_oracle(n, p):
    limits = proportion_limits(n, float(p))
    tails = [Fraction(1, 1000), Fraction(1, 40), Fraction(39, 40), Fraction(999, 1000)]
    expected = [_oracle_binomial_limit(tail, n, p) for tail in tails]
    got = [limits.lower_998, limits.lower_95, limits.upper_95, limits.upper_998]
    assert got == pytest.approx(expected, abs=1e-10)


def test_exact_binomial_limits_for_a_large_council_approach_the_normal_ones():
    limits = proportion_limits(1_000_000, 0.3)
    se = math.sqrt(0.3 * 0.7 / 1_000_000)
    assert limits.lower_95 == pytest.approx(0.3 - Z95 * se, abs=2e-6)
    assert limits.upper_998 == pytest.approx(0.3 + Z998 * se, abs=2e-6)


def test_exact_binomial_limits_at_target_0_or_1_collapse():
    assert proportion_limits(50, 0.0) == FunnelLimits(50, 0.0, 0.0, 0.0, 0.0)
    assert proportion_limits(50, 1.0) == FunnelLimits(50, 1.0, 1.0, 1.0, 1.0)


def test_arcsine_limits_follow_the_formula():
    limits = proportion_limits(100, 0.25, method=FunnelMethod.ARCSINE)
    theta, s = math.pi / 6, 1 / 20
    assert limits.lower_95 == pytest.approx(math.sin(theta - Z95 * s) ** 2, rel=1e-12)
    assert limits.upper_95 == pytest.approx(math.sin(theta + Z95 * s) ** 2, rel=1e-12)
    assert limits.lower_998 == pytest.approx(math.sin(theta - Z998 * s) ** 2, rel=1e-12)
    assert limits.upper_998 == pytest.approx(math.sin(theta + Z998 * s) ** 2, rel=1e-12)


def test_arcsine_limits_are_truncated_where_the_transform_turns_back():
    small = proportion_limits(5, 0.02, method="arcsine")  # asin(sqrt(.02)) - 1.96/(2 sqrt 5) < 0
    assert small.lower_95 == 0.0
    assert small.upper_95 == pytest.approx(
        math.sin(math.asin(math.sqrt(0.02)) + Z95 / (2 * math.sqrt(5))) ** 2
    )
    high = proportion_limits(5, 0.98, method="arcsine")
    assert high.upper_95 == 1.0


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        ((10.5, 0.3), {}, "whole-number denominator"),
        ((0, 0.3), {}, "positive"),
        ((10, 1.2), {}, "between 0 and 1"),
        ((10, 0.3), {"method": "normal"}, "method must be one of"),
        ((10, 0.3), {"overdispersion": "additive"}, "need a dispersion estimate"),
        (
            (10, 0.3),
            {"overdispersion": "lots", "dispersion": Dispersion(2.0, 0.1, 5)},
            "overdispersion must be one of",
        ),
    ],
)
def test_proportion_limits_bad_input(args, options, message):
    with pytest.raises(StatisticsError, match=message):
        proportion_limits(*args, **options)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=1, max_value=5000),
    st.floats(min_value=0.001, max_value=0.999),
    st.sampled_from(list(FunnelMethod)),
)
def test_limits_are_ordered_and_bracket_the_target(n, p, method):
    limits = proportion_limits(n, p, method=method)
    assert 0 <= limits.lower_998 <= limits.lower_95 <= limits.upper_95 <= limits.upper_998 <= 1
    # Spiegelhalter's interpolation spreads the mass at r over [r - 1, r], so the exact limits
    # sit up to 1/n below the binomial quantiles; with n.p.(1 - p) under 1 the upper limit can
    # fall below the target (n = 1, p = 1/64 gives an upper 95% limit of 0).
    if method is FunnelMethod.ARCSINE or n * p * (1 - p) >= 1:
        assert limits.lower_95 <= p <= limits.upper_95


def test_exact_limits_at_one_trial_follow_the_interpolation():
    limits = proportion_limits(1, 0.015625)
    # F(0) = 0.984375 >= 0.975, so r = 0, alpha = (F(0) - P)/F(0) and the limit (0 - alpha) < 0
    # is clamped to 0; at P = 0.999, r = 1 and alpha = (1 - 0.999)/(1 - 0.984375) = 0.064.
    assert limits.upper_95 == 0.0
    assert limits.upper_998 == pytest.approx(1 - 0.001 / 0.015625, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=10, max_value=10**5), st.floats(min_value=0.05, max_value=0.95))
def test_arcsine_funnel_narrows_as_the_denominator_grows(n, p):
    near = proportion_limits(n, p, method="arcsine")
    far = proportion_limits(4 * n, p, method="arcsine")
    assert far.upper_95 - far.lower_95 < near.upper_95 - near.lower_95


# --- Funnel positions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "position"),
    [
        (0.95, FunnelPosition.ABOVE_99_8),
        (0.9, FunnelPosition.ABOVE_95),
        (0.85, FunnelPosition.ABOVE_95),
        (0.8, FunnelPosition.WITHIN),
        (0.5, FunnelPosition.WITHIN),
        (0.2, FunnelPosition.WITHIN),
        (0.15, FunnelPosition.BELOW_95),
        (0.1, FunnelPosition.BELOW_95),
        (0.05, FunnelPosition.BELOW_99_8),
    ],
)
def test_a_value_on_a_limit_is_inside_it(value, position):
    assert FunnelLimits(100, 0.1, 0.2, 0.8, 0.9).position(value) is position


# --- Overdispersion ----------------------------------------------------------------------------


def test_winsorise_uses_type_7_quantiles():
    assert winsorise([float(v) for v in range(1, 11)]) == pytest.approx(
        [1.9, 2, 3, 4, 5, 6, 7, 8, 9, 9.1]
    )
    assert winsorise([4.0, -3.0, 1.0, 2.0]) == pytest.approx([3.4, -1.8, 1.0, 2.0])
    assert winsorise([5.0]) == [5.0]


# Ten councils of 100; z = -5pi/3, 0 (x8), 5pi/3; winsorised to -pi/6 .. pi/6.
NO_OD = ([25] + [50] * 8 + [75], [100] * 10)
# Five councils of 100; z = -5pi, -5pi/3, 0, 5pi/3, 5pi; winsorised ends at -11pi/3, 11pi/3.
WIDE = ([0, 25, 50, 75, 100], [100] * 5)
# Mixed sizes; z = -5pi/3, 5pi/3 (n=100), -10pi/3, 10pi/3 (n=400); ends winsorised to 17pi/6.
MIXED = ([25, 75, 100, 300], [100, 100, 400, 400])


def test_dispersion_without_overdispersion():
    dispersion = estimate_dispersion(*NO_OD, target=0.5)
    assert dispersion.phi == pytest.approx(PI2 / 180, rel=1e-12)
    assert dispersion.tau2 == 0.0
    assert dispersion.units == 10


def test_dispersion_of_equal_sized_councils():
    dispersion = estimate_dispersion(*WIDE, target=0.5)
    assert dispersion.phi == pytest.approx(292 * PI2 / 45, rel=1e-12)
    assert dispersion.tau2 == pytest.approx((292 * PI2 / 9 - 4) / 1600, rel=1e-12)


def test_dispersion_of_mixed_sizes_uses_the_weights():
    dispersion = estimate_dispersion(*MIXED, target=0.5)
    assert dispersion.phi == pytest.approx(389 * PI2 / 72, rel=1e-12)
    assert dispersion.tau2 == pytest.approx((389 * PI2 / 18 - 3) / 2640, rel=1e-12)


def test_funnel_without_overdispersion_falls_back_to_unadjusted_limits():
    funnel = proportion_funnel(*NO_OD)
    assert funnel.target == 0.5  # pooled: 500 / 1000
    assert not funnel.adjusted
    assert funnel.dispersion.phi == pytest.approx(PI2 / 180)
    assert funnel.units[0].limits == proportion_limits(100, 0.5)
    assert funnel.units[0].position is FunnelPosition.BELOW_99_8
    assert funnel.units[1].position is FunnelPosition.WITHIN
    assert funnel.units[-1].position is FunnelPosition.ABOVE_99_8


def test_additive_adjustment_widens_the_limits_on_the_arcsine_scale():
    funnel = proportion_funnel(*MIXED)
    tau2 = (389 * PI2 / 18 - 3) / 2640
    assert funnel.adjusted
    small = funnel.units[0].limits
    width95 = Z95 * math.sqrt(1 / 400 + tau2)
    assert small.lower_95 == pytest.approx(math.sin(math.pi / 4 - width95) ** 2, rel=1e-10)
    assert small.upper_95 == pytest.approx(math.sin(math.pi / 4 + width95) ** 2, rel=1e-10)
    assert (small.lower_998, small.upper_998) == (0.0, 1.0)  # pi/4 -/+ 0.886 leaves [0, pi/2]
    assert [unit.position for unit in funnel.units] == [FunnelPosition.WITHIN] * 4
    assert funnel.limits_at(100) == small


def test_multiplicative_adjustment_inflates_by_root_phi():
    funnel = proportion_funnel(*MIXED, overdispersion=Overdispersion.MULTIPLICATIVE)
    width95 = Z95 * math.sqrt(389 * PI2 / 72) / 40  # s = 1/(2 sqrt 400)
    large = funnel.units[2].limits
    assert large.lower_95 == pytest.approx(math.sin(math.pi / 4 - width95) ** 2, rel=1e-10)
    assert large.upper_95 == pytest.approx(math.sin(math.pi / 4 + width95) ** 2, rel=1e-10)


def test_unadjusted_funnel_flags_the_same_councils_as_outliers():
    funnel = proportion_funnel(*MIXED, overdispersion="none")
    assert not funnel.adjusted
    assert funnel.dispersion.phi == pytest.approx(389 * PI2 / 72)  # always reported
    assert [unit.position for unit in funnel.units] == [
        FunnelPosition.BELOW_99_8,
        FunnelPosition.ABOVE_99_8,
        FunnelPosition.BELOW_99_8,
        FunnelPosition.ABOVE_99_8,
    ]
    assert [unit.proportion for unit in funnel.units] == [0.25, 0.75, 0.25, 0.75]


def test_funnel_against_an_external_benchmark():
    funnel = proportion_funnel(*WIDE, target=0.4, method="arcsine", overdispersion="none")
    assert funnel.target == 0.4
    assert funnel.units[2].limits == proportion_limits(100, 0.4, method="arcsine")


@pytest.mark.parametrize(
    ("numerators", "denominators", "message"),
    [
        ([1], [10], "at least two"),
        ([1, 2], [10], "one numerator and one denominator"),
        ([1, 20], [10, 10], "between 0 and 10"),
        ([1, 2], [10, 0], "positive"),
    ],
)
def test_funnel_bad_input(numerators, denominators, message):
    with pytest.raises(StatisticsError, match=message):
        proportion_funnel(numerators, denominators)


def test_dispersion_needs_two_councils():
    with pytest.raises(StatisticsError, match="at least two"):
        estimate_dispersion([1], [10], 0.1)


# --- An adjustment for overdispersion may only widen ---------------------------------------------

NARROWING = ([2, 0, 7, 5], [10, 10, 25, 20])
"""Target 14/65 = 0.215; phi = 1.32 > 1 but tau2 is only 0.0123. For the council of 10, the
exact binomial 95% lower limit is 0 (P(X = 0) = 0.785^10 = 0.089 is above 0.025), while the
additive limit on the arcsine scale, sin²(asin(√0.215) - 1.96 × √(1/40 + 0.0123)), is 0.0108:
taken as it is, the adjustment would pull the limit in and make 0/10 an outlier."""


def test_an_adjusted_limit_is_never_inside_the_unadjusted_one():
    funnel = proportion_funnel(*NARROWING)
    assert funnel.adjusted
    assert funnel.dispersion.phi > 1
    unit = funnel.units[1]
    unadjusted = proportion_limits(10, funnel.target)
    assert unadjusted.lower_95 == 0.0
    assert unit.limits.lower_95 == 0.0
    assert unit.position is FunnelPosition.WITHIN
    # the upper limits are the adjusted ones: wider than the exact binomial ones here
    assert unit.limits.upper_95 > unadjusted.upper_95
    assert funnel.limits_at(10) == unit.limits


def _at_least_as_wide(adjusted: FunnelLimits, unadjusted: FunnelLimits) -> bool:
    return (
        adjusted.lower_998 <= unadjusted.lower_998
        and adjusted.lower_95 <= unadjusted.lower_95
        and adjusted.upper_95 >= unadjusted.upper_95
        and adjusted.upper_998 >= unadjusted.upper_998
    )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 200), st.floats(0, 1)).map(lambda t: (round(t[0] * t[1]), t[0])),
        min_size=2,
        max_size=8,
    ),
    st.sampled_from(list(FunnelMethod)),
    st.sampled_from([Overdispersion.ADDITIVE, Overdispersion.MULTIPLICATIVE]),
)
def test_property_adjustment_only_widens_and_creates_no_outlier(councils, method, overdispersion):
    numerators = [x for x, _ in councils]
    denominators = [n for _, n in councils]
    funnel = proportion_funnel(
        numerators, denominators, method=method, overdispersion=overdispersion
    )
    for unit in funnel.units:
        unadjusted = proportion_limits(unit.denominator, funnel.target, method=method)
        assert _at_least_as_wide(unit.limits, unadjusted)
        if unadjusted.position(unit.proportion) is FunnelPosition.WITHIN:
            assert unit.position is FunnelPosition.WITHIN
