"""Signing in, and accepting an invitation by choosing a password.

The other account pages are Django's own views (``urls``); these two adjust them: a service
administrator with no role in a council lands on the councils page after signing in, and an
invitation link is checked with the invitation's token generator (single use, expiring).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.urls import reverse_lazy

from councilstat.web.accounts.invitations import invitation_days, invitation_tokens
from councilstat.web.accounts.models import User

__all__ = ["AcceptInvitationView"]


class AcceptInvitationView(auth_views.PasswordResetConfirmView):
    """The invitation link: the user chooses a password, then signs in with it."""

    template_name = "accounts/accept_invitation.html"
    token_generator = invitation_tokens
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:login")

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form: SetPasswordForm) -> Any:  # type: ignore[type-arg]
        response = super().form_valid(form)
        messages.success(
            self.request,
            f"Your password has been saved. Sign in with your username, "
            f"{form.user.get_username()}, and your new password.",
        )
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["invited"] = self.user if self.validlink else None
        context["days"] = invitation_days()
        return context
