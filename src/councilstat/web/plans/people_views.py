"""The management pages for people: users and their invitations, directorates, the council's
settings (its national comparator area), and, for a service administrator, the councils.

Thin views: the policy, a form, and a service from ``accounts.services`` that does the write
(and sends the invitation e-mail); a user or directorate of another organisation is not found.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from councilstat.core.narrative import plural
from councilstat.web.accounts.invitations import Sent, invitation_days
from councilstat.web.accounts.models import Directorate, Organisation, Role, User
from councilstat.web.accounts.policy import Permission, can, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.accounts.services import (
    create_council,
    create_user,
    delete_directorate,
    end_sessions_of,
    resend_invitation,
    save_directorate,
    update_organisation,
    update_user,
)
from councilstat.web.common.errors import ValidationFailed
from councilstat.web.plans.forms import CouncilForm, DirectorateForm, OrganisationForm, UserForm

__all__ = [
    "councils",
    "directorates",
    "edit_directorate",
    "edit_user",
    "new_council",
    "organisation_settings",
    "remove_directorate",
    "send_invitation_again",
    "sign_out_everywhere",
    "users",
]


def _site_url(request: HttpRequest) -> str:
    """The service's address as this request reached it, for links in e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


def _invitation_message(request: HttpRequest, sent: Sent, lead: str) -> None:
    if sent.sent:
        text = (
            f"An invitation to choose a password was sent to {sent.address}; "
            f"the link works for {plural(invitation_days(), 'day')}."
        )
        messages.success(request, f"{lead} {text}".strip())
    else:
        text = (
            f"The invitation e-mail to {sent.address} could not be sent: "
            "send it again from the list of users."
        )
        messages.warning(request, f"{lead} {text}".strip())


@login_required
def users(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_PLAN)
    people = User.objects.filter(organisation=request.user.organisation).select_related(
        "directorate"
    )
    context = {"people": people.order_by("role", "username"), "days": invitation_days()}
    return render(request, "plans/users.html", context)


@login_required
def edit_user(request: SignedInRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.user.organisation
    person = get_object_or_404(User, pk=pk, organisation=organisation) if pk else User()
    require(request.user, Permission.MANAGE_PLAN)
    form = UserForm(request.POST or None, instance=person, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            if person.pk is None:
                sent = create_user(request.user, form.changes(), site_url=_site_url(request))
                _invitation_message(request, sent, f"{sent.user.get_username()} was added.")
            else:
                saved = update_user(request.user, person, form.changes())
                messages.success(request, f"{saved.get_username()} was saved.")
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            return redirect("plans:users")
    if person.pk is not None:
        person.refresh_from_db()  # the page shows the user as stored, not as typed
    return render(
        request,
        "plans/edit_user.html",
        {"form": form, "person": person, "days": invitation_days()},
    )


@login_required
@require_POST
def send_invitation_again(request: SignedInRequest, pk: int) -> HttpResponse:
    service_admin = can(request.user, Permission.MANAGE_SERVICE)
    people = (
        User.objects.all()
        if service_admin
        else User.objects.filter(organisation=request.user.organisation)
    )
    person = get_object_or_404(people, pk=pk)
    if not service_admin:
        require(request.user, Permission.MANAGE_PLAN)
    try:
        sent = resend_invitation(request.user, person, site_url=_site_url(request))
    except ValidationFailed as failure:
        for message in failure.errors.values():
            messages.error(request, message)
    else:
        _invitation_message(request, sent, "")
    if service_admin and person.organisation_id != request.user.organisation_id:
        return redirect("plans:councils")
    return redirect("plans:users")


@login_required
@require_POST
def sign_out_everywhere(request: SignedInRequest, pk: int) -> HttpResponse:
    """End every session of a user of this organisation ("Sign out of every device")."""
    require(request.user, Permission.MANAGE_PLAN)
    person = get_object_or_404(User, pk=pk, organisation=request.user.organisation)
    ended = end_sessions_of(request.user, person)
    if person.pk == request.user.pk:
        return redirect("accounts:login")
    sessions = f"{ended} session{'s' if ended != 1 else ''}"
    messages.success(
        request, f"{person.get_username()} was signed out of every device ({sessions})."
    )
    return redirect("plans:edit_user", pk=person.pk)


@login_required
def directorates(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_PLAN)
    rows = (
        Directorate.objects.filter(organisation=request.user.organisation)
        .annotate(user_count=Count("users", distinct=True))
        .annotate(measure_count=Count("measures", distinct=True))
        .order_by("name")
    )
    return render(request, "plans/directorates.html", {"directorates": rows})


@login_required
def edit_directorate(request: SignedInRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.user.organisation
    directorate = (
        get_object_or_404(Directorate, pk=pk, organisation=organisation) if pk else Directorate()
    )
    require(request.user, Permission.MANAGE_PLAN)
    initial = {"name": directorate.name} if directorate.pk else {}
    form = DirectorateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_directorate(request.user, directorate, form.cleaned_data["name"])
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(request, f"The directorate {saved.name} was saved.")
            return redirect("plans:directorates")
    if directorate.pk is not None:
        directorate.refresh_from_db()
    context = {
        "form": form,
        "directorate": directorate,
        "removable": directorate.pk is not None
        and not directorate.users.exists()
        and not directorate.measures.exists(),
    }
    return render(request, "plans/edit_directorate.html", context)


@login_required
@require_POST
def remove_directorate(request: SignedInRequest, pk: int) -> HttpResponse:
    directorate = get_object_or_404(Directorate, pk=pk, organisation=request.user.organisation)
    require(request.user, Permission.MANAGE_PLAN)
    name = directorate.name
    try:
        delete_directorate(request.user, directorate)
    except ValidationFailed as failure:
        for message in failure.errors.values():
            messages.error(request, message)
        return redirect("plans:edit_directorate", pk=pk)
    messages.success(request, f"The directorate {name} was removed.")
    return redirect("plans:directorates")


@login_required
def organisation_settings(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_PLAN)
    organisation = request.user.organisation
    if organisation is None:
        raise PermissionDenied("the user belongs to no organisation")
    form = OrganisationForm(
        request.POST or None, initial={"national_area": organisation.national_area}
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = update_organisation(
                request.user, national_area=form.cleaned_data["national_area"]
            )
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(
                request, f"Comparisons now show the figure for {saved.national_area_name}."
            )
            return redirect("plans:organisation")
    return render(request, "plans/organisation.html", {"form": form, "organisation": organisation})


@login_required
def councils(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_SERVICE)
    team = User.objects.filter(role=Role.PERFORMANCE).order_by("username")
    rows = (
        Organisation.objects.annotate(user_count=Count("users"))
        .prefetch_related(Prefetch("users", queryset=team, to_attr="team"))
        .order_by("name")
    )
    return render(request, "plans/councils.html", {"councils": rows})


@login_required
def new_council(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_SERVICE)
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = create_council(
                request.user,
                data["name"],
                data["email"],
                site_url=_site_url(request),
                national_area=data["national_area"],
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            lead = (
                f"{created.organisation.name} was created, with "
                f"{created.admin.get_username()} in its performance team."
            )
            _invitation_message(request, created.invitation, lead)
            return redirect("plans:councils")
    return render(request, "plans/new_council.html", {"form": form})
