"""The second factor: a code from an authenticator app (TOTP, django-otp), required of the
roles in ``COUNCILSTAT_MFA_ROLES`` (the performance team by default) and of administrators
(staff and superusers) whenever ``COUNCILSTAT_MFA_REQUIRED`` is on, as production has it.

A user who needs it and has not given a code in this session is sent, from every page, to
set up an app (no confirmed device yet) or to enter a code; API calls made with the session
get 403. Password sign-in alone, a password reset included, never gets further.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

__all__ = [
    "EXEMPT_VIEWS",
    "CodeForm",
    "SecondFactorMiddleware",
    "has_confirmed_device",
    "is_verified",
    "needs_second_factor",
]

# Pages a signed-in user may reach before giving a code.
EXEMPT_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:second_factor",
        "accounts:second_factor_setup",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
    }
)


def needs_second_factor(user: Any) -> bool:
    """Whether ``user`` must give a code from an authenticator app to use the service."""
    if not settings.COUNCILSTAT_MFA_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(user.role) and user.role in settings.COUNCILSTAT_MFA_ROLES


def is_verified(user: Any) -> bool:
    """Whether the user gave a code in this session (django-otp's OTPMiddleware says)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows now, for example 123456",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": False}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the code as 6 digits, like 123456")
        return code


class SecondFactorMiddleware:
    """Sends a user who needs a second factor, and has not given one, to give it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if not needs_second_factor(user) or is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if match is not None and "api" in match.namespaces:  # the REST API (not its pages)
            return JsonResponse(
                {"detail": "Give the code from your authenticator app in the browser first."},
                status=403,
            )
        name = "accounts:second_factor_setup"
        if has_confirmed_device(user):
            name = "accounts:second_factor"
        return HttpResponseRedirect(
            reverse(name) + "?" + urlencode({"next": request.get_full_path()})
        )
