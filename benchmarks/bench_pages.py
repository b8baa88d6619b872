"""Benchmark: the quarter pages for the 69-measure demo and a 500-measure plan.

The 500-measure plan has 10 years of monthly data (60,000 values, as ``bench_pipeline``
generates it), all published. Each page is requested as the performance team, first cold (a
fresh cache) and then warm, and the median of several warm requests is printed with its query
count and its ratio to the demo's. Target: a 500-measure page within 3 x the demo's time, with
the same number of queries. Run with ``make bench``; it uses a throwaway SQLite database.
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
from councilstat.web.demo.council import load_demo  # noqa: E402
from councilstat.web.plans.models import Plan  # noqa: E402
from summary import record  # noqa: E402

WARM_RUNS = 5
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


def _time(client: Client, url: str) -> tuple[float, float, int]:
    """Cold time, median warm time (seconds) and the warm query count of ``url``."""
    cache.clear()
    start = time.perf_counter()
    response = client.get(url)
    cold = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    warm = []
    for _ in range(WARM_RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(url)
            warm.append(time.perf_counter() - start)
    return cold, statistics.median(warm), len(queries)


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
    print(f"{'page':<12} {'plan':<13} {'cold s':>8} {'warm s':>8} {'queries':>8} {'x demo':>7}")
    for page, suffix in (("overview", ""), ("exceptions", "exceptions/")):
        base: float | None = None
        base_queries = 0
        for name, client, plan, quarter in (
            ("69 measures", demo_client, demo, DEMO_QUARTER),
            ("500 measures", large_client, large, LARGE_QUARTER),
        ):
            label = f"{quarter.year}-{(quarter.year + 1) % 100:02d}-q{quarter.number}"
            url = f"/plans/{plan.pk}/{label}/{suffix}"
            cold, warm, queries = _time(client, url)
            ratio = "" if base is None else f"{warm / base:6.1f}x"
            print(f"{page:<12} {name:<13} {cold:8.3f} {warm:8.3f} {queries:8d} {ratio:>7}")
            if base is None:
                base, base_queries = warm, queries
                record("pages", f"{page}, {name}", f"{warm:.3f} s", ratio=f"{queries} queries")
                continue
            record(
                "pages",
                f"{page}, {name} (first request {cold:.1f} s)",
                f"{warm:.3f} s",
                ratio=f"{warm / base:.1f} x demo, {queries} queries",
                target="<= 3 x demo, same queries",
                met=warm <= 3 * base and queries == base_queries,
            )


if __name__ == "__main__":
    main()
