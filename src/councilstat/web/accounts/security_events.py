"""Security events to the log (operations.logs): sign-in, failed sign-in, lockout, sign-out
and changes to a user's access. Connected in ``AccountsConfig.ready``.

Also: signing in sets ``last_login`` with an UPDATE rather than ``save()``, so that the user's
history (django-simple-history) records changes people make, not every sign-in.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.models import update_last_login
from django.db.models.signals import post_save, pre_save
from django.http import HttpRequest
from django.utils import timezone
from simple_history.models import HistoricalRecords

from councilstat.web.accounts import expiry
from councilstat.web.accounts.models import User
from councilstat.web.operations.logs import security_event

__all__ = ["ACCESS_FIELDS", "connect"]

# The fields that decide what a user may do; a change to any is logged with old and new.
ACCESS_FIELDS = (
    "role",
    "is_active",
    "is_staff",
    "is_superuser",
    "organisation_id",
    "directorate_id",
)
_MAX_USERNAME = 150


def _address(request: HttpRequest | None) -> str | None:
    return getattr(request, "axes_ip_address", None) if request is not None else None


def _attempted(credentials: dict[str, Any] | None) -> str:
    return str((credentials or {}).get("username", ""))[:_MAX_USERNAME]


def _signed_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    user.last_login = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=user.last_login)
    if request is not None and hasattr(request, "session"):
        expiry.start(request)
    security_event(
        "sign_in", user_id=user.pk, username=user.get_username(), ip_address=_address(request)
    )


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in ``credentials``; only the username is kept.
    security_event(
        "sign_in_failed",
        level=logging.WARNING,
        username=_attempted(credentials),
        ip_address=_address(request),
    )


def _locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    security_event(
        "locked_out",
        level=logging.WARNING,
        username=str(username or "")[:_MAX_USERNAME],
        ip_address=ip_address,
    )


def _signed_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        security_event("sign_out", user_id=user.pk)


def _remember_access(sender: Any, instance: User, **kwargs: Any) -> None:
    before = None
    if instance.pk is not None:
        before = User.objects.filter(pk=instance.pk).values(*ACCESS_FIELDS, "email").first()
    instance._access_before = before  # type: ignore[attr-defined]


def _log_access_change(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_access_before", None)
    actor = getattr(instance, "_history_user", None)
    request = getattr(HistoricalRecords.context, "request", None)
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    actor_id = getattr(actor, "pk", None)
    if created or before is None:
        security_event(
            "user_created",
            actor_id=actor_id,
            target=instance.pk,
            changes={field: getattr(instance, field) for field in ACCESS_FIELDS},
        )
        return
    changes = {
        field: [before[field], getattr(instance, field)]
        for field in ACCESS_FIELDS
        if before[field] != getattr(instance, field)
    }
    if before["email"] != instance.email:
        changes["email"] = ["(changed)", "(changed)"]  # that it changed; not the addresses
    if changes:
        security_event("user_changed", actor_id=actor_id, target=instance.pk, changes=changes)


def connect() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(_signed_in, dispatch_uid="councilstat_signed_in")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="councilstat_sign_in_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="councilstat_locked_out")
    user_logged_out.connect(_signed_out, dispatch_uid="councilstat_signed_out")
    pre_save.connect(_remember_access, sender=User, dispatch_uid="councilstat_access_before")
    post_save.connect(_log_access_change, sender=User, dispatch_uid="councilstat_access_after")
