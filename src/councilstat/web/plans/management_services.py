"""Changes the performance team makes by hand: a measure's attributes, a target.

Each takes the acting user, checks the policy, runs in a transaction and records the reason
given in the audit trail.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from councilstat.core.errors import PeriodError
from councilstat.core.periods import parse_period
from councilstat.core.validation import InvalidFigure, check_target
from councilstat.web.accounts.models import User
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.common.audit import with_reason
from councilstat.web.common.errors import ValidationFailed
from councilstat.web.common.published import published_figures_changed
from councilstat.web.plans.adapters import core_measure
from councilstat.web.plans.models import Measure, Target

__all__ = ["set_target", "update_measure"]


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationFailed({"reason": "Say why you are making this change"})
    return reason.strip()


@transaction.atomic
def update_measure(user: User, measure: Measure, changes: dict[str, Any], reason: str) -> Measure:
    """Apply ``changes`` (field name to new value) to ``measure``."""
    require(user, Permission.MANAGE_PLAN, measure)
    why = _reason(reason)
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    for field, value in changes.items():
        setattr(locked, field, value)
    if locked.polarity == "none" and locked.targets.exists():
        raise ValidationFailed({"polarity": "Remove this measure's targets before making it none"})
    with_reason(locked, why, user)
    locked.save()
    organisation_id = locked.plan.organisation_id
    transaction.on_commit(lambda: published_figures_changed(organisation_id))
    return locked


@transaction.atomic
def set_target(
    user: User,
    measure: Measure,
    period_text: str,
    value: Decimal,
    reason: str,
    upper: Decimal | None = None,
) -> Target:
    """Create or change the target for one period, by the same rules as a plan file: for a
    band measure, ``value`` is the bottom of the target band and ``upper`` its top (``None``: a
    band of the one value)."""
    require(user, Permission.MANAGE_PLAN, measure)
    why = _reason(reason)
    try:
        period = parse_period(period_text)
        check_target(core_measure(measure), period, value, upper)
    except PeriodError as error:
        raise ValidationFailed({"period": str(error)}) from None
    except InvalidFigure as error:
        raise ValidationFailed({error.field: str(error)}) from None
    target = Target.objects.select_for_update().filter(measure=measure, period=str(period)).first()
    if target is None:
        target = Target(measure=measure, period=str(period), period_end=period.end)
    target.value, target.upper = value, upper
    with_reason(target, why, user)
    target.save()
    return target
