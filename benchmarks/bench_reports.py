"""Benchmark: the committee report in every format, for the demonstration council (69
measures) and for a generated plan of 500 measures with ten years of monthly data.

Prints, with the target beside each figure and the ratio to it (a ratio under 1 meets it):
the PDF of the demonstration's report (target under 5 s) and its page count, the
exceptions-only PDF's page count, the Word and Excel times, the four formats drawn from one
set of charts, and the 500-measure plan's PDF, Word and Excel times and peak memory (targets
under 30 s and 1 GB). Wall-clock seconds depend on what else the machine is doing, so the
CPU seconds (this process and its chart workers) and the load average are printed too.
Figures, not assertions: run with ``make bench``.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader

import bench_pipeline  # the generated 500-measure plan, shared with the pipeline benchmark
from councilstat.core.periods import Quarter
from councilstat.demo import demo_data_path
from councilstat.io.plan_reader import read_plan
from councilstat.reports.charts.images import ChartImages
from councilstat.reports.charts.svg import warm_up
from councilstat.reports.model import CommitteeReport, build_report
from councilstat.reports.render import ReportFormat, render
from summary import record

DEMO_QUARTER = Quarter(2019, 2)
DEMO_TARGET_S = 5.0
LARGE_TARGET_S = 30.0
LARGE_TARGET_MB = 1024.0
FORMATS = (ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.XLSX)


def _cpu() -> float:
    """CPU seconds used so far by this process and the chart workers it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(work: Callable[[], Any]) -> tuple[Any, float, float]:
    started, cpu = time.perf_counter(), _cpu()
    result = work()
    return result, time.perf_counter() - started, _cpu() - cpu


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _row(
    label: str,
    seconds: float,
    cpu: float,
    target: float | None,
    extra: str = "",
    *,
    summary: str | None = None,
) -> None:
    ratio = f"{seconds / target:5.2f} x target {target:g} s" if target else ""
    print(f"  {label:<34} {seconds:7.2f} s  (CPU {cpu:6.2f} s)  {ratio:<24} {extra}".rstrip())
    if summary is not None:
        record(
            "reports",
            summary,
            f"{seconds:.2f} s",
            ratio=f"{seconds / target:.2f} x target" if target else "",
            target=f"< {target:g} s" if target else "",
            met=seconds < target if target else None,
        )


def _demo(exceptions_only: bool = False) -> CommitteeReport:
    loaded = read_plan(demo_data_path())
    return build_report(
        loaded.plan,
        DEMO_QUARTER,
        organisation=loaded.organisation,
        exceptions_only=exceptions_only,
    )


def demo() -> None:
    print(f"Demonstration council, {DEMO_QUARTER} (69 measures):")
    _, seconds, cpu = _timed(warm_up)
    _row("vl-convert start-up (once a process)", seconds, cpu, None)
    report, seconds, cpu = _timed(_demo)
    _row("report model", seconds, cpu, None)
    for fmt in (*FORMATS, ReportFormat.HTML):
        data, seconds, cpu = _timed(lambda f=fmt: render(report, f, images=ChartImages()))
        pages = f"{_pages(data)} pages" if fmt is ReportFormat.PDF else ""
        _row(f"{fmt.label}", seconds, cpu, DEMO_TARGET_S, pages, summary=f"{fmt.label}, demo")
    images = ChartImages()
    _, seconds, cpu = _timed(lambda: [render(report, f, images=images) for f in ReportFormat])
    _row("all four formats, charts drawn once", seconds, cpu, None)
    only = _demo(exceptions_only=True)
    data, seconds, cpu = _timed(lambda: render(only, ReportFormat.PDF, images=ChartImages()))
    exceptions = len(only.exception_measures)
    pages = _pages(data)
    _row(
        "PDF, exceptions only",
        seconds,
        cpu,
        DEMO_TARGET_S,
        f"{pages} pages for {exceptions} exceptions",
        summary=f"PDF, demo, exceptions only ({pages} pages)",
    )


def _large_report() -> CommitteeReport:
    with tempfile.TemporaryDirectory() as folder:
        bench_pipeline.write_plan(Path(folder))
        plan = read_plan(Path(folder)).plan
    last = Quarter(bench_pipeline.FIRST_YEAR + bench_pipeline.YEARS - 1, 4)
    return build_report(plan, last, organisation="Generated council")


def large_one(fmt: str) -> None:
    """In a process of its own, so its peak memory is its own: print one format's figures
    as JSON."""
    report = _large_report()
    data, seconds, cpu = _timed(lambda: render(report, fmt))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    figures = {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": own,
        "worker_peak_mb": workers,
        "pages": _pages(data) if fmt == ReportFormat.PDF else None,
        "exceptions": len(report.exception_measures),
    }
    print(json.dumps(figures))


def large() -> None:
    print("Generated plan: 500 measures, 10 years of monthly values, its latest quarter:")
    for fmt in FORMATS:
        done = subprocess.run(
            [sys.executable, __file__, "--large", fmt.value],
            capture_output=True,
            text=True,
            check=False,
            env=dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p)),
        )
        if done.returncode != 0:
            print(f"  {fmt.label}: failed\n{done.stderr}")
            continue
        found = json.loads(done.stdout.strip().splitlines()[-1])
        memory = found["peak_mb"]
        extra = (
            f"peak {memory:5.0f} MB = {memory / LARGE_TARGET_MB:4.2f} x target 1 GB "
            f"(chart workers {found['worker_peak_mb']:.0f} MB each)"
        )
        if found["pages"]:
            extra = f"{found['pages']} pages, {found['exceptions']} exceptions; {extra}"
        name = f"{fmt.label}, 500 measures"
        _row(fmt.label, found["seconds"], found["cpu"], LARGE_TARGET_S, extra, summary=name)
        record(
            "reports",
            f"{name}: peak memory",
            f"{memory:.0f} MB",
            ratio=f"{memory / LARGE_TARGET_MB:.2f} x target",
            target="< 1 GB",
            met=memory < LARGE_TARGET_MB,
        )


def main() -> None:
    if sys.argv[1:2] == ["--large"]:
        large_one(sys.argv[2])
        return
    load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
    print(f"Committee reports (load average {load} on {os.cpu_count()} cores)")
    demo()
    large()


if __name__ == "__main__":
    main()
