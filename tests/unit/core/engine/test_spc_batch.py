"""The SPC engine gives, series by series, what ``spc_chart`` gives for each series alone.

The reference is ``spc_chart`` itself, the single-series code, which follows the rules of
``docs/statistics.md`` that the engine follows (the exactly rounded mean, the screening guard,
a tie carrying a trend's direction: ``tests/unit/core/test_spc.py`` checks each).
"""

from __future__ import annotations

import math
import random
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilstat.core.engine import spc_batch, spc_results
from councilstat.core.engine.spc import RULE_COLUMNS, python_limits
from councilstat.core.errors import StatisticsError
from councilstat.core.spc import Rule, SpcResult, spc_chart

_RULES = {rule.value: rule for rule in Rule}

# Values that make ties, points on the mean and on limits likely, and some that do not.
small_integers = st.integers(-3, 3).map(float)
one_decimal = st.integers(-500, 500).map(lambda n: n / 10)
wide = st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)
tiny = st.floats(-1e-200, 1e-200, allow_nan=False, allow_infinity=False)
values_of = st.one_of(small_integers, one_decimal, wide, tiny)


@st.composite
def series_specs(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from([small_integers, one_decimal, values_of]))
    length = draw(st.integers(1, 36))
    values: list[float | None] = [
        None if draw(st.integers(0, 9)) == 0 else draw(kind) for _ in range(length)
    ]
    if all(v is None for v in values):
        values[draw(st.integers(0, length - 1))] = draw(kind)
    rebase_at = sorted(draw(st.sets(st.integers(0, length - 1), max_size=2)))
    profile = draw(st.sampled_from(["ptd", "mdc"]))
    fix_after = draw(st.one_of(st.none(), st.integers(12, 20)))
    options = {
        "improvement": draw(st.sampled_from(["increase", "decrease", "neutral"])),
        "target": draw(st.one_of(st.none(), kind)),
        "profile": profile,
        "screen": draw(st.sampled_from([None, True, False])),
        "conflict": draw(st.sampled_from([None, "precedence", "mdc_improvement_wins"])),
        "hide_short_icons": draw(st.sampled_from([None, True, False])),
        "fix_after": fix_after,
        "trend_length": draw(st.integers(3, 8)),
        "run_length": draw(st.integers(3, 8)),
        "trial_threshold": draw(st.integers(2, 15)),
    }
    return {"values": values, "rebase_at": rebase_at, "options": options}


def _frames(specs: list[dict[str, Any]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = []
    for number, spec in enumerate(specs):
        rebase = set(spec["rebase_at"])
        for index, value in enumerate(spec["values"]):
            rows.append((f"s{number:02d}", index, value, index in rebase))
    values = pl.DataFrame(
        rows,
        schema={"series": pl.String, "index": pl.Int64, "value": pl.Float64, "rebase": pl.Boolean},
        orient="row",
    )
    options = pl.DataFrame(
        [{"series": f"s{n:02d}", **spec["options"]} for n, spec in enumerate(specs)],
        schema_overrides={"target": pl.Float64, "fix_after": pl.Int64},
    )
    return values, options


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-300)


def _check_series(chart: SpcResult, batch: Any, name: str) -> None:
    points = batch.points.filter(pl.col("series") == name)
    assert points["index"].to_list() == [p.index for p in chart.points]
    assert points["group"].to_list() == [p.group for p in chart.points]
    assert points["type"].cast(pl.String).to_list() == [p.type.value for p in chart.points]
    assert points["rule"].cast(pl.String).to_list() == [
        p.rule.value if p.rule else None for p in chart.points
    ]
    hits = [
        tuple(_RULES[column] for column in RULE_COLUMNS if row[column])
        for row in points.iter_rows(named=True)
    ]
    assert hits == [p.rules for p in chart.points]
    groups = batch.groups.filter(pl.col("series") == name)
    assert len(groups) == len(chart.groups)
    for row, group in zip(groups.iter_rows(named=True), chart.groups, strict=True):
        limits = group.limits
        assert (row["first_index"], row["last_index"], row["size"], row["trial"]) == (
            group.first_index, group.last_index, group.size, group.trial
        )  # fmt: skip
        assert row["mean"] == limits.mean  # exactly: both are the exactly rounded mean
        assert row["amr"] == limits.amr
        for key in ("lpl", "upl", "near_lower", "near_upper"):
            assert _close(row[key], getattr(limits, key)), key
        assert row["baseline_size"] == limits.baseline_size
        assert row["screened_out"] == limits.screened_out
        assert row["no_variation"] == limits.no_variation
    (summary,) = batch.series.filter(pl.col("series") == name).iter_rows(named=True)
    assert summary["mean"] == chart.mean
    assert _close(summary["lpl"], chart.lpl)
    assert _close(summary["upl"], chart.upl)
    assert summary["variation"] == (chart.variation.value if chart.variation else None)
    assert summary["assurance"] == (chart.assurance.value if chart.assurance else None)
    assert summary["trial_limits"] == chart.trial_limits
    assert summary["no_variation"] == chart.no_variation
    assert summary["missing"] == len(chart.missing)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(series_specs(), min_size=1, max_size=6))
def test_batch_equals_one_series_at_a_time(specs):
    values, options = _frames(specs)
    batch = spc_batch(values, options)
    for number, spec in enumerate(specs):
        settings_ = {k: v for k, v in spec["options"].items() if v is not None}
        chart = spc_chart(spec["values"], rebase_at=spec["rebase_at"], **settings_)
        _check_series(chart, batch, f"s{number:02d}")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(series_specs(), min_size=1, max_size=6))
def test_results_equal_spc_chart_exactly(specs):
    """``spc_results`` turns the batch into exactly the charts ``spc_chart`` returns: every
    limit, point, icon, missing date and warning."""
    values, options = _frames(specs)
    labels = {
        f"s{number:02d}": [f"{number}-{i}" for i in range(len(spec["values"]))]
        for number, spec in enumerate(specs)
    }
    results = spc_results(spc_batch(values, options), labels)
    assert set(results) == set(labels)
    for number, spec in enumerate(specs):
        name = f"s{number:02d}"
        settings_ = {k: v for k, v in spec["options"].items() if v is not None}
        chart = spc_chart(
            spec["values"], rebase_at=spec["rebase_at"], labels=labels[name], **settings_
        )
        assert results[name] == chart


@settings(max_examples=100, deadline=None)
@given(st.lists(series_specs(), min_size=2, max_size=5), st.randoms(use_true_random=False))
def test_order_of_rows_and_series_does_not_matter(specs, random):
    values, options = _frames(specs)
    shuffled = values.sample(fraction=1.0, shuffle=True, seed=random.randint(0, 2**31))
    first, second = spc_batch(values, options), spc_batch(shuffled, options)
    assert first.points.equals(second.points)
    assert first.groups.equals(second.groups)
    assert first.series.equals(second.series)


def test_shared_options_are_keyword_arguments():
    values = pl.DataFrame(
        {"series": ["a"] * 10 + ["b"] * 10, "index": list(range(10)) * 2,
         "value": [float(v) for v in range(1, 11)] * 2}
    )  # fmt: skip
    batch = spc_batch(values, improvement="decrease", target=9.0)
    chart = spc_chart(list(range(1, 11)), improvement="decrease", target=9)
    for name in ("a", "b"):
        _check_series(chart, batch, name)
    assert batch.series["assurance"].to_list() == ["consistent_pass"] * 2


def test_a_series_with_no_observed_value_is_left_out():
    values = pl.DataFrame(
        {"series": ["a", "a", "b"], "index": [0, 1, 0], "value": [None, float("nan"), 4.0]}
    )
    assert spc_batch(values).series["series"].to_list() == ["b"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"improvement": "up"}, "improvement must be one of increase, decrease, neutral"),
        ({"profile": "xyz"}, "profile must be one of ptd, mdc"),
        ({"trend_length": 2}, "trend_length must be at least 3, not 2"),
        ({"fix_after": 11}, "fix_after must be at least 12, not 11"),
        ({"profile": "mdc", "fix_after": 21}, "fix_after must be between 12 and 20, not 21"),
        ({"conflict": "first"}, "conflict must be one of precedence, mdc_improvement_wins"),
    ],
)
def test_bad_options_are_errors(options, message):
    values = pl.DataFrame({"series": ["a"], "index": [0], "value": [1.0]})
    with pytest.raises(StatisticsError, match=message):
        spc_batch(values, pl.DataFrame({"series": ["a"], **{k: [v] for k, v in options.items()}}))


def test_bad_values_are_errors():
    infinite = pl.DataFrame({"series": ["a", "a"], "index": [0, 1], "value": [1.0, math.inf]})
    with pytest.raises(StatisticsError, match="value 2 of series 'a' is infinite"):
        spc_batch(infinite)
    repeated = pl.DataFrame({"series": ["a", "a"], "index": [3, 3], "value": [1.0, 2.0]})
    with pytest.raises(StatisticsError, match="series 'a' has two values at index 3"):
        spc_batch(repeated)


def test_uncertified_groups_fall_back_to_exact_arithmetic():
    # Values over 600 binary orders of magnitude: the exact sums cannot be certified in
    # floating point, so the group is computed with Fraction and fsum instead.
    values = [1e300, 1e-300, -1e300, 3.0, 1e-300]
    frame = pl.DataFrame({"series": ["a"] * 5, "index": list(range(5)), "value": values})
    (row,) = spc_batch(frame, screen=False).groups.iter_rows(named=True)
    mean, amr, _ = python_limits(values, screen=False)
    assert (row["mean"], row["amr"]) == (mean, amr)
    assert row["mean"] == spc_chart(values, improvement="neutral", screen=False).mean


def test_series_of_very_different_sizes_are_each_summed_exactly():
    # One scale for every group cannot serve values of 1e15 and of 0.001 at once: the small
    # series fail their certificate and are summed again with scales of their own.
    rng = random.Random(3)
    big = [rng.randint(10**14, 10**15) + rng.random() for _ in range(30)]
    small = [rng.randint(1, 999) / 1000 for _ in range(30)]
    frame = pl.DataFrame(
        {"series": ["big"] * 30 + ["small"] * 30, "index": list(range(30)) * 2,
         "value": big + small}
    )  # fmt: skip
    batch = spc_batch(frame, improvement="increase")
    for name, values in (("big", big), ("small", small)):
        _check_series(spc_chart(values, improvement="increase"), batch, name)
