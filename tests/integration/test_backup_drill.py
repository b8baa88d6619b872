"""BAK-1, the restore drill, on the database the suite is given: back up the demonstration
council with ``manage.py backup``, restore it into a fresh database with ``manage.py
restore``, and find there the same published quarter's committee report, byte for byte, the
same row count in every table and no migration missing. A restore over a live database ends
every session and removes the service's cached pages, so the pages show the restored figures
at once (and nothing else in the shared Redis is touched)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from councilstat.web.plans.models import Plan
from tests.integration import drill, factories
from tests.integration.factories import PASSWORD

REPOSITORY = Path(__file__).resolve().parents[2]
QUARTER = "2019/20 Q2"


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of the suite's kind, removed afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_drill"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = quote(str(settings["USER"] or ""), safe="")
    password = quote(str(settings["PASSWORD"] or ""), safe="")
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or "5432"
    try:
        yield f"postgres://{user}:{password}@{host}:{port}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(arguments: list[str], database_url: str) -> str:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "councilstat.web.settings.test",
        "PYTHONPATH": os.pathsep.join([str(REPOSITORY / "src"), str(REPOSITORY)]),
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{arguments}: {result.stdout}\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_the_same_report(tmp_path, capsys):
    from councilstat.web.demo.council import load_demo

    load_demo()
    plan = Plan.objects.get()
    before = drill.digest(plan.pk, QUARTER, "councillor")
    assert before["report_has_figures"]
    backup = tmp_path / "councilstat.backup"
    call_command("backup", str(backup))
    assert backup.stat().st_mode & 0o077 == 0  # readable by its owner only
    with fresh_database(tmp_path) as url:
        restored = run(["manage.py", "restore", str(backup), "--noinput"], url)
        assert "Restored the" in restored
        assert " s." in restored
        run(["manage.py", "migrate", "--check"], url)
        after = json.loads(
            run(["-m", "tests.integration.drill", str(plan.pk), QUARTER, "councillor"], url)
            .strip()
            .splitlines()[-1]
        )
    with capsys.disabled():
        sys.stdout.write(f"\n  {restored.strip()}\n")
    assert after["rows"] == before["rows"]
    assert after["report_sha256"] == before["report_sha256"]


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file_unless_asked(tmp_path):
    existing = tmp_path / "kept.backup"
    existing.write_text("an older backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_text() == "an older backup"


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(tmp_path, council):
    from councilstat.web.accounts.models import User

    users = User.objects.count()
    other = tmp_path / "notes.backup"
    other.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(CommandError, match="not a"):
        call_command("restore", str(other), "--noinput")
    assert User.objects.count() == users


REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.mark.django_db(transaction=True)
def test_after_a_restore_the_pages_show_the_restored_figures_and_everyone_signs_in_again(
    tmp_path, council
):
    """A target changed after the backup is on the (Redis-cached) public page; after the
    restore, the page shows the backup's target at once, a session from before the backup is
    over, a job the backup holds as waiting (in no queue now) is failed in words, and a key of
    another service in the same Redis is still there."""
    from councilstat.web.jobs.models import Job, Kind, State
    from councilstat.web.jobs.services import RESTORED
    from councilstat.web.plans.management_services import set_target

    prefix = f"drill-{uuid.uuid4().hex}"
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    neighbour = f"{prefix}-other-service:1:kept"
    store = redis.Redis.from_url(REDIS_URL)
    store.set(neighbour, b"not ours", ex=600)
    factories.period_return(
        council.plan, "2019/20 Q1", published_at=timezone.make_aware(dt.datetime(2019, 8, 15))
    )
    page = reverse("public:measure", args=[council.plan.organisation_id, "1A1"])
    visitor = Client()
    officer = Client()
    signed_in = {"username": "performance", "password": PASSWORD}
    assert officer.post(reverse("accounts:login"), signed_in).status_code == 302
    waiting = Job.objects.create(owner=council.councillor, kind=Kind.REPORT, title="Report")
    backup = tmp_path / "before.backup"
    try:
        with override_settings(CACHES=shared):
            assert "80.0%" in visitor.get(page).content.decode()
            call_command("backup", str(backup))
            set_target(council.performance, council.measure, "2019/20", Decimal("66"), "fix")
            assert "66.0%" in visitor.get(page).content.decode()  # cached in Redis now
            assert store.keys(f"{prefix}:*")
            said = io.StringIO()
            call_command("restore", str(backup), "--noinput", stdout=said)
            assert "Ended 1 session (everyone signs in again)" in said.getvalue()
            removed = re.search(
                r"cleared the service's cache \((\d+) keys in Redis\)", said.getvalue()
            )
            assert removed, said.getvalue()
            assert int(removed.group(1)) >= 2  # at least the page and its figures' version
            shown = visitor.get(page).content.decode()
            assert "80.0%" in shown
            assert "66.0%" not in shown
            assert officer.get(reverse("collection:periods")).status_code == 302  # signed out
            waiting.refresh_from_db()
            assert (waiting.state, waiting.error) == (State.FAILED, RESTORED)
        assert store.get(neighbour) == b"not ours"
    finally:
        for key in store.scan_iter(match=f"{prefix}*"):
            store.delete(key)
