"""AUTH-3: the password rules, through the forms people use (a password reset here; the
invitation uses the same validators). A 64-character passphrase with spaces is accepted and
signs in; a password from the common-password list is refused; there is no composition rule
(letters and spaces alone will do); and with the production password hasher nothing is cut
off: the first 72 characters of an 80-character password do not sign in."""

from __future__ import annotations

from django.conf import global_settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

PASSPHRASE_64 = "the quick brown fox jumps over the lazy dog by the townhall door"  # noqa: S105
assert len(PASSPHRASE_64) == 64


def reset_form(client: Client, email: str) -> str:
    """Ask for a reset and follow the e-mailed link to the form; returns its address."""
    mail.outbox.clear()
    client.post(reverse("accounts:password_reset"), {"email": email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    form = client.get(link.split("testserver", 1)[1], follow=True)
    assert b"Choose a new password" in form.content
    return form.redirect_chain[-1][0]


def choose(client: Client, url: str, password: str):
    return client.post(url, {"new_password1": password, "new_password2": password})


def sign_in(password: str, username: str = "owner") -> int:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code


def test_a_64_character_passphrase_with_spaces_and_no_digits_is_accepted(council):
    client = Client()
    done = choose(client, reset_form(client, council.owner.email), PASSPHRASE_64)
    assert done.status_code == 302, done.content.decode()
    assert sign_in(PASSPHRASE_64) == 302


def test_a_common_password_is_refused_with_a_reason(council):
    client = Client()
    url = reset_form(client, council.owner.email)
    refused = choose(client, url, "qwerty123456")  # among the thousand commonest
    assert refused.status_code == 200
    assert b"This password is too common" in refused.content
    short = choose(client, url, "Tr0ub4dor&3")
    assert b"This password is too short. It must contain at least 12 characters" in short.content
    assert sign_in("qwerty123456") == 200  # nothing was changed


def test_the_sign_in_form_lets_a_password_manager_fill_and_paste(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'autocomplete="current-password"' in page
    assert "onpaste" not in page
    assert "maxlength" not in page.split('name="password"', 1)[1].split(">", 1)[0]


def test_a_long_password_is_not_truncated_by_the_production_hasher(council, production):
    hashers = getattr(production, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert "bcrypt" not in hashers[0].lower()  # bcrypt would cut at 72 bytes
    eighty = "correct horse battery staple and a second horse with its battery staple, eighty!"
    assert len(eighty) == 80
    with override_settings(PASSWORD_HASHERS=hashers):
        client = Client()
        assert choose(client, reset_form(client, council.owner.email), eighty).status_code == 302
        council.owner.refresh_from_db()
        assert council.owner.password.startswith("pbkdf2_sha256$")
        assert sign_in(eighty[:72]) == 200
        assert sign_in(eighty) == 302
