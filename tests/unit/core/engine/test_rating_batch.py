"""RAG, direction of travel and headline counts of many measures at once equal the
one-measure-at-a-time results of ``core.rating``, ``core.assessment`` and ``core.summary``."""

from __future__ import annotations

from decimal import Decimal
from decimal import Decimal as D

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from councilstat.core.assessment import Assessment
from councilstat.core.engine.rating import counts, rate
from councilstat.core.periods import FinancialYear, Quarter
from councilstat.core.plan import Aggregation, Frequency, Outcome, Plan, Polarity, Priority
from councilstat.core.summary import Counts, summarise
from tests.factories import measure, observation, plan, target

QUARTER = Quarter(2019, 2)
PRIORITIES = [Priority(str(n), f"Priority {n}") for n in (1, 2, 3)]
decimals = st.integers(-2000, 2000).map(lambda n: Decimal(n) / 10)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    measures, targets, observations = [], [], []
    for number in range(draw(st.integers(1, 12))):
        code = f"M{number}"
        priority = draw(st.sampled_from(PRIORITIES))
        frequency = draw(st.sampled_from([Frequency.QUARTERLY, Frequency.MONTHLY]))
        kind = draw(st.sampled_from(["%", ""]))
        measures.append(
            measure(
                code,
                polarity=draw(st.sampled_from(list(Polarity))),
                frequency=frequency,
                aggregation=draw(st.sampled_from([Aggregation.LAST, Aggregation.SUM])),
                tolerance_text=f"{draw(st.integers(0, 20))}{kind}",
                priority=priority,
                outcome=Outcome(f"{priority.code}.A", "Outcome", priority.code),
            )
        )
        if draw(st.booleans()):
            low = draw(decimals)
            width = draw(st.one_of(st.none(), st.integers(0, 500).map(lambda n: Decimal(n) / 10)))
            targets.append(target(code, "2019/20", low, None if width is None else low + width))
        periods = (
            [str(q) for q in (Quarter(2019, 1), QUARTER)]
            if frequency is Frequency.QUARTERLY
            else [str(m) for m in FinancialYear(2019).months()[:6]]
        )
        for period_text in periods:
            if draw(st.integers(0, 4)):
                observations.append(observation(code, period_text, draw(decimals)))
    return plan(measures, targets, observations)


def _rows(assessments: tuple[Assessment, ...]) -> pl.DataFrame:
    schema = {"code": pl.String, "priority": pl.String, "value": pl.Decimal(38, 1),
              "target": pl.Decimal(38, 1), "target_upper": pl.Decimal(38, 1), "previous": pl.Decimal(38, 1), "polarity": pl.String,
              "tolerance_kind": pl.String, "tolerance": pl.Decimal(38, 0)}  # fmt: skip
    return pl.DataFrame(
        [
            {
                "code": a.measure.code,
                "priority": a.measure.priority.code,
                "value": a.value,
                "target": a.target,
                "target_upper": a.target_upper,
                "previous": a.previous_value,
                "polarity": a.measure.polarity.value,
                "tolerance_kind": a.measure.tolerance.kind.value,
                "tolerance": a.measure.tolerance.amount,
            }
            for a in assessments
        ],
        schema=schema,
    )


def _counts(row: dict[str, int | None]) -> tuple[int | None, ...]:
    keys = ("measures", "green", "amber", "red", "improving", "no_change", "worsening",
            "assessed", "not_assessed", "met_pct", "direction_assessed", "improving_pct")  # fmt: skip
    return tuple(row[key] for key in keys)


def _expected(c: Counts) -> tuple[int | None, ...]:
    return (c.measures, c.green, c.amber, c.red, c.improving, c.no_change, c.worsening,
            c.assessed, c.not_assessed, c.met_pct, c.direction_assessed, c.improving_pct)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(plans())
def test_batch_rating_and_counts_equal_one_measure_at_a_time(the_plan):
    summary = summarise(the_plan, QUARTER)
    rated = rate(_rows(summary.assessments))
    assert rated["rag"].cast(pl.String).to_list() == [
        a.rag.value if a.rag else None for a in summary.assessments
    ]
    assert rated["direction"].cast(pl.String).to_list() == [
        a.direction.value if a.direction else None for a in summary.assessments
    ]
    by_priority = {row["priority"]: _counts(row) for row in counts(rated, "priority").to_dicts()}
    assert by_priority == {g.code: _expected(g.current) for g in summary.priorities}
    (overall,) = counts(rated.with_columns(pl.lit("all").alias("plan")), "plan").to_dicts()
    assert _counts(overall) == _expected(summary.current)


def test_the_amber_edge_is_exact():
    rows = pl.DataFrame(
        {"value": [Decimal("76"), Decimal("75.9")], "target": [Decimal("80")] * 2,
         "previous": [None, Decimal("75.9")], "polarity": ["higher"] * 2,
         "tolerance_kind": ["percent_of_target"] * 2, "tolerance": [Decimal("5")] * 2}
    )  # fmt: skip
    rated = rate(rows)
    assert rated["rag"].to_list() == ["amber", "red"]
    assert rated["direction"].to_list() == [None, "no_change"]


def test_a_target_band_rates_from_its_nearest_edge():
    # A pay gap with a band of -2 to 2 and an absolute tolerance of 1: inside is green, within
    # 1 of an edge amber, beyond red; moving closer to the band is improving, and being inside it
    # both times is no change. A band measure without an upper bound is a band of one value.
    rows = pl.DataFrame(
        {"value": [D("0"), D("2.5"), D("-3"), D("3.5"), D("1"), D("4")],
         "target": [D("-2")] * 5 + [D("4")], "target_upper": [D("2")] * 5 + [None],
         "previous": [D("1.5"), D("4"), D("-2.5"), D("3"), None, D("5")],
         "polarity": ["band"] * 6, "tolerance_kind": ["absolute"] * 6,
         "tolerance": [D("1")] * 6}
    )  # fmt: skip
    rated = rate(rows)
    assert rated["rag"].to_list() == ["green", "amber", "amber", "red", "green", "green"]
    assert rated["direction"].to_list() == [
        "no_change", "improving", "worsening", "worsening", None, "improving"
    ]  # fmt: skip
