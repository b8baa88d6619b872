"""Year-end forecasts of many measures at once equal ``core.forecast.forecast_year_end``'s,
measure by measure, on random plans: the same method, the same figures to within floating-point
rounding, and the same rating (unless the forecast lies within rounding of a rating's edge)."""

from __future__ import annotations

import math
from decimal import Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from councilstat.core.engine.forecast import forecast_batch
from councilstat.core.forecast import Forecast, _year_target, forecast_year_end
from councilstat.core.periods import FinancialYear, Quarter
from councilstat.core.plan import Frequency, Plan, Polarity, ToleranceKind, Unit
from tests.factories import measure, observation, plan, target

YEARS = (2016, 2017, 2018, 2019)
QUARTER_NOW = Quarter(2019, 2)
values_drawn = st.one_of(
    st.integers(0, 100).map(Decimal),
    st.integers(0, 1000).map(lambda n: Decimal(n) / 10),
    st.integers(1, 100000).map(lambda n: Decimal(n) / 1000),
)


def _periods(frequency: Frequency, year: int) -> tuple:
    fy = FinancialYear(year)
    return fy.months() if frequency is Frequency.MONTHLY else fy.quarters()


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    measures, targets, observations = [], [], []
    for number in range(draw(st.integers(1, 8))):
        code = f"M{number}"
        frequency = draw(st.sampled_from([Frequency.MONTHLY, Frequency.QUARTERLY]))
        unit = draw(st.sampled_from([Unit.PERCENT, Unit.NUMBER]))
        measures.append(
            measure(
                code,
                polarity=draw(st.sampled_from(list(Polarity))),
                frequency=frequency,
                unit=unit,
                tolerance_text=draw(st.sampled_from(["0", "5%", "2", "10%"])),
                cumulative=draw(st.booleans()),
            )
        )
        if draw(st.booleans()):
            low = draw(values_drawn)
            upper = low + draw(st.integers(0, 20)) if draw(st.booleans()) else None
            targets.append(target(code, "2019/20", low, upper))
        for year in YEARS:
            for period in _periods(frequency, year):
                if period.end <= QUARTER_NOW.end and draw(st.integers(0, 5)):
                    observations.append(observation(code, str(period), draw(values_drawn)))
    return plan(measures, targets, observations)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _frames(the_plan: Plan, quarter: Quarter) -> tuple[pl.DataFrame, pl.DataFrame]:
    value_rows, series_rows = [], []
    for m in the_plan.measures:
        positions = {}
        for year in YEARS:
            for index, period in enumerate(_periods(m.frequency, year)):
                positions[period] = (year, index)
        for o in the_plan.observations_of(m.code):
            year, index = positions[o.period]
            value_rows.append((m.code, year, index, float(o.value), _places(o.value)))
        periods = _periods(m.frequency, quarter.year)
        last = max(i for i, p in enumerate(periods) if p.end <= quarter.end)
        band = _year_target(the_plan, m, quarter.financial_year)
        series_rows.append({
            "series": m.code, "year": quarter.year, "last": last, "length": len(periods),
            "cumulative": m.cumulative, "percent": m.unit is Unit.PERCENT,
            "target": float(band.low) if band else None,
            "target_upper": float(band.high) if band else None,
            "polarity": m.polarity.value, "tolerance_kind": m.tolerance.kind.value,
            "tolerance": float(m.tolerance.amount),
        })  # fmt: skip
    values = pl.DataFrame(
        value_rows,
        schema={"series": pl.String, "year": pl.Int64, "position": pl.Int64,
                "value": pl.Float64, "places": pl.Int64},
        orient="row",
    )  # fmt: skip
    series = pl.DataFrame(
        series_rows, schema_overrides={"target": pl.Float64, "target_upper": pl.Float64}
    )
    return values, series


def _close(a: float | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, float(b), rel_tol=1e-9, abs_tol=2e-6)


def _near_an_edge(forecast: Forecast, tolerance_amount: Decimal, kind: ToleranceKind) -> bool:
    edges = [e for e in (forecast.target, forecast.target_upper) if e is not None]
    band = [abs(e) * tolerance_amount / 100 if kind is ToleranceKind.PERCENT_OF_TARGET
            else tolerance_amount for e in edges]  # fmt: skip
    points = [*edges, *(e - b for e, b in zip(edges, band, strict=True)),
              *(e + b for e, b in zip(edges, band, strict=True))]  # fmt: skip
    return any(abs(forecast.value - p) <= Decimal("0.000002") for p in points)


@settings(max_examples=150, deadline=None)
@given(plans(), st.sampled_from([Quarter(2019, 1), QUARTER_NOW]))
def test_batch_forecasts_equal_one_measure_at_a_time(the_plan, quarter):
    values, series = _frames(the_plan, quarter)
    batch = {row["series"]: row for row in forecast_batch(values, series).to_dicts()}
    for m in the_plan.measures:
        single = forecast_year_end(the_plan, m, quarter)
        found = batch.get(m.code)
        if single is None:
            assert found is None, m.code
            continue
        assert found is not None, m.code
        assert found["method"] == single.method.value
        assert _close(found["value"], single.value)
        assert _close(found["low"], single.low)
        assert _close(found["high"], single.high)
        if found["rag"] != (single.rag.value if single.rag else None):
            assert _near_an_edge(single, m.tolerance.amount, m.tolerance.kind), m.code


def test_a_trend_and_a_same_point_projection():
    # A quarterly measure rising by 4 a quarter (60, 64, 68) projects to 72 at Q4; a
    # year-to-date one at 50 in Q2 whose earlier years ended at twice their Q2 figure projects
    # to 100, with a range from the two years' projections, widened by half a unit.
    trend = measure("T", frequency=Frequency.QUARTERLY, unit=Unit.NUMBER)
    ytd = measure("Y", frequency=Frequency.QUARTERLY, unit=Unit.NUMBER, cumulative=True)
    observations = [observation("T", "2019/20 Q1", 60), observation("T", "2019/20 Q2", 64)]
    observations += [observation("T", "2019/20 Q3", 68)]
    for year in (2017, 2018):
        observations += [observation("Y", f"{year}/{(year + 1) % 100} Q2", 20 + year - 2017)]
        observations += [observation("Y", f"{year}/{(year + 1) % 100} Q4", 40 + 2 * (year - 2017))]
    observations.append(observation("Y", "2019/20 Q2", 50))
    the_plan = plan([trend, ytd], [target("T", "2019/20", 70)], observations)
    values, series = _frames(the_plan, Quarter(2019, 3))
    rows = {r["series"]: r for r in forecast_batch(values, series).to_dicts()}
    assert rows["T"]["method"] == "trend"
    assert math.isclose(rows["T"]["value"], 72.0)
    assert rows["T"]["rag"] == "green"  # a perfect line still has a range: the rounding
    assert rows["Y"]["method"] == "same_point_last_year"
    assert math.isclose(rows["Y"]["value"], 100)
    assert rows["Y"]["low"] is not None
    assert rows["Y"]["low"] < 100 < rows["Y"]["high"]
