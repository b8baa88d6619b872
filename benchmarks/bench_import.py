"""Benchmark: import one million observation rows with ``manage.py import_values``, on SQLite
and on PostgreSQL.

The file is generated reproducibly (seed ``SEED``): 5,000 monthly percentage measures with 200
months each (April 2013 to November 2029), one decimal place, against a yearly target, in a
23 MB CSV file. Each database starts empty (a new SQLite file; a new PostgreSQL database,
``DATABASE_URL`` for the server, else ``scripts/ensure_postgres.sh``), is migrated, and gets a
council, a performance-team user and the plan's measures; then the command runs in its own
process, timed from start to exit (reading, validating, comparing, storing values and their
audit records), and its peak resident memory is read from the operating system. Targets: under
30 s and 1 GB. Figures, not assertions: run with ``make bench``.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summary import record

REPOSITORY = Path(__file__).resolve().parent.parent
SEED = 20260101
MEASURES = 5_000
MONTHS = 200
FIRST = (2013, 4)
TARGET_S = 30.0
TARGET_MB = 1024.0
PG_NAME = "councilstat_bench_import"


def months() -> list[str]:
    year, month = FIRST
    labels = []
    for _ in range(MONTHS):
        labels.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def write_files(folder: Path) -> Path:
    """The plan's measures and targets (``folder/plan``) and its values (``values.csv``)."""
    rng = random.Random(SEED)
    plan = folder / "plan"
    plan.mkdir()
    with (plan / "measures.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["code", "title", "priority", "outcome", "unit", "polarity", "frequency", "tolerance"]
        )
        for i in range(MEASURES):
            writer.writerow(
                [f"M{i:04d}", f"Measure {i}", i % 5 + 1, f"{i % 5 + 1}.{i % 3}", "percent"]
                + ["higher", "monthly", "5%"]
            )
    years = sorted({int(m[:4]) - (int(m[5:]) < 4) for m in months()})
    with (plan / "targets.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "period", "target"])
        for i in range(MEASURES):
            for year in years:
                writer.writerow([f"M{i:04d}", f"{year}/{(year + 1) % 100:02d}", 25])
    values = folder / "values.csv"
    with values.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "period", "value", "note"])
        labels = months()
        for i in range(MEASURES):
            for label in labels:
                writer.writerow([f"M{i:04d}", label, f"{rng.uniform(30, 70):.1f}", ""])
    return values


def setup(database_url: str, plan_folder: str) -> None:
    """Run in a child process: migrate, then a council, its importer and the plan's measures;
    prints the plan's id."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilstat.web.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from councilstat.io.plan_reader import read_plan
    from councilstat.web.accounts.models import Organisation, Role, User
    from councilstat.web.collection.imports import import_plan

    organisation = Organisation.objects.create(name="Bench Borough Council")
    User.objects.create_user(
        "bench", organisation=organisation, role=Role.PERFORMANCE, password=None
    )
    loaded = read_plan(Path(plan_folder))
    result = import_plan(loaded.plan, organisation, reporting_year=2029)
    print(f"PLAN={result.plan.pk}")


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = subprocess.run(
            ["bash", str(REPOSITORY / "scripts" / "ensure_postgres.sh")],  # noqa: S607
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
        connection.execute(f'CREATE DATABASE "{PG_NAME}"')
    return f"{base}/{PG_NAME}"


def _drop_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(f"{url.rsplit('/', 1)[0]}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')


def run(
    label: str, database_url: str, folder: Path, values: Path
) -> tuple[str, float, float, float]:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(REPOSITORY / "src")}
    plan_id = subprocess.run(
        [sys.executable, __file__, "--setup", database_url, str(folder / "plan")],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    plan_id = next(line for line in plan_id.splitlines() if line.startswith("PLAN="))[5:]
    command = [sys.executable, str(REPOSITORY / "manage.py"), "import_values", plan_id]
    command += [str(values), "--user", "bench", "--no-progress"]
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    out, err = child.communicate()
    if status != 0:
        raise SystemExit(f"{label}: import_values failed\n{err.decode()}")
    child.returncode = 0
    print(f"  {label}: {out.decode().strip()}", file=sys.stderr)
    return label, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    rows = MEASURES * MONTHS
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        values = write_files(folder)
        size = values.stat().st_size / 1e6
        results.append(run("SQLite", f"sqlite:///{folder / 'bench.sqlite3'}", folder, values))
        postgres = _postgres_url()
        try:
            results.append(run("PostgreSQL", postgres, folder, values))
        finally:
            _drop_postgres(postgres)
    print(f"import_values: {rows:,} rows ({size:.0f} MB CSV, seed {SEED}), values and history")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    header = f"{'database':<12}{'seconds':>9}{'CPU s':>8}{'rows/s':>11}{'peak MB':>9}"
    print(f"{header}  target            ratio")
    for label, seconds, cpu, peak in results:
        ratio = max(seconds / TARGET_S, peak / TARGET_MB)
        print(
            f"{label:<12}{seconds:9.1f}{cpu:8.1f}{rows / seconds:11,.0f}{peak:9.0f}  "
            f"<{TARGET_S:.0f} s, <{TARGET_MB:.0f} MB  {ratio:5.2f}"
        )
        record(
            "import",
            f"import_values, 1,000,000 rows, {label}",
            f"{seconds:.1f} s ({cpu:.1f} s CPU), {peak:.0f} MB",
            ratio=f"{seconds / TARGET_S:.2f} x target",
            target=f"< {TARGET_S:.0f} s, < {TARGET_MB / 1024:.0f} GB",
            met=seconds < TARGET_S and peak < TARGET_MB,
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--setup":
        setup(sys.argv[2], sys.argv[3])
    else:
        main()
