"""Benchmark: read, validate and summarise a large generated plan.

500 measures with 10 years of monthly observations (60,000 rows) and yearly targets. Prints the
time of each stage, rows per second and peak memory. Run with ``make bench``.
"""

from __future__ import annotations

import csv
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from councilstat.core.periods import FinancialYear, Quarter
from councilstat.core.summary import summarise
from councilstat.io.plan_reader import read_plan
from summary import record

MEASURES = 500
YEARS = 10
FIRST_YEAR = 2010


def write_plan(folder: Path) -> int:
    """Write the generated plan; return the number of data rows written."""
    rng = random.Random(20191121)
    rows = 0
    with (folder / "measures.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["code", "title", "priority", "outcome", "unit", "polarity", "frequency", "tolerance"]
        )
        for i in range(MEASURES):
            polarity = "higher" if i % 3 else "lower"
            writer.writerow(
                [
                    f"M{i:03d}",
                    f"Measure {i}",
                    i % 5 + 1,
                    f"{i % 5 + 1}.{i % 3}",
                    "percent",
                    polarity,
                    "monthly",
                    "5%",
                ]
            )
            rows += 1
    with (folder / "targets.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "period", "target"])
        for i in range(MEASURES):
            for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
                writer.writerow([f"M{i:03d}", str(FinancialYear(year)), 50])
                rows += 1
    with (folder / "observations.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "period", "value", "numerator", "denominator", "note"])
        for i in range(MEASURES):
            for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
                for month in FinancialYear(year).months():
                    if i % 4:
                        writer.writerow(
                            [f"M{i:03d}", str(month), round(rng.uniform(30, 70), 1), "", "", ""]
                        )
                    else:
                        denominator = rng.randint(20, 400)
                        writer.writerow(
                            [
                                f"M{i:03d}",
                                str(month),
                                "",
                                rng.randint(0, denominator),
                                denominator,
                                "",
                            ]
                        )
                    rows += 1
    return rows


def _quarters() -> list[Quarter]:
    return [q for y in range(FIRST_YEAR, FIRST_YEAR + YEARS) for q in FinancialYear(y).quarters()]


def _timed(folder: Path) -> tuple[float, float, float, int]:
    """Seconds to read and validate, to summarise the latest quarter, and to summarise all."""
    started = time.perf_counter()
    loaded = read_plan(folder)
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    latest = summarise(loaded.plan, Quarter(FIRST_YEAR + YEARS - 1, 4))
    one_quarter = time.perf_counter() - started
    started = time.perf_counter()
    for quarter in _quarters():
        summarise(loaded.plan, quarter)
    return read_seconds, one_quarter, time.perf_counter() - started, latest.current.assessed


def _peak_memory(folder: Path) -> int:
    """Peak bytes allocated by Python while reading and summarising (a separate, slower run)."""
    tracemalloc.start()
    summarise(read_plan(folder).plan, Quarter(FIRST_YEAR + YEARS - 1, 4))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = write_plan(folder)
        size = sum(p.stat().st_size for p in folder.iterdir())
        read_seconds, one_quarter, all_quarters, rated = _timed(folder)
        max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak = _peak_memory(folder)
    quarters = len(_quarters())
    pipeline = read_seconds + one_quarter
    megabytes = size / 1e6
    print(
        f"plan: {MEASURES} measures, {YEARS} years monthly: {rows:,} rows, {megabytes:.1f} MB CSV"
    )
    print(f"read + validate:       {read_seconds:7.2f} s  {rows / read_seconds:9,.0f} rows/s")
    print(f"summarise 1 quarter:   {one_quarter:7.3f} s  ({rated} measures rated)")
    per_quarter_ms = all_quarters / quarters * 1000
    print(f"summarise {quarters} quarters: {all_quarters:7.2f} s  {per_quarter_ms:6.1f} ms each")
    print(f"read, validate, summarise: {pipeline:5.2f} s  {rows / pipeline:9,.0f} rows/s")
    record(
        "pipeline",
        f"plan files, 500 measures: read, check, summarise ({rows:,} rows)",
        f"{pipeline:.2f} s",
        ratio=f"{rows / pipeline:,.0f} rows/s",
    )
    print(f"peak resident memory:  {max_rss_mb:7.1f} MB (whole process, after the timed run)")
    print(f"peak Python allocation: {peak / 1e6:6.1f} MB  ({peak / size:.1f} x the CSV size)")


if __name__ == "__main__":
    sys.exit(main())
