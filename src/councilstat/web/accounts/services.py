"""Writes to accounts: councils, their directorates and users, and invitations.

The performance team adds and changes the users and directorates of their own organisation and
sets its national comparator area; a service administrator creates councils. Each write takes
the acting user, checks the policy, runs in a transaction and records why in the audit trail.
A new user has no password: they are e-mailed an invitation to choose one (``invitations``),
sent once the user is saved.

``create_council_unchecked`` is the same as ``create_council`` with no acting user to check,
for ``manage.py create_council``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db import transaction
from django.forms import ValidationError

from councilstat.web.accounts.invitations import Sent, send_invitation
from councilstat.web.accounts.models import Directorate, NationalArea, Organisation, Role, User
from councilstat.web.accounts.policy import Permission, can, require
from councilstat.web.common.audit import with_reason
from councilstat.web.common.errors import ValidationFailed
from councilstat.web.operations.logs import security_event

__all__ = [
    "USER_FIELDS",
    "CouncilCreated",
    "create_council",
    "create_council_unchecked",
    "create_user",
    "delete_directorate",
    "end_all_sessions",
    "end_sessions_of",
    "resend_invitation",
    "save_directorate",
    "update_organisation",
    "update_user",
]

USER_FIELDS = ("username", "first_name", "last_name", "email", "role", "directorate", "is_active")
"""What the performance team may set on a user."""


def _own_organisation(acting: User) -> Organisation:
    require(acting, Permission.MANAGE_PLAN)
    if acting.organisation is None:
        raise PermissionDenied("the user belongs to no organisation")
    return acting.organisation


def _check_email(email: str, person: User | None = None) -> str:
    email = email.strip()
    if not email:
        raise ValidationFailed({"email": "Enter an e-mail address: the invitation is sent to it"})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed(
            {"email": "Enter an e-mail address in the correct format, like name@example.gov.uk"}
        ) from None
    others = User.objects.filter(email__iexact=email)
    if person is not None and person.pk is not None:
        others = others.exclude(pk=person.pk)
    if others.exists():
        raise ValidationFailed({"email": f"{email} is already the e-mail address of another user"})
    return email


def _check_username(username: str, person: User | None = None) -> str:
    username = username.strip()
    if not username:
        raise ValidationFailed({"username": "Enter a username"})
    others = User.objects.filter(username__iexact=username)
    if person is not None and person.pk is not None:
        others = others.exclude(pk=person.pk)
    if others.exists():
        raise ValidationFailed({"username": f"The username {username} is already taken"})
    return username


def _check_user(organisation: Organisation, person: User) -> None:
    """The rules every user of an organisation keeps, whoever saves them."""
    if person.role not in Role.values:
        raise ValidationFailed({"role": "Select the user's role"})
    if person.directorate is not None and person.directorate.organisation_id != organisation.pk:
        raise PermissionDenied("the directorate belongs to another organisation")
    if person.role == Role.DIRECTOR and person.directorate is None:
        raise ValidationFailed(
            {"directorate": "Select the directorate whose values this director approves"}
        )


def _apply(person: User, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValueError(f"cannot set {', '.join(sorted(unknown))} on a user")
    for name, value in fields.items():
        setattr(person, name, value)


@transaction.atomic
def _add_user(acting: User, fields: dict[str, Any]) -> User:
    organisation = _own_organisation(acting)
    person = User(organisation=organisation, is_active=True)
    _apply(person, fields)
    person.username = _check_username(person.username)
    person.email = _check_email(person.email)
    _check_user(organisation, person)
    person.set_unusable_password()
    with_reason(person, f"Added by {acting.get_username()}")
    person.save()
    return person


def create_user(acting: User, fields: dict[str, Any], *, site_url: str) -> Sent:
    """Add a user to the acting user's organisation and e-mail them an invitation to choose
    their password (``site_url`` is the service's address, for the link)."""
    person = _add_user(acting, fields)
    return send_invitation(person, site_url=site_url, invited_by=acting)


def end_all_sessions(person: User) -> int:
    """Delete every session of ``person`` (on every device and every server: sessions live in
    the database); their next request is signed out. How many there were."""
    ended = 0
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def end_sessions_of(acting: User, person: User) -> int:
    """End every session of ``person`` ("Sign out of every device"): the performance team, for
    a user of their organisation (a service administrator, for anyone's), after a lost laptop
    or a shared password. Audited: a history row on the user saying who did it, and a
    security event."""
    if not can(acting, Permission.MANAGE_SERVICE):
        require(acting, Permission.MANAGE_PLAN)
        if _own_organisation(acting).pk != person.organisation_id:
            raise PermissionDenied("the user belongs to another organisation")
    locked = User.objects.select_for_update().get(pk=person.pk)
    ended = end_all_sessions(locked)
    with_reason(locked, f"Signed out of every device by {acting.get_username()}")
    locked.save(update_fields=["last_login"])
    security_event("sessions_ended", actor_id=acting.pk, target=locked.pk, sessions=ended)
    return ended


@transaction.atomic
def update_user(acting: User, person: User, fields: dict[str, Any]) -> User:
    """Change a user of the acting user's organisation: name, e-mail, role, directorate, or
    whether they may sign in. Nobody deactivates themselves or gives up their own
    performance-team role, so an organisation always keeps someone who can manage it."""
    organisation = _own_organisation(acting)
    locked = User.objects.select_for_update().filter(pk=person.pk).first()
    if locked is None or locked.organisation_id != organisation.pk:
        raise PermissionDenied("the user belongs to another organisation")
    _apply(locked, fields)
    locked.username = _check_username(locked.username, locked)
    locked.email = _check_email(locked.email, locked)
    _check_user(organisation, locked)
    if locked.pk == acting.pk and not locked.is_active:
        raise ValidationFailed({"is_active": "You cannot deactivate your own account"})
    if locked.pk == acting.pk and locked.role != Role.PERFORMANCE:
        raise ValidationFailed({"role": "You cannot take away your own performance-team role"})
    was_active = User.objects.filter(pk=locked.pk, is_active=True).exists()
    with_reason(locked, f"Changed by {acting.get_username()}")
    locked.save()
    if was_active and not locked.is_active:
        ended = end_all_sessions(locked)  # a deactivated user is signed out everywhere at once
        security_event("sessions_ended", actor_id=acting.pk, target=locked.pk, sessions=ended)
    return locked


def resend_invitation(acting: User, person: User, *, site_url: str) -> Sent:
    """Send a user who has not yet chosen a password a new invitation; any earlier link stops
    working. The performance team invites their own organisation's users; a service
    administrator may invite anyone's."""
    with transaction.atomic():
        locked = User.objects.select_for_update().filter(pk=person.pk).first()
        if locked is None:
            raise PermissionDenied("no such user")
        service_admin = can(acting, Permission.MANAGE_SERVICE)
        if not service_admin and _own_organisation(acting).pk != locked.organisation_id:
            raise PermissionDenied("the user belongs to another organisation")
        if not locked.is_active:
            raise ValidationFailed({"user": f"{locked.get_username()} is deactivated"})
        if locked.has_usable_password():
            raise ValidationFailed(
                {
                    "user": f"{locked.get_username()} has already chosen a password: they can "
                    "use “Forgotten your password?” on the sign-in page"
                }
            )
        locked.set_unusable_password()  # a fresh token: earlier links stop working
        with_reason(locked, f"Invitation sent again by {acting.get_username()}")
        locked.save(update_fields=["password"])
    return send_invitation(locked, site_url=site_url, invited_by=acting)


@dataclass(frozen=True)
class CouncilCreated:
    """A new council, its first performance-team user, and whether their invitation went."""

    organisation: Organisation
    admin: User
    invitation: Sent


@transaction.atomic
def _add_council(
    name: str,
    admin_email: str,
    *,
    national_area: str,
    username: str,
    first_name: str,
    last_name: str,
    reason: str,
) -> tuple[Organisation, User]:
    name = name.strip()
    if not name:
        raise ValidationFailed({"name": "Enter the council's name"})
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationFailed({"name": f"A council called {name} already exists"})
    if national_area not in NationalArea.values:
        choices = ", ".join(f"{a.value} ({a.label})" for a in NationalArea)
        raise ValidationFailed({"national_area": f"Choose one of {choices}"})
    email = _check_email(admin_email)
    organisation = Organisation(name=name, national_area=national_area)
    with_reason(organisation, reason)
    organisation.save()
    admin = User(
        organisation=organisation,
        role=Role.PERFORMANCE,
        username=_check_username(username or email),
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    admin.set_unusable_password()
    with_reason(admin, reason)
    admin.save()
    return organisation, admin


def create_council_unchecked(
    name: str,
    admin_email: str,
    *,
    site_url: str,
    national_area: str = NationalArea.ENGLAND,
    username: str = "",
    first_name: str = "",
    last_name: str = "",
    invited_by: User | None = None,
) -> CouncilCreated:
    """Create the organisation ``name`` and its first performance-team user (username: the
    e-mail address unless given), and e-mail them an invitation. No user is checked:
    ``create_council`` is the service administrator's."""
    who = f" by {invited_by.get_username()}" if invited_by is not None else ""
    organisation, admin = _add_council(
        name,
        admin_email,
        national_area=national_area,
        username=username,
        first_name=first_name,
        last_name=last_name,
        reason=f"Council created{who}",
    )
    sent = send_invitation(admin, site_url=site_url, invited_by=invited_by)
    return CouncilCreated(organisation, admin, sent)


def create_council(
    acting: User,
    name: str,
    admin_email: str,
    *,
    site_url: str,
    national_area: str = NationalArea.ENGLAND,
    username: str = "",
    first_name: str = "",
    last_name: str = "",
) -> CouncilCreated:
    """A service administrator creates a council and invites its first performance-team
    user."""
    require(acting, Permission.MANAGE_SERVICE)
    return create_council_unchecked(
        name,
        admin_email,
        site_url=site_url,
        national_area=national_area,
        username=username,
        first_name=first_name,
        last_name=last_name,
        invited_by=acting,
    )


@transaction.atomic
def save_directorate(acting: User, directorate: Directorate, name: str) -> Directorate:
    """Add a directorate to the acting user's organisation, or rename one of its own."""
    organisation = _own_organisation(acting)
    if directorate.pk is not None and directorate.organisation_id != organisation.pk:
        raise PermissionDenied("the directorate belongs to another organisation")
    name = name.strip()
    if not name:
        raise ValidationFailed({"name": "Enter the directorate's name"})
    clash = Directorate.objects.filter(organisation=organisation, name__iexact=name)
    if directorate.pk is not None:
        clash = clash.exclude(pk=directorate.pk)
    if clash.exists():
        raise ValidationFailed({"name": f"There is already a directorate called {name}"})
    old = directorate.name
    directorate.organisation = organisation
    directorate.name = name
    with_reason(directorate, f"Renamed from {old}" if directorate.pk else "Added")
    directorate.save()
    return directorate


@transaction.atomic
def delete_directorate(acting: User, directorate: Directorate) -> None:
    """Remove a directorate that no user and no measure belongs to."""
    organisation = _own_organisation(acting)
    if directorate.organisation_id != organisation.pk:
        raise PermissionDenied("the directorate belongs to another organisation")
    users, measures = directorate.users.count(), directorate.measures.count()
    if users or measures:
        raise ValidationFailed(
            {
                "name": f"{directorate.name} still has {users} user(s) and {measures} "
                "measure(s): move them to another directorate first"
            }
        )
    with_reason(directorate, "Removed")
    directorate.delete()


@transaction.atomic
def update_organisation(acting: User, *, national_area: str) -> Organisation:
    """Set the acting user's organisation's national comparator area (by its ONS code)."""
    organisation = Organisation.objects.select_for_update().get(pk=_own_organisation(acting).pk)
    if national_area not in NationalArea.values:
        raise ValidationFailed(
            {"national_area": "Select England, Wales, Scotland or Northern Ireland"}
        )
    organisation.national_area = national_area
    with_reason(organisation, f"National comparator area set to {organisation.national_area_name}")
    organisation.save()
    return organisation
