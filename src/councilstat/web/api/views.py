"""Token pages for the signed-in user: list, create (shown once), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.api.tokens import TokenLimit, create_token, revoke_token, tokens_of

__all__ = ["revoke", "tokens"]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example: Power BI performance dashboard",
        max_length=100,
    )


def _page(request: SignedInRequest, form: TokenForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "tokens": tokens_of(request.user)}
    return render(request, "api/tokens.html", context, status=status)


@login_required
def tokens(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.CREATE_API_TOKEN)
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        record, secret = create_token(request.user, form.cleaned_data["name"])
    except (TokenLimit, PermissionError) as error:
        form.add_error("name", str(error))
        return _page(request, form, status=400)
    return render(request, "api/token_created.html", {"token": record, "secret": secret})


@login_required
@require_POST
def revoke(request: SignedInRequest, token_id: int) -> HttpResponse:
    # Anyone may revoke a token of their own, also one made before their role changed.
    record = revoke_token(request.user, token_id)
    messages.success(request, f"The token “{record.name}” has been revoked.")
    return redirect("api-tokens")
