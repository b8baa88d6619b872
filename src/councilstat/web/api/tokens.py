"""Create, revoke and check personal API tokens.

A token is ``cs_`` followed by 43 URL-safe characters (256 random bits). Only its SHA-256 hash
is stored: the random part is long enough that no salt or slow hash is needed, and the hash is
looked up directly. The token is shown to its user once, when it is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from councilstat.web.accounts.models import User
from councilstat.web.accounts.policy import Permission, can
from councilstat.web.api.models import ApiToken

__all__ = ["TOKEN_PREFIX", "create_token", "revoke_token", "tokens_of", "user_for_token"]

TOKEN_PREFIX = "cs_"  # noqa: S105  (a public prefix, not a secret)
MAX_ACTIVE_TOKENS = 10
_TOUCH_AFTER = dt.timedelta(minutes=5)
log = logging.getLogger("councilstat.api")


class TokenLimit(Exception):
    """The user already has as many active tokens as allowed."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


@transaction.atomic
def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored record and the token itself (shown once)."""
    if not can(user, Permission.CREATE_API_TOKEN):
        raise PermissionError("your role cannot have an API token")
    active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise TokenLimit(f"revoke a token first: at most {MAX_ACTIVE_TOKENS} may be active")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API token",
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        key_hash=_hash(secret),
        role=user.role,
    )
    log.info("api token created", extra={"user_id": user.pk, "token_id": record.pk})
    return record, secret


@transaction.atomic
def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s own tokens (404 for anyone else's)."""
    record = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
    if record is None:
        raise Http404("no such token")
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at"])
        log.info("api token revoked", extra={"user_id": user.pk, "token_id": record.pk})
    return record


def user_for_token(token: str) -> User | None:
    """The user a token acts for, or ``None`` when it is unknown, revoked, or its user's role
    or standing has changed since it was made (or no longer lets them have a token)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    record = (
        ApiToken.objects.filter(key_hash=_hash(token), revoked_at__isnull=True)
        .select_related("user", "user__organisation")
        .first()
    )
    if record is None:
        return None
    user = record.user
    if not user.is_active or user.role != record.role or user.organisation_id is None:
        return None
    if not can(user, Permission.CREATE_API_TOKEN):
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > _TOUCH_AFTER:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return user


_STANDING = frozenset({"is_active", "role", "organisation"})


def revoke_tokens_of_changed_user(
    instance: User, update_fields: Iterable[str] | None = None, **_: Any
) -> None:
    """After a user is saved: revoke for good the tokens their new standing no longer allows
    (all of them once deactivated or left with no organisation; those made under another
    role), so that reactivating the user, or giving the old role back, revives none. Connected
    to the user model's ``post_save`` by the API app."""
    if update_fields is not None and not _STANDING & set(update_fields):
        return
    live = ApiToken.objects.filter(user_id=instance.pk, revoked_at__isnull=True)
    if instance.is_active and instance.organisation_id is not None:
        live = live.exclude(role=instance.role)
    revoked = live.update(revoked_at=timezone.now())
    if revoked:
        log.info("api tokens revoked", extra={"user_id": instance.pk, "tokens": revoked})
