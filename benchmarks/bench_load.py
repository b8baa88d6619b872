"""Benchmark: quarter end under load (issue 15; checklist LOAD-1 and LOAD-2).

Runs the service as the deployment guide does (``migrate``, ``collectstatic``, gunicorn with
``--no-control-socket``, the job worker when the release has one) under the settings for
local production checks, on loopback, over PostgreSQL and Redis, then the same over the
embedded SQLite default. Seeds a council with 100 measures (``--measures``; the demonstration
council has 69) and eight published quarters, 100 measure owners and 20 councillors, opens
the next quarter for entry, and runs ``locustfile_quarter_end.py`` headless: 100 owners
entering values, 20 councillors on the dashboards and 10 visitors on the public site, each
pausing between pages as people do. The owners and councillors start signed in (sessions
made as a sign-in makes them; a sign-in's password hash costs about a second of CPU by
design, and a person signs in once a day); the figures are measured once all are at work.
Prints requests per second, p50, p95, p99 and errors for each kind of request, and the
targets.

    python benchmarks/bench_load.py [--seconds 120] [--measures 100] [--only postgresql|sqlite]

Needs PostgreSQL and Redis (``scripts/ensure_postgres.sh``, ``scripts/ensure_redis.sh``
find or start them; this script runs them first). The database ``councilstat_bench_load``
is dropped and made afresh each run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import IO

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPOSITORY / "src"), str(REPOSITORY)]

from tests.integration import servers  # noqa: E402

from summary import record  # noqa: E402

PASSWORD = "quarter-end-load-" + "p" * 12  # noqa: S105  (a benchmark's own database)
OWNERS = 100
COUNCILLORS = 20
SPAWN_RATE = 20
PUBLISHED = "2019/20 Q1"
OPEN = "2019/20 Q2"
HISTORY = [
    "2017/18 Q2",
    "2017/18 Q3",
    "2017/18 Q4",
    "2018/19 Q1",
    "2018/19 Q2",
    "2018/19 Q3",
    "2018/19 Q4",
    "2019/20 Q1",
]
DATABASE = "councilstat_bench_load"
WORKERS, THREADS = 2, 4
TARGETS = {"councillor: dashboard": 300, "owner: save value": 200}  # p95, milliseconds


def seed(measure_count: int) -> dict:
    """Run in a child process, with the bench's database in the environment."""
    import datetime as dt
    import random
    from decimal import Decimal

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.test import Client
    from django.utils import timezone

    from councilstat.core.periods import parse_period
    from councilstat.web.accounts.models import Directorate, Organisation, Role, User
    from councilstat.web.collection.models import Observation, PeriodReturn, Status
    from councilstat.web.plans.models import Measure, Outcome, Plan, Priority, Target

    rng = random.Random(20200331)
    org = Organisation.objects.create(name="Loadtest Borough Council")
    directorates = [
        Directorate.objects.create(organisation=org, name=name)
        for name in ("People", "Place", "Resources", "Children", "Adults")
    ]
    password = make_password(PASSWORD)  # one hash for everyone: seeding stays quick
    owners = User.objects.bulk_create(
        User(
            username=f"owner-{n:03d}",
            password=password,
            organisation=org,
            role=Role.OWNER,
            directorate=directorates[n % len(directorates)],
            email=f"owner{n}@loadtest.example",
        )
        for n in range(1, OWNERS + 1)
    )
    User.objects.bulk_create(
        User(
            username=f"councillor-{n:02d}",
            password=password,
            organisation=org,
            role=Role.COUNCILLOR,
            email=f"councillor{n}@loadtest.example",
        )
        for n in range(1, COUNCILLORS + 1)
    )
    plan = Plan.objects.create(organisation=org, title="Council Plan 2019-20", reporting_year=2019)
    outcomes = []
    for p in range(1, 6):
        priority = Priority.objects.create(plan=plan, code=str(p), title=f"Priority {p}", order=p)
        for o in "ABCD":
            outcomes.append(
                Outcome.objects.create(priority=priority, code=f"{p}.{o}", title=f"Outcome {o}")
            )
    measures = Measure.objects.bulk_create(
        Measure(
            plan=plan,
            outcome=outcomes[i % len(outcomes)],
            code=f"M{i:03d}",
            title=f"Measure {i}: share of cases completed on time",
            unit="percent",
            polarity="higher" if i % 3 else "lower",
            frequency="quarterly",
            tolerance_kind="percent_of_target",
            tolerance_amount=Decimal(5),
            owner=owners[i % OWNERS],
            directorate=owners[i % OWNERS].directorate,
        )
        for i in range(measure_count)
    )
    targets, observations = [], []
    for measure in measures:
        for year in ("2017/18", "2018/19", "2019/20"):
            period = parse_period(year)
            targets.append(
                Target(measure=measure, period=year, period_end=period.end, value=Decimal(55))
            )
        for label in HISTORY:
            period = parse_period(label)
            value = Decimal(f"{rng.uniform(50, 60):.1f}")
            observations.append(
                Observation(
                    measure=measure,
                    period=str(period),
                    period_end=period.end,
                    value=value,
                    reported_value=value,
                    status=Status.PUBLISHED,
                    published_at=timezone.now(),
                )
            )
    Target.objects.bulk_create(targets)
    Observation.objects.bulk_create(observations, batch_size=1000)
    PeriodReturn.objects.create(
        plan=plan,
        period=PUBLISHED,
        deadline=dt.date(2019, 7, 31),
        published_at=timezone.now(),
        opened_to_members=True,
    )
    PeriodReturn.objects.create(plan=plan, period=OPEN, deadline=dt.date(2099, 10, 31))
    # Everyone already signed in: a session each, made as a sign-in makes it.
    sessions = {}
    for person in User.objects.filter(organisation=org):
        browser = Client()
        browser.force_login(person)
        sessions[person.username] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    return {"plan": plan.pk, "organisation": org.pk, "sessions": sessions}


def _slug(label: str) -> str:
    return label.replace("/", "-").replace(" Q", "-q")


def _reset_postgresql(admin_url: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    return admin_url.rsplit("/", 1)[0] + f"/{DATABASE}"


def _worker(env: dict, stack: ExitStack, log: Path) -> str:
    """Start the job worker, if this release has one (``manage.py run_huey``)."""
    commands = servers.manage(env, "help", "--commands")
    if "run_huey" not in commands.split():
        return "none in this release"
    output = stack.enter_context(log.open("wb"))
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey"],
        cwd=REPOSITORY,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    stack.callback(process.wait, 30)
    stack.callback(process.terminate)
    return "manage.py run_huey"


def _locust(url: str, ids: dict, seconds: int, measures: int, folder: Path) -> list[dict]:
    env = {
        **os.environ,
        "BENCH_SESSIONS": str(folder / "sessions.json"),
        "BENCH_PLAN_ID": str(ids["plan"]),
        "BENCH_ORGANISATION_ID": str(ids["organisation"]),
        "BENCH_OWNERS": str(OWNERS),
        "BENCH_MEASURES": str(measures),
        "BENCH_OPEN_QUARTER": _slug(OPEN),
        "BENCH_PUBLISHED_QUARTER": _slug(PUBLISHED),
    }
    (folder / "sessions.json").write_text(json.dumps(ids["sessions"]))
    users = OWNERS + COUNCILLORS + 10
    with (folder / "locust.log").open("wb") as log:
        _run_locust(url, env, users, seconds, folder, log)
    with (folder / "locust_stats.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


def _run_locust(url: str, env: dict, users: int, seconds: int, folder: Path, log: IO) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(REPOSITORY / "benchmarks" / "locustfile_quarter_end.py"),
            "--headless",
            "--host",
            url,
            "--users",
            str(users),
            "--spawn-rate",
            str(SPAWN_RATE),
            "--run-time",
            f"{seconds + users // SPAWN_RATE}s",
            "--reset-stats",  # measure from when everyone is at work
            "--csv",
            str(folder / "locust"),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ],
        cwd=REPOSITORY,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def scenario(
    name: str, database_url: str, redis_url: str, options: argparse.Namespace, static: Path
) -> dict:
    with tempfile.TemporaryDirectory(prefix="councilstat-load-") as scratch:
        folder = Path(scratch)
        env = servers.environment(
            database_url,
            redis_url,
            static,
            COUNCILSTAT_CACHE_KEY_PREFIX=f"bench-load-{name}-{time.time_ns()}",
            # Sign-in limits are per address: every simulated person comes from 127.0.0.1.
            COUNCILSTAT_ADDRESS_FAILURE_LIMIT="100000",
        )
        servers.manage(env, "migrate", "--noinput", "-v", "0")
        servers.manage(env, "collectstatic", "--noinput", "-v", "0")
        seeded = subprocess.run(
            [sys.executable, __file__, "--seed", "--measures", str(options.measures)],
            cwd=REPOSITORY,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        ids = json.loads(seeded.stdout.strip().splitlines()[-1])
        with ExitStack() as stack:
            worker = _worker(env, stack, folder / "worker.log")
            url = stack.enter_context(
                servers.gunicorn(
                    env, servers.free_port(), WORKERS, THREADS, log=folder / "gunicorn.log"
                )
            )
            started = time.monotonic()
            rows = _locust(url, ids, options.seconds, options.measures, folder)
            elapsed = time.monotonic() - started
        errors = (folder / "gunicorn.log").read_text(errors="replace").count('"level": "ERROR"')
        return {"name": name, "rows": rows, "worker": worker, "elapsed": elapsed, "logged": errors}


def _print(result: dict, seconds: int) -> bool:
    print(
        f"\n{result['name']}: gunicorn {WORKERS} workers x {THREADS} threads, worker: "
        f"{result['worker']}, {seconds} s measured"
    )
    header = f"{'request':<26}{'count':>7}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
    print(header + f"{'p99 ms':>8}{'errors':>8}")
    met = True
    for row in result["rows"]:
        name = row["Name"] if row["Name"] != "Aggregated" else "all requests"
        p95 = float(row["95%"] or 0)
        print(
            f"{name:<26}{row['Request Count']:>7}{float(row['Requests/s']):>8.1f}"
            f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}{row['Failure Count']:>8}"
        )
        if int(row["Failure Count"]):
            met = False
        if name in TARGETS and p95 >= TARGETS[name]:
            met = False
        if name in TARGETS or name == "all requests":
            target = f"p95 < {TARGETS[name]} ms" if name in TARGETS else "0 errors"
            ok = p95 < TARGETS[name] if name in TARGETS else not int(row["Failure Count"])
            record(
                "load",
                f"{result['name']}: {name} p95 (p50 {row['50%']} ms)",
                f"{row['95%']} ms",
                ratio=f"{row['Failure Count']} errors, {float(row['Requests/s']):.1f} req/s",
                target=target,
                met=ok,
            )
    print(f"error lines logged by the service: {result['logged']}")
    return met and result["logged"] == 0


def _ensure(service: str) -> str:
    """The URL printed by ``scripts/ensure_SERVICE.sh`` (which starts it if need be)."""
    script = REPOSITORY / "scripts" / f"ensure_{service}.sh"
    bash = shutil.which("bash") or "/bin/bash"
    found = subprocess.run([bash, str(script)], capture_output=True, text=True, check=True)
    return found.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=int, default=120, help="measured time")
    parser.add_argument("--measures", type=int, default=100, help="measures in the plan")
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    options = parser.parse_args()
    if options.seed:
        print(json.dumps(seed(options.measures)))
        return
    postgres, redis = (_ensure(service) for service in ("postgres", "redis"))
    print(
        f"Quarter-end load: {OWNERS} owners entering values, {COUNCILLORS} councillors on "
        f"dashboards, 10 public visitors; {options.measures} measures x {len(HISTORY)} "
        "published quarters"
    )
    print("targets: 0 errors; dashboard p95 < 300 ms; value save p95 < 200 ms")
    static = REPOSITORY / "var" / "bench-static"
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="councilstat-load-db-") as scratch:
        runs = []
        if options.only in (None, "postgresql"):
            runs.append(("PostgreSQL", _reset_postgresql(postgres)))
        if options.only in (None, "sqlite"):
            runs.append(("SQLite", f"sqlite:///{Path(scratch) / 'load.sqlite3'}"))
        for name, url in runs:
            result = scenario(name, url, redis, options, static)
            outcomes.append(_print(result, options.seconds))
    shutil.rmtree(static, ignore_errors=True)
    print("\ntargets met" if all(outcomes) else "\ntargets NOT met (see above)")


if __name__ == "__main__":
    main()
