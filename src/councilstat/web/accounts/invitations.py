"""Invitations: the e-mail that lets a new user choose their own password.

The link carries a token from Django's token machinery (``PasswordResetTokenGenerator``) with
its own salt, so an invitation and a password reset never stand in for each other. The token
hashes the user's password field, so it stops working once the password is set (single use),
and it expires after ``COUNCILSTAT_INVITATION_DAYS`` days (7 unless the settings say
otherwise). Sending an invitation again gives the user a fresh unusable password first, so only
the latest link works.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from councilstat.web.accounts.models import User

__all__ = [
    "DEFAULT_INVITATION_DAYS",
    "DEFAULT_SITE_URL",
    "InvitationTokenGenerator",
    "Sent",
    "invitation_days",
    "invitation_path",
    "invitation_tokens",
    "send_invitation",
    "site_url",
]

logger = logging.getLogger(__name__)

DEFAULT_INVITATION_DAYS = 7
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
"""The service's address when the ``COUNCILSTAT_SITE_URL`` setting gives none: the
development server's."""


def site_url(given: str = "") -> str:
    """The service's address for links in e-mails sent by commands (no trailing slash):
    ``given``, else the ``COUNCILSTAT_SITE_URL`` setting, else ``DEFAULT_SITE_URL``. Raises
    ``ValueError`` unless it is an absolute http(s) address, so every link is absolute."""
    address = (given or getattr(settings, "COUNCILSTAT_SITE_URL", "") or DEFAULT_SITE_URL).strip()
    parts = urlsplit(address)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(
            f"the service's address must be absolute, like https://performance.example.gov.uk, "
            f"not {address!r}"
        )
    return address.rstrip("/")


def invitation_days() -> int:
    """How many days an invitation link works for (``COUNCILSTAT_INVITATION_DAYS``)."""
    return int(getattr(settings, "COUNCILSTAT_INVITATION_DAYS", DEFAULT_INVITATION_DAYS))


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for invitation links: single use, and valid for ``invitation_days()`` days."""

    key_salt = "councilstat.web.accounts.invitations.InvitationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        # A deactivated user's link stops working too.
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"

    def check_token(self, user: User | None, token: str | None) -> bool:
        """As Django's, but with the invitation's lifetime rather than the password reset's."""
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, s), token)
            for s in secrets
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return age <= invitation_days() * 24 * 60 * 60


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user: User) -> str:
    """The path of a fresh invitation link for ``user`` (the site's address goes before it)."""
    return reverse(
        "accounts:accept_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )


@dataclass(frozen=True)
class Sent:
    """Whether the invitation e-mail went, and to whom."""

    user: User
    sent: bool

    @property
    def address(self) -> str:
        return self.user.email


def send_invitation(user: User, *, site_url: str, invited_by: User | None = None) -> Sent:
    """E-mail ``user`` an invitation to choose their password; ``site_url`` is the service's
    address (``https://performance.council.gov.uk``). A failure to send is logged and
    reported in the result, never raised: the user exists either way and the invitation can be
    sent again."""
    organisation = user.organisation
    context = {
        "user": user,
        "organisation": organisation.name if organisation else "",
        "service_name": organisation.name if organisation else settings.COUNCILSTAT_SERVICE_NAME,
        "link": f"{site_url.rstrip('/')}{invitation_path(user)}",
        "days": invitation_days(),
        "invited_by": invited_by.display_name if invited_by is not None else "",
    }
    subject = render_to_string("accounts/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/invitation_email.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("The invitation to %s could not be sent", user.get_username())
        return Sent(user, sent=False)
    return Sent(user, sent=True)
