"""Sign-in limits: django-axes' lockout per username and address, and beside it a limit per
address, so that many guesses spread over many accounts from one place (password spraying)
are stopped too.

``AXES_FAILURE_LIMIT`` (5) failures for one username from one address lock that pair;
``COUNCILSTAT_ADDRESS_FAILURE_LIMIT`` (30) failures from one address, whatever the usernames,
lock the address. Both within ``AXES_COOLOFF_TIME``. Behind a reverse proxy the address is
the client's as the proxies report it (``client_ip``), never the proxy's own, or one
attacker could lock out every user at once.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

__all__ = ["UserAndAddressHandler", "address_failures", "client_ip"]


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or, behind ``COUNCILSTAT_TRUSTED_PROXIES``
    proxies, the address the outermost trusted proxy saw (counted from the right of
    ``X-Forwarded-For``, which only the proxies can append to)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "COUNCILSTAT_TRUSTED_PROXIES", 0))
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address within the cool-off period."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    found = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return int(found or 0)


class UserAndAddressHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler, locking an address that has failed too often as well."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        if address_failures(request) >= settings.COUNCILSTAT_ADDRESS_FAILURE_LIMIT:
            return max(failures, int(get_failure_limit(request, credentials)))
        return failures
