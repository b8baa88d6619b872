"""Signing in, then the second factor: setting up an authenticator app (a QR code) and
entering its code.

The QR code is drawn by segno, as SVG: segno is pure Python with no dependencies, where
``qrcode`` needs Pillow for images; the SVG goes into the page as a ``data:`` image with its
text alternative, and the secret is also shown for typing in.
"""

from __future__ import annotations

import logging
from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from councilstat.web.accounts.forms import SignInForm
from councilstat.web.accounts.mfa import CodeForm, has_confirmed_device, is_verified
from councilstat.web.accounts.policy import Permission, can
from councilstat.web.operations.logs import security_event

__all__ = ["SignInView", "second_factor", "set_up_second_factor"]

DEVICE_NAME = "Authenticator app"


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["second_factor_required"] = settings.COUNCILSTAT_MFA_REQUIRED
        return context

    def get_default_redirect_url(self) -> str:
        """A service administrator with no council role lands on the councils page."""
        user = self.request.user
        if can(user, Permission.MANAGE_SERVICE) and not getattr(user, "role", ""):
            return reverse("plans:councils")
        return super().get_default_redirect_url()


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(request: HttpRequest, name: str) -> HttpResponseRedirect:
    wanted = request.GET.get("next") or request.POST.get("next")
    query = "?" + request.GET.urlencode() if wanted else ""
    return HttpResponseRedirect(reverse(name) + query)


def _verified(request: HttpRequest, device: TOTPDevice, event: str) -> HttpResponseRedirect:
    # A new session key at the step up, as at sign-in (no session fixation across it).
    request.session.cycle_key()
    django_otp.login(request, device)
    security_event(event, user_id=request.user.pk)
    return HttpResponseRedirect(_next_url(request))


def _waiting(device: TOTPDevice) -> bool:
    """Whether the device refuses codes for now: after each wrong code django-otp makes the
    next wait longer (1, 2, 4 … seconds)."""
    return not device.verify_is_allowed()[0]


def _refused(request: HttpRequest, form: CodeForm, waiting: bool) -> None:
    if waiting:
        form.add_error("code", "Too many wrong codes. Wait a minute, then enter the code again")
    else:
        form.add_error("code", "The code is not right. Enter the code your app shows now")
    security_event("second_factor_failed", level=logging.WARNING, user_id=request.user.pk)


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Enter the code from the app set up earlier."""
    if not has_confirmed_device(request.user):
        return _with_next(request, "accounts:second_factor_setup")
    if is_verified(request.user):
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
        waiting = all(_waiting(device) for device in devices)
        for device in devices:
            found = django_otp.verify_token(
                request.user, device.persistent_id, form.cleaned_data["code"]
            )
            if found is not None:
                return _verified(request, found, "second_factor_verified")
        _refused(request, form, waiting)
    context = {"form": form, "next": _next_url(request), "navigation": []}
    return render(request, "accounts/second_factor.html", context)


@login_required
def set_up_second_factor(request: HttpRequest) -> HttpResponse:
    """Scan a QR code (or type the key) into an authenticator app, then enter its code.

    Only before any app is confirmed: adding another needs the code of the first, so a
    stolen password cannot add the thief's phone."""
    if has_confirmed_device(request.user):
        return _with_next(request, "accounts:second_factor")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        waiting = _waiting(device)
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save()
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            return _verified(request, device, "second_factor_enrolled")
        _refused(request, form, waiting)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next_url(request),
        "navigation": [],  # nothing else opens until the app is set up
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#0b0c0c"),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "accounts/second_factor_setup.html", context)
