"""Sessions end after ``COUNCILSTAT_SESSION_IDLE_SECONDS`` without a request (30 minutes) and
``COUNCILSTAT_SESSION_ABSOLUTE_SECONDS`` after signing in (10 hours), however busy (ASVS
7.3.1, 7.3.2). The times are kept in the session, on the server; ``clock`` is the one source
of the time, so tests can move it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse

from councilstat.web.operations.logs import security_event

__all__ = ["LAST_SEEN", "SIGNED_IN_AT", "SessionExpiryMiddleware", "clock", "start"]

SIGNED_IN_AT = "councilstat_signed_in_at"
LAST_SEEN = "councilstat_last_seen"
# The last-seen time is written at most this often, so that not every request saves the session.
_TOUCH_SECONDS = 60


def clock() -> float:
    return time.time()


def start(request: HttpRequest) -> None:
    """Mark the session as signed in now (called on ``user_logged_in``)."""
    now = clock()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


def _expired(session: Any, now: float) -> str | None:
    signed_in = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN)
    if signed_in is None or last_seen is None:
        return None
    if now - float(signed_in) > settings.COUNCILSTAT_SESSION_ABSOLUTE_SECONDS:
        return "absolute"
    if now - float(last_seen) > settings.COUNCILSTAT_SESSION_IDLE_SECONDS:
        return "idle"
    return None


class SessionExpiryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = clock()
            reason = _expired(request.session, now)
            if reason is not None:
                return self._end(request, user.pk, reason)
            if SIGNED_IN_AT not in request.session:  # signed in before this check existed
                start(request)
            elif now - float(request.session.get(LAST_SEEN, 0)) >= _TOUCH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)

    @staticmethod
    def _end(request: HttpRequest, user_id: int, reason: str) -> HttpResponse:
        logout(request)
        security_event("session_expired", user_id=user_id, reason=reason, target=request.path)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Your session has ended. Sign in again."}, status=401)
        if reason == "idle":
            minutes = settings.COUNCILSTAT_SESSION_IDLE_SECONDS // 60
            text = (
                f"You were signed out because you had not used the service for {minutes} minutes."
            )
        else:
            hours = settings.COUNCILSTAT_SESSION_ABSOLUTE_SECONDS // 3600
            text = f"You were signed out because you signed in more than {hours} hours ago."
        messages.info(request, text + " Sign in again to carry on.")
        return redirect_to_login(request.get_full_path())
