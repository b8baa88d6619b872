"""AUTH-1 and AUTH-2 with the per-address limit beside them: 5 failures lock one username
from one address; 30 failures from one address lock the address, whatever the usernames
(48 guesses over 12 accounts used to lock nothing); other addresses are unaffected; behind
a trusted proxy the client's address counts, not the proxy's."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councilstat.web.accounts.models import Role
from tests.integration import factories
from tests.integration.factories import PASSWORD

LOCKED = b"Too many attempts to sign in"


def attempt(client: Client, username: str, password: str, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_five_failures_lock_that_username_and_the_right_password_is_refused(client, council):
    for _ in range(5):
        attempt(client, "owner", "wrong")
    locked = attempt(client, "owner", PASSWORD)
    assert locked.status_code == 429
    assert LOCKED in locked.content
    unknown = Client()
    for _ in range(5):
        attempt(unknown, "nobody-by-this-name", "wrong")
    refused = attempt(unknown, "nobody-by-this-name", "wrong")
    assert refused.status_code == 429
    assert refused.content == locked.content  # the same answer for unknown and locked users
    assert attempt(client, "director", PASSWORD).status_code == 302  # key: username and address


def test_twenty_wrong_passwords_one_log_line_each_then_the_lock_ends_after_the_cool_off(
    client, council, json_logs, settings
):
    """AUTH-1 as the checklist words it: 20 wrong passwords for one username from one
    address; locked from the 5th (the limit); every failure is a logged line; the right
    password is refused until the hour's cool-off has passed, and then signs in."""
    answers = [attempt(client, "owner", f"wrong-{n}").status_code for n in range(20)]
    limit = settings.AXES_FAILURE_LIMIT
    # The form again, with an error, then "too many attempts" from the failure that
    # reaches the limit on.
    assert answers == [200] * (limit - 1) + [429] * (20 - limit + 1)
    failures = json_logs.events("sign_in_failed")
    assert len(failures) == 20
    assert {(f["username"], f["ip_address"]) for f in failures} == {("owner", "127.0.0.1")}
    assert json_logs.events("locked_out")
    assert attempt(client, "owner", PASSWORD).status_code == 429
    # An hour and a minute later (the attempts moved back in time), the lock is over.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=61))
    assert attempt(client, "owner", PASSWORD).status_code == 302


def test_password_spraying_from_one_address_locks_the_address(client, council):
    organisation = council.plan.organisation
    accounts = [factories.user(organisation, Role.OWNER).username for _ in range(12)]
    answers = []
    for username in accounts:
        for _ in range(4):  # under the per-user limit of 5
            answers.append(attempt(client, username, "Spring2026!").status_code)
    assert 429 in answers
    assert answers.index(429) < 31  # the address is locked by the 31st guess
    # Now even a right password from that address is refused, for an account never guessed.
    assert attempt(client, "councillor", PASSWORD).status_code == 429
    # Another address signs in normally.
    assert attempt(Client(REMOTE_ADDR="192.0.2.7"), "councillor", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_client_address_is_locked_not_the_proxy(
    client, council, settings
):
    settings.COUNCILSTAT_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    colleague = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    for _ in range(5):
        attempt(client, "owner", "wrong", **attacker)
    assert attempt(client, "owner", PASSWORD, **attacker).status_code == 429
    assert attempt(Client(), "owner", PASSWORD, **colleague).status_code == 302
    # A forged header cannot choose the address: only the last hop, the proxy's, counts.
    forged = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.4, 203.0.113.9"}
    assert attempt(Client(), "owner", PASSWORD, **forged).status_code == 429
