"""The action tracker: open actions by board, owner and measure; one action's page, where its
owner reports progress; the performance team's corrections.

An owner may update only their own actions (403 for anyone else's); every role reads.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from councilstat.web.accounts.policy import Permission, can, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.common.errors import StaleVersion, ValidationFailed
from councilstat.web.scrutiny import selectors
from councilstat.web.scrutiny.forms import ActionForm, ProgressForm
from councilstat.web.scrutiny.models import Action
from councilstat.web.scrutiny.presenters import ActionView
from councilstat.web.scrutiny.rules import ActionStatus
from councilstat.web.scrutiny.services import (
    ActionDetails,
    edit_action,
    update_action_progress,
)

__all__ = ["action", "action_edit", "action_update", "tracker"]


@login_required
@require_GET
def tracker(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_SCRUTINY)
    today = timezone.localdate()
    filters = selectors.tracker_filters(request.GET)
    rows = [
        ActionView(a, a.status_on(today))
        for a in selectors.actions_for(request.user, filters, today)
    ]
    context = {
        "rows": rows,
        "filters": filters,
        "boards": list(selectors.boards_for(request.user)),
        "owners": selectors.owners_with_actions(request.user),
        "show_choices": selectors.ActionFilters.SHOW_CHOICES,
        "overdue_count": sum(1 for r in rows if r.overdue),
    }
    return render(request, "scrutiny/tracker.html", context)


def _history(found: Action) -> list[Any]:
    """The action's audit trail, newest first: every status and progress change, by whom."""
    return list(found.history.select_related("history_user").order_by("-history_date"))


def _action_page(
    request: SignedInRequest, found: Action, form: ProgressForm | None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "view": ActionView(found, found.status_on(today)),
        "action": found,
        "form": form,
        "history": _history(found),
        "may_edit": can(request.user, Permission.RECORD_MEETING),
        "back_link_url": reverse("scrutiny:tracker"),
    }
    return render(request, "scrutiny/action.html", context, status=status)


def _progress_form(found: Action, data: Any = None) -> ProgressForm:
    status = found.status if found.status != ActionStatus.OVERDUE else ActionStatus.ON_TRACK
    initial = {"status": status, "version": found.version, "reason": found.reason}
    return ProgressForm(data, initial=initial)


@login_required
@require_GET
def action(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.get_action(request.user, pk)
    require(request.user, Permission.VIEW_SCRUTINY)
    may_update = can(request.user, Permission.UPDATE_ACTION, found)
    return _action_page(request, found, _progress_form(found) if may_update else None)


@login_required
@require_POST
def action_update(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.get_action(request.user, pk)
    require(request.user, Permission.UPDATE_ACTION, found)
    form = _progress_form(found, request.POST)
    if not form.is_valid():
        return _action_page(request, found, form, status=400)
    data = form.cleaned_data
    try:
        updated = update_action_progress(
            request.user,
            found,
            status=data["status"],
            progress=data["progress"],
            reason=data["reason"],
            expected_version=data["version"],
            today=timezone.localdate(),
        )
    except StaleVersion as conflict:
        messages.error(
            request,
            "Someone else updated this action while you were editing it. "
            "Check its status below, then make your update again.",
        )
        return _action_page(request, conflict.current, _progress_form(conflict.current), 409)
    except ValidationFailed as failure:
        form.add_service_errors(failure.errors)
        return _action_page(request, found, form, status=400)
    messages.success(request, f"Action updated: {ActionStatus(updated.status).label.lower()}.")
    return redirect("scrutiny:action", pk=updated.pk)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.get_action(request.user, pk)
    require(request.user, Permission.RECORD_MEETING)
    initial = {
        "description": found.description,
        "owner": found.owner_id,
        "due": found.due,
        "measure": found.measure_id,
        "question": found.question_id,
        "version": found.version,
    }
    form = ActionForm(request.POST or None, meeting=found.meeting, initial=initial)
    form.fields["question"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = ActionDetails(data["description"], data["owner"], data["due"], data["measure"])
        try:
            edit_action(request.user, found, details, expected_version=data["version"] or 0)
        except StaleVersion:
            form.add_error(None, "Someone else changed this action: reload the page")
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(request, "Action changed.")
            return redirect("scrutiny:action", pk=found.pk)
    context = {
        "form": form,
        "action": found,
        "meeting": found.meeting,
        "editing": True,
        "back_link_url": reverse("scrutiny:action", args=[found.pk]),
    }
    return render(request, "scrutiny/action_form.html", context)
