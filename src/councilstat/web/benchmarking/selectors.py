"""Reads of comparator data, scoped to the user's organisation (404 outside it)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from councilstat.web.accounts.models import User
from councilstat.web.benchmarking.models import (
    Area,
    ComparatorGroup,
    ComparatorValue,
    MeasureBenchmark,
)

__all__ = ["groups_for", "values_for"]


def groups_for(user: User) -> QuerySet[ComparatorGroup]:
    """The user's organisation's comparator groups, with their areas and measures."""
    if not user.is_authenticated or user.organisation_id is None:
        return ComparatorGroup.objects.none()
    return (
        ComparatorGroup.objects.filter(organisation_id=user.organisation_id)
        .select_related("subject")
        .prefetch_related(
            Prefetch("areas", queryset=Area.objects.order_by("name", "code")),
            Prefetch(
                "measures",
                queryset=MeasureBenchmark.objects.select_related("measure").order_by(
                    "measure__code"
                ),
            ),
        )
    )


def values_for(user: User) -> QuerySet[ComparatorValue]:
    """The user's organisation's comparator values, with their areas."""
    if not user.is_authenticated or user.organisation_id is None:
        return ComparatorValue.objects.none()
    return ComparatorValue.objects.filter(organisation_id=user.organisation_id).select_related(
        "area"
    )
