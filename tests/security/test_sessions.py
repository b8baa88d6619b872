"""SESS-1 to SESS-4: a new session key at sign-in, idle and absolute expiry with a
moved clock, every session of a user ended (by the performance team, or by deactivating
them), and the cookies' names and flags under production settings."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse

from councilstat.web.accounts import expiry
from councilstat.web.accounts.models import Role
from councilstat.web.accounts.services import update_user
from tests.integration import factories
from tests.integration.factories import PASSWORD

HOME = "/"
MINUTE = 60.0


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    moved = Clock(1_800_000_000.0)
    monkeypatch.setattr(expiry, "clock", moved)
    return moved


def sign_in(client, username="owner"):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return response


def test_sign_in_issues_a_new_session_key(client, council):
    client.get(reverse("accounts:login"))
    client.cookies["sessionid"] = "attackerchosenkey0000000000000000"
    session = client.session
    session["before"] = True
    session.save()
    before = client.cookies["sessionid"].value
    sign_in(client)
    assert client.cookies["sessionid"].value != before


def test_a_session_ends_after_the_idle_limit(client, council, clock, settings):
    settings.COUNCILSTAT_SESSION_IDLE_SECONDS = 30 * 60
    sign_in(client)
    clock.advance(29 * MINUTE)
    assert client.get(HOME).status_code == 200
    clock.advance(29 * MINUTE)  # 29 minutes after the last request: still in
    assert client.get(HOME).status_code == 200
    clock.advance(31 * MINUTE)
    expired = client.get(HOME)
    assert expired.status_code == 302
    assert expired["Location"].startswith(reverse("accounts:login"))
    page = client.get(expired["Location"])
    assert b"had not used the service for 30 minutes" in page.content
    assert client.get(HOME).status_code == 302  # signed out, not only redirected once


def test_a_session_ends_at_the_absolute_limit_even_while_active(client, council, clock, settings):
    settings.COUNCILSTAT_SESSION_IDLE_SECONDS = 30 * 60
    settings.COUNCILSTAT_SESSION_ABSOLUTE_SECONDS = 10 * 3600
    sign_in(client)
    for _ in range(10 * 3):  # a request every 20 minutes for 10 hours
        clock.advance(20 * MINUTE)
        assert client.get(HOME).status_code == 200
    clock.advance(20 * MINUTE)
    expired = client.get(HOME)
    assert expired.status_code == 302
    assert expired["Location"].startswith(reverse("accounts:login"))
    assert b"signed in more than 10 hours ago" in client.get(expired["Location"]).content


def test_an_expired_session_gets_401_from_the_api(client, council, clock, settings):
    sign_in(client)
    clock.advance(settings.COUNCILSTAT_SESSION_IDLE_SECONDS + 1)
    assert client.get("/api/v1/plans").status_code == 401


def test_a_session_expiry_is_logged(client, council, clock, json_logs):
    sign_in(client)
    clock.advance(24 * 3600)
    client.get(HOME)
    (event,) = json_logs.events("session_expired")
    assert event["user_id"] == council.owner.pk
    assert event["reason"] == "absolute"


def test_the_defaults_are_30_minutes_idle_and_10_hours_in_all(production):
    assert production.COUNCILSTAT_SESSION_IDLE_SECONDS == 30 * 60
    assert production.COUNCILSTAT_SESSION_ABSOLUTE_SECONDS == 10 * 3600
    assert production.SESSION_COOKIE_AGE <= production.COUNCILSTAT_SESSION_ABSOLUTE_SECONDS


COOKIE_SETTINGS = (
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_PATH",
    "CSRF_COOKIE_DOMAIN",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
)


def test_production_cookies_are_host_prefixed_secure_and_lax(council, production):
    values = {
        name: getattr(production, name) for name in COOKIE_SETTINGS if hasattr(production, name)
    }
    with override_settings(**values):
        client = Client(HTTP_X_FORWARDED_PROTO="https")
        form = client.get(reverse("accounts:login"))
        csrf = form.cookies["__Host-csrftoken"]
        response = client.post(
            reverse("accounts:login"),
            {
                "username": "owner",
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf.value,
            },
        )
        assert response.status_code == 302
        session = response.cookies["__Host-sessionid"]
    for cookie in (session, csrf):
        assert cookie["secure"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert not cookie["domain"]  # a __Host- cookie must not name a domain
    assert session["httponly"] is True
    assert "sessionid" not in response.cookies


def test_the_performance_team_signs_a_user_out_of_every_device(council, json_logs):
    """SESS-3: two devices signed in as the owner; "Sign out of every device" on the user's
    page ends both (their next request is signed out), another user's session is untouched,
    and it is audited: a history row saying who did it, and a security event."""
    laptop, phone, colleague = Client(), Client(), Client()
    for device in (laptop, phone):
        sign_in(device, "owner")
        assert device.get(HOME).status_code == 200
    sign_in(colleague, "other-owner")
    officer = Client()
    officer.force_login(council.performance)
    page = officer.get(reverse("plans:edit_user", args=[council.owner.pk]))
    assert b"Sign out of every device" in page.content
    response = officer.post(reverse("plans:sign_out_everywhere", args=[council.owner.pk]))
    assert response.status_code == 302
    followed = officer.get(response.url)
    assert b"owner was signed out of every device (2 sessions)" in followed.content
    for device in (laptop, phone):
        assert device.get(HOME).url.startswith(reverse("accounts:login"))
    assert colleague.get(HOME).status_code == 200
    latest = council.owner.history.order_by("-history_date").first()
    assert latest.history_change_reason == "Signed out of every device by performance"
    assert latest.history_user_id == council.performance.pk
    (event,) = json_logs.events("sessions_ended")
    assert (event["actor_id"], event["target"], event["sessions"]) == (
        council.performance.pk,
        council.owner.pk,
        2,
    )


def test_only_the_performance_team_of_the_same_council_can_sign_a_user_out(council):
    victim = Client()
    sign_in(victim, "owner")
    url = reverse("plans:sign_out_everywhere", args=[council.owner.pk])
    director = Client()
    director.force_login(council.director)
    assert director.post(url).status_code == 403
    stranger = Client()
    stranger.force_login(factories.user(factories.organisation(), Role.PERFORMANCE))
    assert stranger.post(url).status_code == 404
    assert victim.get(HOME).status_code == 200


def test_deactivating_a_user_ends_their_sessions(council):
    """SESS-3: deactivated mid-session, the user's next request is signed out, and their
    session rows are gone."""
    device = Client()
    sign_in(device, "owner")
    before = Session.objects.count()
    update_user(council.performance, council.owner, {"is_active": False})
    assert Session.objects.count() == before - 1
    assert device.get(HOME).url.startswith(reverse("accounts:login"))
