"""Reads of comparator data, scoped to the user's organisation (404 outside it), and the
comparator values a measure's comparison shows.

Selectors query, presenters never do: ``presenters.comparison_for`` works the comparison out
from what ``comparator_data`` read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from councilstat.core.benchmark import GroupPosition, group_position
from councilstat.core.narrative import plural
from councilstat.core.periods import Period
from councilstat.core.plan import Polarity
from councilstat.web.accounts.models import User
from councilstat.web.benchmarking.models import (
    Area,
    ComparatorGroup,
    ComparatorSharing,
    ComparatorValue,
    MeasureBenchmark,
)
from councilstat.web.plans.models import Measure, Plan

__all__ = [
    "ComparatorData",
    "LoadedMetric",
    "comparator_data",
    "comparator_standings",
    "get_sharing",
    "groups_for",
    "measures_for_linking",
    "metrics_for",
    "shared_with",
    "sharing_for",
    "values_for",
]


def shared_with(organisation_id: int) -> Q:
    """The comparator values ``organisation_id`` may use: its own, and those of every council
    sharing its values with it by an agreement in force (offered and accepted, not ended). A
    condition, not a query, so that reading values stays one query."""
    providers = ComparatorSharing.objects.filter(
        recipient_id=organisation_id, accepted_at__isnull=False, ended_at__isnull=True
    ).values("provider_id")
    return Q(organisation_id=organisation_id) | Q(organisation_id__in=providers)


def _preference(organisation_id: int) -> Callable[[int], tuple[bool, int]]:
    """The order in which sources are used for the same metric, area and period: the council's
    own value first, then the sharing councils' in the order they joined the service."""
    return lambda source: (source != organisation_id, source)


def sharing_for(user: User) -> QuerySet[ComparatorSharing]:
    """The sharing agreements the user's council is party to (as provider or recipient), live
    first, with both councils."""
    if not user.is_authenticated or user.organisation_id is None:
        return ComparatorSharing.objects.none()
    mine = Q(provider_id=user.organisation_id) | Q(recipient_id=user.organisation_id)
    return (
        ComparatorSharing.objects.filter(mine)
        .select_related("provider", "recipient", "offered_by", "accepted_by", "ended_by")
        .order_by(F("ended_at").desc(nulls_first=True), "-offered_at", "-pk")
    )


def get_sharing(user: User, pk: int) -> ComparatorSharing:
    """One agreement the user's council is party to (404 otherwise)."""
    return get_object_or_404(sharing_for(user), pk=pk)


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
    """The comparator values the user's organisation may use (its own and those shared with
    it), with their areas and the council that loaded each."""
    if not user.is_authenticated or user.organisation_id is None:
        return ComparatorValue.objects.none()
    return ComparatorValue.objects.filter(shared_with(user.organisation_id)).select_related(
        "area", "organisation"
    )


@dataclass(frozen=True)
class LoadedMetric:
    """A national metric with values loaded for the organisation: how many areas, which years."""

    metric: str
    areas: int
    first_period: str
    last_period: str

    @property
    def label(self) -> str:
        span = (
            self.first_period
            if self.first_period == self.last_period
            else f"{self.first_period} to {self.last_period}"
        )
        return f"{self.metric} ({plural(self.areas, 'area')}, {span})"


def metrics_for(user: User) -> list[LoadedMetric]:
    """The metrics of the comparator values the user's organisation may use (its own and
    those shared with it), by id: two queries."""
    if not user.is_authenticated or user.organisation_id is None:
        return []
    usable = shared_with(user.organisation_id)
    rows = (
        ComparatorValue.objects.filter(usable)
        .values("metric")
        .annotate(
            areas=Count("area__code", distinct=True),
            first_end=Min("period_end"),
            last_end=Max("period_end"),
        )
        .order_by("metric")
    )
    periods = {
        (v["metric"], v["period_end"]): v["period"]
        for v in ComparatorValue.objects.filter(usable)
        .values("metric", "period_end", "period")
        .distinct()
    }
    return [
        LoadedMetric(
            r["metric"],
            r["areas"],
            periods[(r["metric"], r["first_end"])],
            periods[(r["metric"], r["last_end"])],
        )
        for r in rows
    ]


def measures_for_linking(user: User) -> QuerySet[Measure]:
    """Every measure of the user's organisation's plans, with its plan and any link."""
    if not user.is_authenticated or user.organisation_id is None:
        return Measure.objects.none()
    return (
        Measure.objects.filter(plan__organisation_id=user.organisation_id)
        .select_related("plan", "benchmark__group")
        .order_by("-plan__reporting_year", "plan__title", "order", "code")
    )


@dataclass(frozen=True)
class ComparatorData:
    """What a measure's comparison is worked out from: its mapping to a national metric, the
    areas of its comparator group, and their values (with the national area's: England, Wales,
    Scotland or Northern Ireland, as the organisation has set) for one period."""

    measure: Measure
    mapping: MeasureBenchmark
    members: dict[int, Area]
    """The group's areas by id."""
    period: str
    """The comparator period shown: the latest ending by the end of ``as_at`` ("" if none)."""
    as_at: Period | None
    rows: tuple[ComparatorValue, ...]


def _mapping(measure: Measure) -> MeasureBenchmark | None:
    return (
        MeasureBenchmark.objects.filter(measure=measure)
        .select_related("group__subject", "group__organisation", "measure__plan")
        .first()
    )


def _latest_period(mapping: MeasureBenchmark, codes: list[str], as_at: Period | None) -> str:
    values = ComparatorValue.objects.filter(
        shared_with(mapping.group.organisation_id), metric=mapping.metric, area__code__in=codes
    )
    if as_at is not None:
        values = values.filter(period_end__lte=as_at.end)
    latest = values.order_by("-period_end", "period").values_list("period", flat=True).first()
    return latest or ""


def _preferred(
    rows: Iterable[ComparatorValue], organisation_id: int
) -> tuple[ComparatorValue, ...]:
    """One value per area and period, the council's own before a shared one."""
    order = _preference(organisation_id)
    chosen: dict[tuple[str, str], ComparatorValue] = {}
    for row in sorted(rows, key=lambda r: order(r.organisation_id)):
        chosen.setdefault((row.area.code, row.period), row)
    return tuple(chosen.values())


def comparator_data(measure: Measure, as_at: Period | None = None) -> ComparatorData | None:
    """The comparator values of the measure's national metric for the latest period that ended
    by the end of ``as_at`` (all periods when ``None``), across the measure's comparator group
    and the organisation's national area; ``None`` when the measure has no national metric.
    Values shared with the council by another (``shared_with``) count as its own, matched to
    its group's areas by their codes, its own value first. Four queries."""
    mapping = _mapping(measure)
    if mapping is None:
        return None
    group = mapping.group
    members = {a.pk: a for a in group.areas.all()}
    by_code = {a.code: a for a in members.values()}
    label = _latest_period(mapping, list(by_code), as_at)
    found = (
        ComparatorValue.objects.filter(
            shared_with(group.organisation_id),
            area__code__in=[*by_code, group.organisation.national_area],
            metric=mapping.metric,
            period=label,
        ).select_related("area")
        if label
        else ComparatorValue.objects.none()
    )
    rows = _preferred(found, group.organisation_id)
    for row in rows:  # a shared value stands for the group's own area of that code
        row.area = by_code.get(row.area.code, row.area)
    return ComparatorData(measure, mapping, members, label, as_at, rows)


def comparator_standings(
    plan: Plan, codes: Collection[str], as_at: Period
) -> dict[str, GroupPosition]:
    """Each of the plan's measures ``codes`` that has a national metric, by code, with its
    place among its comparator group in the latest comparator period that ended by the end of
    ``as_at``: what the measure page's comparison shows (``presenters.comparison_for``), for
    many measures at once (three queries, whatever their number)."""
    mappings = list(
        MeasureBenchmark.objects.filter(measure__plan=plan, measure__code__in=list(codes))
        .select_related("measure", "group__subject")
        .prefetch_related("group__areas")
    )
    if not mappings:
        return {}
    members = {m.pk: {a.code for a in m.group.areas.all()} for m in mappings}
    rows = ComparatorValue.objects.filter(
        shared_with(plan.organisation_id),
        metric__in={m.metric for m in mappings},
        area__code__in={code for areas in members.values() for code in areas},
        period_end__lte=as_at.end,
    ).values_list("organisation_id", "metric", "area__code", "period", "period_end", "value")
    order = _preference(plan.organisation_id)
    by_metric: dict[str, list[tuple[str, str, dt.date, Decimal]]] = defaultdict(list)
    for _, metric, code, period, period_end, value in sorted(rows, key=lambda r: order(r[0])):
        by_metric[metric].append((code, period, period_end, value))
    standings = {}
    for mapping in mappings:
        areas = members[mapping.pk]
        found = [r for r in by_metric[mapping.metric] if r[0] in areas]
        if not found:
            continue
        latest = max(found, key=lambda r: (r[2], r[1]))
        values: dict[str, Decimal] = {}
        for code, period, _, value in found:
            if period == latest[1]:
                values.setdefault(code, value)  # the council's own first
        standings[mapping.measure.code] = group_position(
            values, mapping.group.subject.code, Polarity(mapping.polarity)
        )
    return standings
