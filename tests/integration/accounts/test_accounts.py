"""Signing in, lockout after repeated failures, password reset by email, and deploy checks."""

import os
import subprocess
import sys

from django.core import mail
from django.urls import reverse

from tests.integration.factories import PASSWORD


def sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_sign_in_and_out(client, council):
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert b"Sign in" in page.content
    response = sign_in(client, "owner", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("dashboards:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboards:home")).status_code == 302


def test_wrong_password_shows_an_error_summary(client, council):
    response = sign_in(client, "owner", "wrong")
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct username and password" in response.content


def test_lockout_after_five_failures_for_that_username(client, council):
    for _ in range(5):
        sign_in(client, "owner", "wrong")
    locked = sign_in(client, "owner", PASSWORD)
    assert locked.status_code == 429
    assert b"Too many attempts to sign in" in locked.content
    # Another user from the same address is not locked out: the key is username and address.
    assert sign_in(client, "director", PASSWORD).status_code == 302


def test_password_reset_sends_a_working_link(client, council):
    response = client.post(reverse("accounts:password_reset"), {"email": council.owner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert b"Choose a new password" in form.content
    new = "a-much-longer-new-passphrase"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert sign_in(client, "owner", new).status_code == 302


def test_pages_for_a_signed_in_user_are_not_stored(client, council):
    client.force_login(council.owner)
    response = client.get(reverse("dashboards:home"))
    assert "no-store" in response["Cache-Control"]


def test_production_settings_pass_the_deployment_check():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "councilstat.web.settings.production",
        "DJANGO_SECRET_KEY": "a" * 20 + "-production-check-" + "z" * 30,
        "DJANGO_ALLOWED_HOSTS": "performance.council.example",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
