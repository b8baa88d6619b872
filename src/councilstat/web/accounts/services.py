"""Writes to accounts: the performance team adds and changes the users of their organisation.

Each takes the acting user, checks the policy and runs in a transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from councilstat.web.accounts.models import User
from councilstat.web.accounts.policy import Permission, require

__all__ = ["save_user"]


@transaction.atomic
def save_user(acting: User, person: User, fields: dict[str, Any]) -> User:
    """Create or update a user of the acting user's organisation. A new user has no password
    until they set one through "Forgotten your password"."""
    require(acting, Permission.MANAGE_PLAN)
    for field, value in fields.items():
        setattr(person, field, value)
    person.organisation = acting.organisation
    if person.pk is None:
        person.set_unusable_password()
    person.save()
    return person
