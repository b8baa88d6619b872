"""Meetings: the list, one meeting's record, and recording what it asked, agreed and resolved.

Thin views: each finds the object in the user's organisation first (404 outside it), then
checks ``accounts.policy`` (403 for a function the role lacks), turns the form into a service
call and a service's ``ValidationFailed`` back into the form's errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from councilstat.web.accounts.policy import Permission, can, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.common.errors import ValidationFailed
from councilstat.web.scrutiny import selectors
from councilstat.web.scrutiny.forms import (
    ActionForm,
    BoardForm,
    MeetingForm,
    QuestionForm,
    ResolutionForm,
)
from councilstat.web.scrutiny.presenters import ActionView
from councilstat.web.scrutiny.services import (
    ActionDetails,
    create_board,
    create_meeting,
    record_action,
    record_question,
    record_resolution,
)

__all__ = [
    "action_new",
    "board_new",
    "meeting",
    "meeting_new",
    "meetings",
    "question_new",
    "resolution_new",
]


@login_required
@require_GET
def meetings(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_SCRUTINY)
    today = timezone.localdate()
    rows = list(selectors.meetings_for(request.user))
    context = {
        "upcoming": sorted((m for m in rows if m.date >= today), key=lambda m: m.date),
        "past": [m for m in rows if m.date < today],
        "boards": list(selectors.boards_for(request.user)),
        "may_record": can(request.user, Permission.RECORD_MEETING),
    }
    return render(request, "scrutiny/meetings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def board_new(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.RECORD_MEETING)
    form = BoardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            board = create_board(request.user, form.cleaned_data["name"])
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(request, f"{board.name} added.")
            return redirect("scrutiny:meeting_new")
    context = {"form": form, "back_link_url": reverse("scrutiny:meetings")}
    return render(request, "scrutiny/board_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.RECORD_MEETING)
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = create_meeting(
                request.user,
                data["board"],
                data["date"],
                data["plan"],
                data["period"],
                form.agenda_items,
            )
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(request, f"Meeting added: {created}.")
            return redirect("scrutiny:meeting", pk=created.pk)
    context = {"form": form, "back_link_url": reverse("scrutiny:meetings")}
    return render(request, "scrutiny/meeting_form.html", context)


@login_required
@require_GET
def meeting(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.get_meeting(request.user, pk)
    require(request.user, Permission.VIEW_SCRUTINY)
    today = timezone.localdate()
    context = {
        "meeting": found,
        "actions": [ActionView(a, a.status_on(today)) for a in found.actions.all()],
        "previous_actions": [
            ActionView(a, a.status_on(today))
            for a in selectors.actions_from_previous_meetings(found)
        ],
        "may_record": can(request.user, Permission.RECORD_MEETING),
        "may_draft": can(request.user, Permission.DRAFT_MINUTES),
        "back_link_url": reverse("scrutiny:meetings"),
    }
    return render(request, "scrutiny/meeting.html", context)


def _record_page(
    request: SignedInRequest, template: str, form: object, meeting_pk: int, **extra: object
) -> HttpResponse:
    back = reverse("scrutiny:meeting", args=[meeting_pk])
    context = {"form": form, "back_link_url": back, **extra}
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def question_new(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.get_meeting(request.user, pk)
    require(request.user, Permission.RECORD_MEETING)
    form = QuestionForm(request.POST or None, meeting=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_question(
                request.user,
                found,
                text=data["text"],
                response=data["response"],
                measure_codes=form.measure_codes,
                priority=data["priority"],
            )
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(request, "Question recorded.")
            return redirect(reverse("scrutiny:meeting", args=[found.pk]) + "#questions")
    return _record_page(request, "scrutiny/question_form.html", form, found.pk, meeting=found)


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.get_meeting(request.user, pk)
    require(request.user, Permission.RECORD_MEETING)
    initial = {"question": request.GET.get("question")} if request.method == "GET" else None
    form = ActionForm(request.POST or None, meeting=found, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = ActionDetails(
            description=data["description"],
            owner=data["owner"],
            due=data["due"],
            measure=data["measure"],
            question=data["question"],
        )
        try:
            record_action(request.user, found, details)
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(request, "Action recorded.")
            return redirect(reverse("scrutiny:meeting", args=[found.pk]) + "#actions")
    return _record_page(request, "scrutiny/action_form.html", form, found.pk, meeting=found)


@login_required
@require_http_methods(["GET", "POST"])
def resolution_new(request: SignedInRequest, pk: int) -> HttpResponse:
    found = selectors.get_meeting(request.user, pk)
    require(request.user, Permission.RECORD_MEETING)
    form = ResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_resolution(
                request.user,
                found,
                kind=data["kind"],
                text=data["text"],
                later_date=data["later_date"],
            )
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(request, "Resolution recorded.")
            return redirect(reverse("scrutiny:meeting", args=[found.pk]) + "#resolutions")
    return _record_page(request, "scrutiny/resolution_form.html", form, found.pk, meeting=found)
