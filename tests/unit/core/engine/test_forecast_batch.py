"""Year-end forecasts of many measures at once equal ``forecast_year_end`` one at a time.

The rows each engine function takes (the year so far; the same point of earlier years) are
built here from the plan, as a page reading through the engine would.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from councilstat.core.engine.forecast import (
    forecast_figure,
    same_point_forecasts,
    trend_forecasts,
)
from councilstat.core.engine.rating import rate
from councilstat.core.forecast import ForecastMethod, forecast_year_end
from councilstat.core.periods import FinancialYear, Quarter
from councilstat.core.plan import Frequency, Plan, Polarity, Unit
from tests.factories import measure, observation, plan, target

YEAR = FinancialYear(2019)
values = st.integers(0, 1000).map(lambda n: Decimal(n) / 10)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    measures, targets, observations = [], [], []
    for number in range(draw(st.integers(1, 8))):
        code = f"M{number}"
        m = measure(
            code,
            frequency=Frequency.MONTHLY,
            polarity=draw(st.sampled_from([Polarity.HIGHER, Polarity.LOWER])),
            unit=draw(st.sampled_from([Unit.PERCENT, Unit.NUMBER])),
            tolerance_text=draw(st.sampled_from(["0", "2", "5%"])),
        )
        measures.append(replace(m, cumulative=draw(st.booleans())))
        if draw(st.booleans()):
            targets.append(target(code, str(YEAR), draw(values)))
        for year in range(2014, 2020):
            for month in FinancialYear(year).months():
                if draw(st.integers(0, 3)):
                    observations.append(observation(code, str(month), draw(values)))
    return plan(measures, targets, observations)


def _inputs(the_plan: Plan, quarter: Quarter) -> tuple[pl.DataFrame, pl.DataFrame]:
    months = YEAR.months()
    trend, earlier = [], []
    for m in the_plan.measures:
        so_far = [
            (i, o) for i, p in enumerate(months)
            if p.end <= quarter.end and (o := the_plan.observation(m.code, p)) is not None
        ]  # fmt: skip
        if not so_far:
            continue
        position, latest = so_far[-1]
        if not m.cumulative:
            trend += [(m.code, i, float(o.value), len(months) - 1) for i, o in so_far]
            continue
        year = YEAR
        for back in range(1, 6):
            year = year.previous()
            same = the_plan.observation(m.code, year.months()[position])
            end = the_plan.observation(m.code, year.months()[-1])
            earlier.append((m.code, latest.value, back, same and same.value, end and end.value))
    trend_frame = pl.DataFrame(trend, schema=["series", "position", "value", "at"], orient="row")
    earlier_frame = pl.DataFrame(
        earlier,
        schema={"series": pl.String, "latest": pl.Decimal(38, 1), "years_back": pl.Int64,
                "same": pl.Decimal(38, 1), "end": pl.Decimal(38, 1)},
        orient="row",
    )  # fmt: skip
    return trend_frame, earlier_frame


@settings(max_examples=60, deadline=None)
@given(plans(), st.integers(1, 3))
def test_batch_forecasts_equal_one_measure_at_a_time(the_plan, number):
    quarter = Quarter(2019, number)
    trend_input, earlier_input = _inputs(the_plan, quarter)
    found = {}
    if len(trend_input):
        found |= {r["series"]: r for r in trend_forecasts(trend_input).to_dicts()}
    if len(earlier_input):
        found |= {r["series"]: r for r in same_point_forecasts(earlier_input).to_dicts()}
    for m in the_plan.measures:
        expected = forecast_year_end(the_plan, m, quarter)
        if expected is None:
            assert m.code not in found or found[m.code]["forecast"] is None
            continue
        row = found[m.code]
        method = "years" if expected.method is ForecastMethod.SAME_POINT_LAST_YEAR else "half"
        assert method in row
        is_percent = m.unit is Unit.PERCENT
        figures = pl.DataFrame(
            {"value": [row["forecast"]], "low": [row["low"]], "high": [row["high"]]},
            schema={"value": pl.Float64, "low": pl.Float64, "high": pl.Float64},
        ).select(forecast_figure(pl.col(c), pl.lit(is_percent)) for c in ("value", "low", "high"))
        got = figures.row(0)
        for mine, theirs in zip(got, (expected.value, expected.low, expected.high), strict=True):
            assert (mine is None) == (theirs is None)
            if mine is not None and theirs is not None:
                assert math.isclose(float(mine), float(theirs), abs_tol=2e-6)
        target_value = expected.target
        rated = rate(
            pl.DataFrame(
                {
                    "value": [got[0]],
                    "target": [target_value],
                    "previous": [None],
                    "polarity": [m.polarity.value],
                    "tolerance_kind": [m.tolerance.kind.value],
                    "tolerance": [m.tolerance.amount],
                },
                schema_overrides={"target": pl.Decimal(38, 1), "previous": pl.Decimal(38, 1)},
            )  # fmt: skip
        )
        if got[0] == expected.value:
            assert rated["rag"][0] == (expected.rag.value if expected.rag else None)


def test_worked_numbers_forecast():
    points = pl.DataFrame(
        {"series": ["a"] * 6, "position": list(range(6)),
         "value": [70.0, 71, 73, 73, 75, 76], "at": [11] * 6}
    )  # fmt: skip
    (row,) = trend_forecasts(points).to_dicts()
    assert math.isclose(row["forecast"], 83.2)
    earlier = pl.DataFrame(
        {"series": ["b"], "latest": [54.0], "years_back": [1], "same": [55.0], "end": [96.25]}
    )
    (row,) = same_point_forecasts(earlier).to_dicts()
    assert math.isclose(row["forecast"], 94.5)
    assert row["low"] is None
