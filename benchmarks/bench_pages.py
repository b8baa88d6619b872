"""Benchmark: the quarter pages for the 69-measure demo and a 500-measure plan.

The 500-measure plan has 10 years of monthly data (60,000 values, as ``bench_pipeline``
generates it), all published. Each page is requested as the performance team, first cold
(nothing kept: the figures computed and the rows drawn) and then warm, the two plans' warm
requests taking turns so that other work on the machine slows both alike. The median warm
time (wall clock, and the process's CPU time, which other work disturbs less) is printed with
the query count and the ratio to the demo's, and the load average beside them. Target: a
500-measure page within 3 x the demo's time, with the same number of queries. Run with
``make bench``; it uses a throwaway SQLite database.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
WORK = Path(tempfile.mkdtemp(prefix="councilstat-bench-pages-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "councilstat.web.settings.dev"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"

import logging  # noqa: E402

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
logging.disable(logging.WARNING)  # the security log of every user the loaders create

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench_pipeline import write_plan  # noqa: E402
from councilstat.core.periods import Quarter  # noqa: E402
from councilstat.io.plan_reader import read_plan  # noqa: E402
from councilstat.web.accounts.models import Organisation, Role, User  # noqa: E402
from councilstat.web.collection.imports import import_plan  # noqa: E402
from councilstat.web.collection.models import PeriodReturn, Status  # noqa: E402
from councilstat.web.dashboards.selectors import forget_figures  # noqa: E402
from councilstat.web.demo.council import load_demo  # noqa: E402
from councilstat.web.plans.models import Plan  # noqa: E402
from summary import record  # noqa: E402

WARM_RUNS = 9
LARGE_QUARTER = Quarter(2019, 2)
DEMO_QUARTER = Quarter(2019, 2)


def _large_plan() -> Plan:
    folder = WORK / "large"
    folder.mkdir()
    write_plan(folder)
    loaded = read_plan(folder)
    organisation = Organisation.objects.create(name="Large Borough Council")
    result = import_plan(
        loaded.plan, organisation, reporting_year=LARGE_QUARTER.year, status=Status.PUBLISHED
    )
    now = django.utils.timezone.now()
    PeriodReturn.objects.create(
        plan=result.plan, period=str(LARGE_QUARTER), deadline=now.date(), published_at=now
    )
    User.objects.create_user("large-performance", organisation=organisation, role=Role.PERFORMANCE)
    return result.plan


def _get(client: Client, url: str) -> tuple[float, float, int]:
    """One request's wall-clock and CPU seconds, and its query count."""
    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return wall, cpu, len(queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    load_demo()
    demo = Plan.objects.get()  # the only plan so far
    started = time.perf_counter()
    large = _large_plan()
    print(f"(500-measure plan loaded in {time.perf_counter() - started:.1f} s)")
    demo_client, large_client = Client(), Client()
    demo_client.force_login(User.objects.get(username="performance"))
    large_client.force_login(User.objects.get(username="large-performance"))
    plans = (
        ("69 measures", demo_client, demo, DEMO_QUARTER),
        ("500 measures", large_client, large, LARGE_QUARTER),
    )
    print(
        f"{'page':<12} {'plan':<13} {'cold s':>8} {'warm s':>8} {'cpu s':>7} {'queries':>8}"
        f" {'x demo':>7} {'cpu x':>6}"
    )
    for page, suffix in (("overview", ""), ("exceptions", "exceptions/")):
        urls = {}
        cold = {}
        for name, client, plan, quarter in plans:
            label = f"{quarter.year}-{(quarter.year + 1) % 100:02d}-q{quarter.number}"
            urls[name] = f"/plans/{plan.pk}/{label}/{suffix}"
            cache.clear()
            forget_figures()
            cold[name] = _get(client, urls[name])[0]
        warm: dict[str, list[tuple[float, float, int]]] = {name: [] for name, *_ in plans}
        for _ in range(WARM_RUNS):
            for name, client, *_ in plans:
                warm[name].append(_get(client, urls[name]))
        load = os.getloadavg()[0]
        base: tuple[float, float, int] | None = None
        for name, *_ in plans:
            wall = statistics.median(w for w, _, _ in warm[name])
            cpu = statistics.median(c for _, c, _ in warm[name])
            queries = warm[name][-1][2]
            if base is None:
                base = (wall, cpu, queries)
                print(
                    f"{page:<12} {name:<13} {cold[name]:8.3f} {wall:8.3f} {cpu:7.3f} {queries:8d}"
                )
                record("pages", f"{page}, {name}", f"{wall:.3f} s", ratio=f"{queries} queries")
                continue
            ratio, cpu_ratio = wall / base[0], cpu / base[1]
            print(
                f"{page:<12} {name:<13} {cold[name]:8.3f} {wall:8.3f} {cpu:7.3f} {queries:8d}"
                f" {ratio:6.1f}x {cpu_ratio:5.1f}x"
            )
            record(
                "pages",
                f"{page}, {name} (first request {cold[name]:.1f} s, load {load:.1f})",
                f"{wall:.3f} s",
                ratio=f"{ratio:.1f} x demo ({cpu_ratio:.1f} x in CPU time), {queries} queries",
                target="<= 3 x demo, same queries",
                met=ratio <= 3 and queries == base[2],
            )
    print(f"(load average {' '.join(f'{n:.2f}' for n in os.getloadavg())})")


if __name__ == "__main__":
    main()
