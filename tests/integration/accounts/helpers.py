"""What the account tests share: the invitation link in an e-mail, accepting it, signing in."""

from __future__ import annotations

import re

from django.urls import reverse

NEW_PASSWORD = "a-long-enough-passphrase-for-tests"  # noqa: S105  (tests only)
LINK = re.compile(r"https?://\S+/accounts/invitation/\S+/")


def link_in(message) -> str:
    """The invitation link in an e-mail, as a path the test client can open."""
    found = LINK.search(message.body)
    assert found is not None, message.body
    return "/" + found.group(0).split("/", 3)[3]


def accept(client, path, password=NEW_PASSWORD):
    """Open the invitation link and choose a password; the response to the form."""
    form = client.get(path, follow=True)
    assert b"Choose your password" in form.content
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def sign_in(client, username, password=NEW_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})
