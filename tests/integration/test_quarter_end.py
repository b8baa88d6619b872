"""CON at quarter end, on the database the suite is given: ten owners saving different values
at the same moment and a double-pressed publish give no error and lose nothing.

On SQLite the people need a database file (the suite's in-memory database is one connection
shared by every thread), so the seeded database is copied to a file with ``manage.py
backup`` and the same run happens in a child process over it, with the service's SQLite
settings (WAL, immediate transactions, busy timeout). On PostgreSQL it runs here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from councilstat.web.settings import base
from tests.integration import quarter_end

REPOSITORY = Path(__file__).resolve().parents[2]


def run_in_a_child_over_a_file(seeded: dict, tmp_path: Path) -> dict:
    database = tmp_path / "quarter-end.sqlite3"
    call_command("backup", str(database))
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "councilstat.web.settings.test",
        "PYTHONPATH": os.pathsep.join([str(REPOSITORY / "src"), str(REPOSITORY)]),
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "tests.integration.quarter_end", json.dumps(seeded)],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_ten_owners_saving_at_once_and_a_double_publish_lose_nothing(tmp_path):
    seeded = quarter_end.seed()
    if connection.vendor == "sqlite":
        report = run_in_a_child_over_a_file(seeded, tmp_path)
        assert report["journal_mode"] == "wal"
    else:
        report = quarter_end.run(seeded)
    assert report["saves"] == [302] * quarter_end.OWNERS, report
    assert report["stored"] == report["expected"]
    assert report["publishes"] == [302] * quarter_end.PUBLISHERS, report
    assert report["published"] == quarter_end.OWNERS
    assert report["published_at_set"]


def test_sqlite_is_set_up_for_concurrent_writers():
    options = base.SQLITE_OPTIONS
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]
    if connection.vendor == "sqlite":
        assert connection.settings_dict["OPTIONS"] == options
