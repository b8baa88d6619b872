"""The production deployment (docs/deployment.md): the shared cache the production settings
require, and two gunicorn servers over one database and one Redis behaving as one service.

The two-server test runs the guide's commands (``migrate``, ``collectstatic``, gunicorn with
``--no-control-socket``) under the settings for local production checks: production in all
but HTTPS. On PostgreSQL both servers use the test database itself; on SQLite, a file copy of
it (both servers then share the file, as they would on one machine).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from councilstat.core.periods import Quarter
from councilstat.web.accounts.models import User
from tests.integration import factories, servers
from tests.integration.factories import PASSWORD
from tests.security.conftest import fresh_production_settings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_production_requires_redis_for_the_shared_cache(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "p" * 60)
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(RuntimeError, match="REDIS_URL must be set in production"):
        fresh_production_settings()
    monkeypatch.setenv("REDIS_URL", "redis://cache.council.internal:6379/2")
    production = fresh_production_settings()
    cache = production.CACHES["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.council.internal:6379/2"


def test_development_and_tests_keep_a_cache_in_the_process():
    """``make demo`` and the unit tests need no Redis."""
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    from councilstat.web.settings import dev

    assert not hasattr(dev, "CACHES") or "locmem" in dev.CACHES["default"]["BACKEND"]


def _form_token(page: str) -> str:
    found = TOKEN.search(page)
    assert found, page[:2000]
    return found.group(1)


def _post(session: requests.Session, url: str, data: dict) -> requests.Response:
    """Submit a form as a browser does: load it, send it back with its CSRF token."""
    page = session.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return session.post(
        url,
        data={**data, "csrfmiddlewaretoken": _form_token(page.text)},
        headers={"Referer": url},
        allow_redirects=False,
    )


def _sign_in(session: requests.Session, base: str, username: str) -> None:
    response = _post(
        session, base + reverse("accounts:login"), {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.text[:2000]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}"


def _shared_database(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        database = tmp_path / "service.sqlite3"
        call_command("backup", str(database))
        return f"sqlite:///{database}"
    return servers.database_url_of_this_connection()


@pytest.mark.django_db(transaction=True)
def test_two_gunicorn_servers_share_sessions_values_uploads_and_the_cache(council, tmp_path):
    org = council.plan.organisation
    factories.period_return(
        council.plan, "2019/20 Q1", published_at=timezone.make_aware(dt.datetime(2019, 8, 15))
    )
    device = TOTPDevice.objects.create(user=council.performance, name="app", confirmed=True)
    # The servers check passwords with production's hashers (the tests' fast one is not there).
    production_hash = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.filter(pk__in=[council.owner.pk, council.performance.pk]).update(
        password=production_hash
    )
    env = servers.environment(
        _shared_database(tmp_path),
        REDIS_URL,
        tmp_path / "static",
        # One Redis may serve other tests or a running service: this test's keys are its own.
        COUNCILSTAT_CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
    )
    assert "No migrations to apply" in servers.manage(env, "migrate", "--noinput")
    servers.manage(env, "collectstatic", "--noinput", "-v", "0")
    assert (tmp_path / "static" / "staticfiles.json").exists()

    with (
        servers.gunicorn(env, servers.free_port(), log=tmp_path / "a.log") as a,
        servers.gunicorn(env, servers.free_port(), log=tmp_path / "b.log") as b,
    ):
        # Static files: collected, hashed and served by whitenoise from each server.
        sign_in_page = requests.get(a + reverse("accounts:login"), timeout=30).text
        stylesheet = re.search(r'href="(/static/govuk/app\.[0-9a-f]+\.css)"', sign_in_page)
        assert stylesheet, "the stylesheet is not served under its hashed name"
        assert requests.get(b + stylesheet.group(1), timeout=30).status_code == 200

        # A session started on A is good on B (sessions live in the shared database).
        owner = requests.Session()
        _sign_in(owner, a, "owner")
        mine = owner.get(b + reverse("collection:my_measures"))
        assert mine.status_code == 200
        assert reverse("accounts:login") not in mine.url
        assert "Signed in as" in mine.text

        # A value saved on A is there on B.
        entry = reverse(
            "collection:entry",
            kwargs={"plan_id": council.plan.pk, "code": "1A1", "period": Quarter(2019, 2)},
        )
        saved = _post(
            owner, a + entry, {"value": "81.2", "version": "", "action": "draft", "commentary": ""}
        )
        assert saved.status_code == 302, saved.text[:2000]
        assert 'value="81.2' in owner.get(b + entry).text

        # The public page, cached on both; withdrawn from the public site on A (by the
        # performance team, with the second factor), it is gone from B at the next request.
        public = reverse("public:measure", args=[org.pk, "3B1"])
        for server in (a, b):
            assert requests.get(server + public, timeout=30).status_code == 200
        officer = requests.Session()
        _sign_in(officer, a, "performance")
        verified = _post(officer, a + reverse("accounts:second_factor"), {"code": _code(device)})
        assert verified.status_code == 302, verified.text[:2000]

        # An upload staged on A is previewed on B (it is kept in the database, not on disk).
        form = officer.get(a + reverse("collection:import"))
        staged = officer.post(
            a + reverse("collection:import"),
            data={
                "kind": "observations",
                "plan": council.plan.pk,
                "csrfmiddlewaretoken": _form_token(form.text),
            },
            files={"file": ("q2-values.csv", b"code,period,value\n3B1,2019/20 Q2,82.5\n")},
            headers={"Referer": a + reverse("collection:import")},
            allow_redirects=False,
        )
        assert staged.status_code == 302, staged.text[:2000]
        preview = officer.get(b + staged.headers["Location"])
        assert preview.status_code == 200
        assert "q2-values.csv" in preview.text
        assert "82.5" in preview.text

        measure = council.other_measure
        withdrawn = _post(
            officer,
            a + reverse("plans:edit_measure", kwargs={"plan_id": council.plan.pk, "code": "3B1"}),
            {
                "title": measure.title,
                "polarity": measure.polarity,
                "aggregation": measure.aggregation,
                "tolerance": str(measure.tolerance),
                "owner": council.other_owner.pk,
                "directorate": measure.directorate_id,
                "definition": "",
                "source": "",
                "reason": "Withdrawn from the public site pending a data quality review",
            },
        )
        assert withdrawn.status_code == 302, withdrawn.text[:2000]
        assert requests.get(b + public, timeout=30).status_code == 404
        data = requests.get(b + reverse("public:data_csv", args=[org.pk]), timeout=30)
        assert "3B1" not in data.text
