"""Write the demonstration plan's CSV files from the scenario in ``scenario/``.

Run ``python -m councilstat.demo.generate [OUTPUT_DIR]`` (default: the package's ``demo/data``).
The output is the same on every run: the noise between anchor values comes from a generator
seeded per measure, and nothing else varies.

History runs from 2017/18 Q1 (April 2017) to 2019/20 Q2 (September 2019); monthly measures also
have October 2019, the newer data the board had in front of it. Annual measures have 2017/18 and
2018/19. Targets are set for 2017/18, 2018/19 and 2019/20, with profiles for year-to-date
measures.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from councilstat.core.periods import FinancialYear, Month, Period, Quarter, parse_period, quarter_of
from councilstat.demo.scenario import (
    DIRECTORATES,
    MEASURES,
    ORGANISATION,
    OUTCOMES,
    PLAN_TITLE,
    PRIORITIES,
    Anchor,
    Annual,
    Fixed,
    Levels,
    MeasureSpec,
    YearToDate,
)

__all__ = ["DEFAULT_OUTPUT", "main", "observation_rows", "target_rows", "write_plan"]

DEFAULT_OUTPUT = Path(__file__).parent / "data"
SEED = "councilstat-demo-rotherham-2019-20"
HISTORY_YEARS = (2017, 2018)
CURRENT_YEAR = 2019
TARGET_YEARS = (*HISTORY_YEARS, CURRENT_YEAR)
LAST_QUARTER = Quarter(CURRENT_YEAR, 2)
LATEST_MONTH = Month(CURRENT_YEAR, 10)
ANCHORS = {
    "quarterly": ("2017/18 Q1", "2018/19 Q2", "2018/19 Q4", "2019/20 Q1", "2019/20 Q2"),
    "monthly": ("2017-04", "2018-09", "2019-03", "2019-06", "2019-09"),
}
OUTCOME_TERM = "key delivery outcome"
"""What the council's plan calls its outcomes, as its reports do."""
DENOMINATOR_SPREAD = 0.05
"""Relative spread of a generated denominator around the measure's typical size."""

MEASURE_COLUMNS = (
    "code",
    "title",
    "priority",
    "priority_title",
    "outcome",
    "outcome_title",
    "unit",
    "polarity",
    "frequency",
    "tolerance",
    "aggregation",
    "directorate",
    "owner",
    "definition",
    "source",
    "cumulative",
    "decimal_places",
)


@dataclass(frozen=True)
class Row:
    """One observation: a value, and the numerator and denominator it came from if any."""

    period: Period
    value: Decimal
    numerator: int | None = None
    denominator: int | None = None
    note: str = ""


def _rounded(number: float | Decimal, decimals: int) -> Decimal:
    """``number`` rounded half up to ``decimals`` places (negative: to tens, hundreds...)."""
    exact = number if isinstance(number, Decimal) else Decimal(repr(number))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _plain(number: Decimal) -> str:
    """A number as a CSV cell: no exponent, no trailing zeros beyond what was rounded to."""
    return f"{number:f}"


def _target(number: float) -> Decimal:
    return Decimal(repr(float(number))).normalize()


def _quarters(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters = [first]
    while quarters[-1] != last:
        quarters.append(quarters[-1].next())
    return quarters


def _months(first: Month, last: Month) -> list[Month]:
    months = [last]
    while months[-1] != first:
        months.append(months[-1].previous())
    return months[::-1]


def _periods(spec: MeasureSpec) -> Sequence[Period]:
    if spec.frequency == "monthly":
        return _months(Month(HISTORY_YEARS[0], 4), LATEST_MONTH)
    return _quarters(Quarter(HISTORY_YEARS[0], 1), LAST_QUARTER)


def _year_periods(spec: MeasureSpec, year: int) -> Sequence[Period]:
    financial_year = FinancialYear(year)
    if spec.frequency == "monthly":
        return financial_year.months()
    return financial_year.quarters()


def _anchor_level(anchor: Anchor) -> float:
    if isinstance(anchor, tuple):
        numerator, denominator = anchor
        return 100 * numerator / denominator
    return anchor


def _percent_row(period: Period, numerator: int, denominator: int, decimals: int) -> Row:
    value = _rounded(Decimal(100 * numerator) / Decimal(denominator), decimals)
    return Row(period, value, numerator, denominator)


def _level_row(
    spec: MeasureSpec, series: Levels, period: Period, level: Anchor, rng: random.Random
) -> Row:
    """The row for ``level``: as given, or as a percentage of a generated denominator."""
    if isinstance(level, tuple):
        return _percent_row(period, *level, series.decimals)
    level = max(level, 0.0)
    if spec.unit == "percent":
        level = min(level, 100.0)
    if series.denominator is None:
        return Row(period, _rounded(level, series.decimals))
    spread = 1 + rng.gauss(0, DENOMINATOR_SPREAD)
    denominator = max(1, round(series.denominator * spread))
    numerator = min(denominator, round(level * denominator / 100))
    return _percent_row(period, numerator, denominator, series.decimals)


def _interpolate(points: dict[int, float], index: int) -> float:
    """The straight line through the points either side of ``index``."""
    before = max(i for i in points if i <= index)
    after = min((i for i in points if i >= index), default=before)
    if after == before:
        return points[before]
    share = (index - before) / (after - before)
    return points[before] + share * (points[after] - points[before])


def _levels(spec: MeasureSpec, series: Levels, rng: random.Random) -> list[Row]:
    """Anchors exactly; between them the deseasonalised trend, reseasoned, plus noise."""
    periods = _periods(spec)
    labels = [str(p) for p in periods]
    given = (series.start, series.mid, series.q4, series.q1, series.q2)
    anchors: dict[int, Anchor] = {
        labels.index(label): value
        for label, value in zip(ANCHORS[spec.frequency], given, strict=True)
    }
    last = len(periods) - 1
    if series.latest is not None:
        anchors[last] = series.latest
    season = [series.season[quarter_of(p).number - 1] for p in periods]
    trend = {i: _anchor_level(a) / season[i] for i, a in anchors.items()}
    if last not in trend:
        q1, q2 = (labels.index(label) for label in ANCHORS[spec.frequency][3:])
        trend[last] = trend[q2] + (trend[q2] - trend[q1]) * (last - q2) / (q2 - q1)
    rows = []
    for i, period in enumerate(periods):
        level = anchors.get(i)
        if level is None:
            level = _interpolate(trend, i) * season[i] + rng.gauss(0, series.noise)
        rows.append(_level_row(spec, series, period, level, rng))
    return rows


def _build_up(series: YearToDate, outturn: float, rng: random.Random) -> list[Decimal]:
    """A year's cumulative figures, following the profile to the year's outturn."""
    values: list[Decimal] = []
    smallest = Decimal(1).scaleb(-series.decimals)
    for share in series.profile:
        level = outturn * share + rng.gauss(0, series.noise) * (1 - share)
        value = _rounded(level, series.decimals)
        if values and value <= values[-1]:
            value = values[-1] + smallest
        values.append(value)
    values[-1] = _rounded(outturn, series.decimals)
    return values


def _year_to_date(spec: MeasureSpec, series: YearToDate, rng: random.Random) -> list[Row]:
    rows: list[Row] = []
    for year, outturn in zip(HISTORY_YEARS, series.outturns, strict=True):
        periods = _year_periods(spec, year)
        values = _build_up(series, outturn, rng)
        rows.extend(Row(p, v) for p, v in zip(periods, values, strict=True))
    current = _year_periods(spec, CURRENT_YEAR)[: len(series.current)]
    rows.extend(
        Row(p, _rounded(v, series.decimals)) for p, v in zip(current, series.current, strict=True)
    )
    return rows


def _annual(series: Annual) -> list[Row]:
    return [
        Row(FinancialYear(year), _rounded(value, series.decimals))
        for year, value in zip(HISTORY_YEARS, series.values, strict=True)
    ]


def _fixed(series: Fixed) -> list[Row]:
    rows = []
    for label, value in series.values:
        period = parse_period(label)
        if isinstance(value, tuple):
            rows.append(_percent_row(period, *value, series.decimals))
        else:
            rows.append(Row(period, _rounded(value, series.decimals)))
    return rows


def observation_rows(spec: MeasureSpec) -> list[Row]:
    """A measure's observations in period order, with the scenario's notes attached."""
    rng = random.Random(f"{SEED}:{spec.code}")  # noqa: S311 - fixed seed, illustrative data
    series = spec.series
    if isinstance(series, Levels):
        rows = _levels(spec, series, rng)
    elif isinstance(series, YearToDate):
        rows = _year_to_date(spec, series, rng)
    elif isinstance(series, Annual):
        rows = _annual(series)
    else:
        rows = _fixed(series)
    notes = dict(spec.notes)
    return [
        Row(r.period, r.value, r.numerator, r.denominator, notes.get(str(r.period), ""))
        for r in rows
    ]


def target_rows(spec: MeasureSpec) -> list[tuple[Period, Decimal]]:
    """A measure's targets: each year's, any profile of it, and single-period targets."""
    rows: list[tuple[Period, Decimal]] = []
    series = spec.series
    for year, target in zip(TARGET_YEARS, spec.targets or (), strict=False):
        rows.append((FinancialYear(year), _target(target)))
        if isinstance(series, YearToDate):
            periods = _year_periods(spec, year)
            rows.extend(
                (p, _rounded(target * share, series.decimals))
                for p, share in zip(periods, series.profile, strict=True)
            )
    rows.extend((parse_period(label), _target(t)) for label, t in spec.period_targets)
    return rows


def _measure_row(spec: MeasureSpec) -> list[str]:
    priority = spec.outcome.split(".")[0]
    return [
        spec.code,
        spec.title,
        priority,
        PRIORITIES[priority],
        spec.outcome,
        OUTCOMES[spec.outcome],
        spec.unit,
        spec.polarity,
        spec.frequency,
        spec.tolerance,
        "last" if spec.frequency == "monthly" else "",
        spec.directorate or DIRECTORATES[spec.outcome],
        spec.owner,
        spec.definition,
        spec.source,
        "yes" if spec.cumulative else "no",
        _optional(spec.decimal_places),
    ]


def _optional(number: int | None) -> str:
    return "" if number is None else str(number)


def _write(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_plan(folder: Path) -> dict[str, int]:
    """Write plan, measures, targets and observations CSVs to ``folder``; rows per file."""
    folder.mkdir(parents=True, exist_ok=True)
    measures = [_measure_row(spec) for spec in MEASURES]
    targets = [
        [spec.code, str(period), _plain(value)]
        for spec in MEASURES
        for period, value in target_rows(spec)
    ]
    observations = [
        [spec.code, str(r.period), _plain(r.value), _optional(r.numerator)]
        + [_optional(r.denominator), r.note]
        for spec in MEASURES
        for r in observation_rows(spec)
    ]
    _write(
        folder / "plan.csv",
        ("organisation", "title", "outcome_term"),
        [(ORGANISATION, PLAN_TITLE, OUTCOME_TERM)],
    )
    _write(folder / "measures.csv", MEASURE_COLUMNS, measures)
    _write(folder / "targets.csv", ("code", "period", "target"), targets)
    observation_columns = ("code", "period", "value", "numerator", "denominator", "note")
    _write(folder / "observations.csv", observation_columns, observations)
    return {"measures": len(measures), "targets": len(targets), "observations": len(observations)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m councilstat.demo.generate",
        description="Write the demonstration council's plan data (illustrative, not official).",
    )
    parser.add_argument(
        "output", nargs="?", type=Path, default=DEFAULT_OUTPUT, help="folder to write to"
    )
    folder = parser.parse_args(argv).output
    counts = write_plan(folder)
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    sys.stdout.write(f"Wrote {summary} to {folder}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
