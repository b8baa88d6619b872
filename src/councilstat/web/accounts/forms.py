"""The sign-in and password forms, with GOV.UK-style error wording."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from councilstat.web.accounts.models import User


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active.",
    }


class ResetForm(PasswordResetForm):
    """ "Forgotten your password?": also for an active user who was invited but has not yet
    chosen a password (Django's own form leaves them out), so an expired invitation is never a
    dead end. Deactivated users are still left out."""

    def get_users(self, email: str) -> Iterator[User]:
        matches = User.objects.filter(email__iexact=email, is_active=True)
        return (user for user in matches if user.email.casefold() == email.casefold())
