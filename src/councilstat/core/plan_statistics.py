"""The statistics of every measure of a quarter at once, through the engine.

:func:`plan_statistics` gives, for each assessment, exactly what
:func:`councilstat.core.measure_statistics.measure_statistics` gives (``docs/statistics.md``,
"The engine"): the SPC charts of every measure's series in one batch of the engine
(``core.engine.spc_batch``, turned into result objects by ``spc_results``), and the intervals,
their positions, small numbers and the tests of change as columns
(``core.engine.wilson_intervals``, ``wilson_bounds`` and ``change_is_significant``). What is read
from the plan one measure at a time is only the input: each series' values and breaks, and the
pooled counts. Forecasts are ``core.forecast``'s, measure by measure: the engine's
(``forecast_batch``) agree only to within floating-point rounding.

A module of its own, so that what imports ``measure_statistics`` alone (a measure's page, the
chart workers) does not load polars.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from councilstat.core.assessment import Assessment, QuarterValue
from councilstat.core.engine import (
    change_is_significant,
    spc_batch,
    spc_results,
    wilson_bounds,
    wilson_intervals,
)
from councilstat.core.forecast import forecast_year_end
from councilstat.core.intervals import SMALL_NUMBER_THRESHOLD, TargetPosition
from councilstat.core.measure_statistics import (
    _IMPROVEMENT,
    _ONE_WAY,
    MeasureStatistics,
    ValueInterval,
    _chart_target,
    _charted,
    _half_unit,
    _pooled_counts,
    _readings,
    _scale,
    break_indices,
)
from councilstat.core.plan import Measure, Plan
from councilstat.core.spc import SpcResult

__all__ = ["plan_statistics"]


def _all_charts(plan: Plan, assessments: Sequence[Assessment]) -> dict[int, SpcResult]:
    """The SPC chart of each assessment that has one (by its place), all in one batch."""
    series: list[int] = []
    index: list[int] = []
    values: list[float] = []
    rebase: list[bool] = []
    options: dict[str, list[object]] = {"series": [], "improvement": [], "target": []}
    labels: dict[int, list[str]] = {}
    for number, assessment in enumerate(assessments):
        history = _charted(plan, assessment)
        if history is None:
            continue
        breaks = set(break_indices(assessment.measure, history))
        series.extend([number] * len(history))
        index.extend(range(len(history)))
        values.extend(float(o.value) for o in history)
        rebase.extend(i in breaks for i in range(len(history)))
        options["series"].append(number)
        options["improvement"].append(_IMPROVEMENT[assessment.measure.polarity].value)
        options["target"].append(_chart_target(assessment))
        labels[number] = [str(o.period) for o in history]
    if not labels:
        return {}
    frame = pl.DataFrame(
        {"series": series, "index": index, "value": values, "rebase": rebase},
        schema={"series": pl.Int64, "index": pl.Int64, "value": pl.Float64, "rebase": pl.Boolean},
    )
    chosen = pl.DataFrame(
        options, schema={"series": pl.Int64, "improvement": pl.String, "target": pl.Float64}
    )
    return spc_results(spc_batch(frame, chosen), labels)


def _counts_row(measure: Measure, value: QuarterValue | None) -> tuple[float, ...] | None:
    """A quarter's pooled counts, the value shown and its slack (``_proportion``'s inputs), on
    the 0-1 scale; ``None`` when the counts cannot make a proportion."""
    if value is None:
        return None
    counts = _pooled_counts(measure, value)
    if counts is None or counts[0] > counts[1]:
        return None
    scale = _scale(measure.unit)
    shown = float(value.value) / scale
    slack = float(_half_unit(value.value)) / scale + 1e-12
    return float(counts[0]), float(counts[1]), shown, slack


_NO_COUNTS = (None, None, None, None)


def _contained(lower: pl.Expr, upper: pl.Expr, shown: str, slack: str) -> pl.Expr:
    """Whether the interval contains the value shown, within its slack (``_proportion``)."""
    return (lower - pl.col(slack) <= pl.col(shown)) & (pl.col(shown) <= upper + pl.col(slack))


def _all_counts(
    assessments: Sequence[Assessment], threshold: float
) -> tuple[list[ValueInterval | None], list[bool | None]]:
    """The interval and the test of change of every assessment, computed as columns."""
    rows = []
    for assessment in assessments:
        measure = assessment.measure
        target = assessment.target if measure.polarity in _ONE_WAY else None
        tested = assessment.direction is not None and assessment.previous is not None
        moved = 0
        if tested and assessment.current is not None and assessment.previous is not None:
            change = assessment.current.value - assessment.previous.value
            moved = (change > 0) - (change < 0)
        rows.append((
            *(_counts_row(measure, assessment.current) or _NO_COUNTS),
            *(_counts_row(measure, assessment.previous) or _NO_COUNTS),
            None if target is None else float(target) / _scale(measure.unit),
            tested,
            moved,
        ))  # fmt: skip
    names = ("x1", "n1", "shown1", "slack1", "x2", "n2", "shown2", "slack2", "goal")
    schema = {name: pl.Float64 for name in names} | {"tested": pl.Boolean, "moved": pl.Int64}
    frame = wilson_intervals(
        pl.DataFrame(rows, schema=schema, orient="row"),
        numerator="x1", denominator="n1", target="goal", threshold=threshold,
    )  # fmt: skip
    before_lower, before_upper = wilson_bounds(pl.col("x2"), pl.col("n2"))
    now = pl.col("lower").is_not_null() & _contained(
        pl.col("lower"), pl.col("upper"), "shown1", "slack1"
    )
    before = before_lower.is_not_null() & _contained(before_lower, before_upper, "shown2", "slack2")
    frame = frame.with_columns(now.alias("now"), before.alias("before"))
    significant = change_is_significant(
        pl.col("x1"), pl.col("n1"), pl.col("x2"), pl.col("n2"), moved=pl.col("moved")
    )
    frame = frame.with_columns(
        pl.when(pl.col("tested") & pl.col("now") & pl.col("before"))
        .then(significant)
        .alias("significant")
    )
    intervals: list[ValueInterval | None] = []
    for assessment, row in zip(assessments, frame.iter_rows(named=True), strict=True):
        if not row["now"]:
            intervals.append(None)
            continue
        scale = _scale(assessment.measure.unit)
        intervals.append(
            ValueInterval(
                lower=row["lower"] * scale,
                upper=row["upper"] * scale,
                denominator=row["n1"],
                small_number=row["small_number"],
                position=None if row["position"] is None else TargetPosition(row["position"]),
                one_case_step=scale / row["n1"],
            )
        )
    return intervals, frame["significant"].to_list()


def plan_statistics(
    plan: Plan,
    assessments: Iterable[Assessment],
    *,
    small_number_threshold: float = SMALL_NUMBER_THRESHOLD,
) -> dict[str, MeasureStatistics]:
    """The statistics of every assessment at once, by measure code: for each, exactly what
    :func:`measure_statistics` gives, with the SPC charts, intervals and tests of change of
    all the measures computed together by the engine (``core.engine``)."""
    chosen = list(assessments)
    charts = _all_charts(plan, chosen)
    intervals, significant = _all_counts(chosen, small_number_threshold)
    found: dict[str, MeasureStatistics] = {}
    for number, assessment in enumerate(chosen):
        chart = charts.get(number)
        found[assessment.measure.code] = MeasureStatistics(
            spc=chart,
            readings=_readings(assessment, chart),
            interval=intervals[number],
            direction_significant=significant[number],
            forecast=forecast_year_end(plan, assessment.measure, assessment.quarter),
        )
    return found
