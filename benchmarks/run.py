"""``make bench``: run every benchmark once, each in its own process (so its peak memory is its
own), show each one's detail as it runs, then print one table of the headline figures with
their ratios and targets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("bench_engine.py", "bench_pipeline.py", "bench_reports.py", "bench_pages.py")


def main() -> int:
    names = sys.argv[1:] or list(BENCHMARKS)
    failed = []
    with tempfile.TemporaryDirectory() as folder:
        summary = Path(folder) / "summary.jsonl"
        summary.touch()
        env = dict(os.environ, BENCH_SUMMARY=str(summary))
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
        started = time.perf_counter()
        for name in names:
            print(f"\n== {name} ==", flush=True)
            if subprocess.run([sys.executable, str(HERE / name)], env=env, check=False).returncode:
                failed.append(name)
        rows = [json.loads(line) for line in summary.read_text().splitlines()]
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    print(
        f"\nSummary: one run of each benchmark, {time.perf_counter() - started:.0f} s "
        f"(load average {load} on {os.cpu_count()} cores)"
    )
    widths = (9, 62, 9, 26, 26)
    header = ("area", "what", "figure", "ratio", "target")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + "  met")
    for row in rows:
        cells = (row[key] for key in header)
        met = {True: "yes", False: "NO", None: ""}[row["met"]]
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + f"  {met}")
    for name in failed:
        print(f"{name} failed: see its output above")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
