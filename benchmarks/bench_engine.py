"""Benchmark: the statistics engine at national scale, against a floor and today's loop.

400 organisations x 150 measures x 60 months (3.6 million values, 60,000 series), generated
reproducibly from a fixed seed: each series has its own level and spread, a third of them a
lasting shift part-way through, 1% of months missing, and values to one decimal place.

Prints one table, with ratios beside the times. Times are wall-clock seconds, best of three
runs, with the CPU seconds of all threads beside them (on a machine shared with other work the
wall-clock figures stretch; the ratios hold better). The rows:

- the engine: ``spc_batch`` over every series (limits, rules, point types and icons), and the
  peak resident memory of the process that ran it (``ru_maxrss``; the engine runs in a child
  process, so nothing else counts towards it);
- the floor: one plain polars ``group_by("series").agg(mean)`` over the same frame;
- today's per-measure loop: ``spc_chart`` on a 2% sample of the series, scaled up to all.

Targets (issue 14): the engine within 20 x the floor, at least 10 x faster than the loop, and
under 2 GB. Run with ``make bench`` or ``python benchmarks/bench_engine.py``.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable

import polars as pl

from councilstat.core.engine import spc_batch
from councilstat.core.spc import spc_chart
from summary import record

ORGANISATIONS = 400
MEASURES = 150
MONTHS = 60
SEED = 20260114
SAMPLE = 0.02
RUNS = 3
TARGET_FLOOR_RATIO = 20
TARGET_LOOP_RATIO = 10
TARGET_MEMORY_MB = 2048


def scenario() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The values (``series``, ``index``, ``value``) and each series' direction and target."""
    rng = random.Random(SEED)
    count = ORGANISATIONS * MEASURES
    levels = [rng.uniform(20, 80) for _ in range(count)]
    spreads = [rng.uniform(0.5, 5) for _ in range(count)]
    shifts = [rng.choice([0.0, 0.0, rng.uniform(-3, 3)]) for _ in range(count)]
    starts = [rng.randrange(MONTHS) for _ in range(count)]
    series = pl.int_range(count * MONTHS, eager=True) // MONTHS
    index = pl.int_range(count * MONTHS, eager=True) % MONTHS
    values = []
    for s in range(count):
        level, spread, shift, start = levels[s], spreads[s], shifts[s], starts[s]
        for month in range(MONTHS):
            if rng.random() < 0.01:
                values.append(None)
            else:
                value = level + rng.gauss(0, spread) + (shift * spread if month >= start else 0)
                values.append(round(value, 1))
    frame = pl.DataFrame({"series": series, "index": index, "value": values})
    directions = ["increase", "decrease", "neutral"]
    options = pl.DataFrame(
        {
            "series": pl.int_range(count, eager=True),
            "improvement": [directions[(s % MEASURES) % 3] for s in range(count)],
            "target": [round(level + rng.uniform(-5, 5)) for level in levels],
        }
    )
    return frame, options


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """The shortest of ``runs`` timings of ``work``: wall-clock and CPU seconds (all threads)."""
    best = (float("inf"), float("inf"))
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        best = min(best, (time.perf_counter() - start, time.process_time() - cpu))
    return best


def child() -> None:
    """Run the engine and the floor on the scenario; print the figures as JSON."""
    frame, options = scenario()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    engine = best_of(RUNS, lambda: spc_batch(frame, options))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    floor = best_of(RUNS, lambda: frame.group_by("series").agg(pl.col("value").mean()))
    sample = frame.filter(pl.col("series") % round(1 / SAMPLE) == 0)
    by_series = sample.group_by("series", maintain_order=True).agg("value")
    improvements = dict(options.select("series", "improvement").iter_rows())
    targets = dict(options.select("series", "target").iter_rows())

    def loop() -> None:
        for key, values in by_series.iter_rows():
            spc_chart(values, improvement=improvements[key], target=targets[key])

    scale = frame["series"].n_unique() / len(by_series)
    loop_time = tuple(seconds * scale for seconds in best_of(1, loop))
    print(
        json.dumps(
            {
                "values": len(frame),
                "series": frame["series"].n_unique(),
                "sampled": len(by_series),
                "engine": engine,
                "floor": floor,
                "loop": loop_time,
                "peak_mb": peak,
                "data_mb": before,
            }
        )
    )


def main() -> None:
    result = subprocess.run(
        [sys.executable, __file__, "--child"], check=True, capture_output=True, text=True
    )
    figures = json.loads(result.stdout)
    (engine, engine_cpu), (floor, floor_cpu) = figures["engine"], figures["floor"]
    loop, loop_cpu = figures["loop"]
    rows = [
        ("polars group_by(series).mean() (floor)", floor, floor_cpu, "1.0 x floor", ""),
        (
            "engine: spc_batch over every series",
            engine,
            engine_cpu,
            f"{engine / floor:.1f} x floor",
            f"peak {figures['peak_mb']:.0f} MB (data alone {figures['data_mb']:.0f} MB)",
        ),
        (
            f"spc_chart loop ({figures['sampled']:,} series sampled, scaled)",
            loop,
            loop_cpu,
            f"{loop / floor:.1f} x floor",
            f"engine {loop / engine:.1f} x faster",
        ),
    ]
    print(
        f"Statistics engine: {figures['values']:,} values, {figures['series']:,} series "
        f"({ORGANISATIONS} organisations x {MEASURES} measures x {MONTHS} months); "
        f"best of {RUNS} runs"
    )
    print(f"{'what':<52} {'seconds':>9} {'cpu s':>8}  {'ratio':<15} notes")
    for what, seconds, cpu, ratio, notes in rows:
        print(f"{what:<52} {seconds:>9.3f} {cpu:>8.3f}  {ratio:<15} {notes}")
    checks = [
        (f"engine within {TARGET_FLOOR_RATIO} x the floor", engine <= TARGET_FLOOR_RATIO * floor),
        (f"engine at least {TARGET_LOOP_RATIO} x faster than the loop",
         loop >= TARGET_LOOP_RATIO * engine),
        (f"peak memory under {TARGET_MEMORY_MB} MB", figures["peak_mb"] < TARGET_MEMORY_MB),
    ]  # fmt: skip
    for check, met in checks:
        print(f"  {'met' if met else 'NOT MET'}: {check}")
    area = "engine"
    record(area, "polars group_by(series).mean(): the floor", f"{floor:.2f} s", ratio="1.0 x floor")
    record(
        area,
        f"spc_batch, {figures['series']:,} series",
        f"{engine:.2f} s",
        ratio=f"{engine / floor:.1f} x floor",
        target=f"<= {TARGET_FLOOR_RATIO} x floor",
        met=checks[0][1],
    )
    record(
        area,
        "spc_chart loop (scaled from a sample)",
        f"{loop:.1f} s",
        ratio=f"engine {loop / engine:.1f} x faster",
        target=f">= {TARGET_LOOP_RATIO} x faster",
        met=checks[1][1],
    )
    record(area, "engine peak memory", f"{figures['peak_mb']:.0f} MB",
           target=f"< {TARGET_MEMORY_MB} MB", met=checks[2][1])  # fmt: skip


if __name__ == "__main__":
    if "--child" in sys.argv:
        child()
    else:
        main()
