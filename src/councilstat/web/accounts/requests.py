"""A request whose user has signed in, for views behind ``login_required``."""

from __future__ import annotations

from django.http import HttpRequest

from councilstat.web.accounts.models import User


class SignedInRequest(HttpRequest):
    user: User  # login_required guarantees it
