"""Who may do what: the one policy every view, service and export asks.

``can(user, permission, obj)`` answers for a function (403 when refused); which *objects* a user
can see at all is decided by the selectors, which give 404 for anything out of scope.

| Permission | Performance team | Measure owner | Director | Councillor |
|---|---|---|---|---|
| view dashboards | yes | yes | yes | yes (published figures) |
| manage plans, measures, targets, users | yes | | | |
| import spreadsheets | yes | | | |
| enter and submit a value | | own measures | | |
| approve or return a submission | | | own directorate | |
| publish a period, open it to members, restate | yes | | | |
| open, extend and close a collection round; see its progress and every submission | yes | | | |
| view and export the audit trail | yes | | | |
| download the committee report | yes | | yes | yes |
| create personal API tokens | yes | yes | yes | |
| view meetings, the action tracker and packs | yes | yes | yes | yes |
| record boards, meetings, questions, actions, resolutions | yes | | | |
| update an agreed action's status and progress | yes | own actions | own actions | |
| draft the minutes | yes | | | |
| see a background job, download its file | all in the council | own | own | own |

A service administrator (a superuser: ``manage.py createsuperuser``) may also create councils
and invite each one's first performance-team user (``Permission.MANAGE_SERVICE``); that is all
being a superuser gives. The four roles above never have it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from councilstat.web.accounts.models import Role, User

__all__ = ["Permission", "can", "require"]


class Permission(StrEnum):
    """What a user may be allowed to do; ``can`` answers for each role."""

    VIEW_DASHBOARD = "view_dashboard"
    MANAGE_PLAN = "manage_plan"
    IMPORT_DATA = "import_data"
    ENTER_VALUE = "enter_value"
    APPROVE_VALUE = "approve_value"
    PUBLISH_PERIOD = "publish_period"
    RUN_COLLECTION = "run_collection"
    RESTATE_VALUE = "restate_value"
    VIEW_AUDIT = "view_audit"
    DOWNLOAD_REPORT = "download_report"
    VIEW_SCRUTINY = "view_scrutiny"
    RECORD_MEETING = "record_meeting"
    UPDATE_ACTION = "update_action"
    DRAFT_MINUTES = "draft_minutes"
    MANAGE_SERVICE = "manage_service"
    VIEW_JOB = "view_job"
    CREATE_API_TOKEN = "create_api_token"  # noqa: S105  (a permission name, not a secret)


_PERFORMANCE_ONLY = {
    Permission.MANAGE_PLAN,
    Permission.IMPORT_DATA,
    Permission.PUBLISH_PERIOD,
    Permission.RUN_COLLECTION,
    Permission.RESTATE_VALUE,
    Permission.VIEW_AUDIT,
    Permission.RECORD_MEETING,
    Permission.DRAFT_MINUTES,
}


_ROLES = {
    # A director signs off their directorate's values and takes the committee's report, the
    # whole plan's, to their management team: the same document the board reads.
    Permission.DOWNLOAD_REPORT: {Role.PERFORMANCE, Role.DIRECTOR, Role.COUNCILLOR},
    # Officers' programs: the team's dashboards and exports, owners' spreadsheets that submit
    # values. Councillors read the pages and the reports.
    Permission.CREATE_API_TOKEN: {Role.PERFORMANCE, Role.OWNER, Role.DIRECTOR},
}


def _measure_of(obj: Any) -> Any:
    """The measure an object is about: the measure itself or an observation's."""
    return getattr(obj, "measure", obj)


def can(user: User | Any, permission: Permission, obj: Any = None) -> bool:
    """Whether ``user`` has ``permission`` (for ``obj``, where the permission concerns one)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if permission is Permission.MANAGE_SERVICE:
        return bool(user.is_superuser)
    if not user.role:
        return False
    if permission in (Permission.VIEW_DASHBOARD, Permission.VIEW_SCRUTINY):
        return True
    if permission in _ROLES:
        return user.role in _ROLES[permission]
    if permission in _PERFORMANCE_ONLY:
        return user.role == Role.PERFORMANCE
    # An action agreed at a meeting is its owner's to update.
    if permission is Permission.UPDATE_ACTION:
        if user.role == Role.PERFORMANCE:
            return True
        return user.role != Role.COUNCILLOR and (obj is None or obj.owner_id == user.pk)
    # A background job is its owner's, and the performance team's, who run the service.
    if permission is Permission.VIEW_JOB:
        return user.role == Role.PERFORMANCE or (obj is not None and obj.owner_id == user.pk)
    measure = _measure_of(obj)
    if permission is Permission.ENTER_VALUE:
        return user.role == Role.OWNER and (measure is None or measure.owner_id == user.pk)
    if permission is Permission.APPROVE_VALUE:
        return user.role == Role.DIRECTOR and (
            measure is None
            or (user.directorate_id is not None and measure.directorate_id == user.directorate_id)
        )
    return False


def require(user: User | Any, permission: Permission, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` (403) unless ``can(user, permission, obj)``."""
    if not can(user, permission, obj):
        raise PermissionDenied(f"not allowed: {permission.value}")
