"""Reads of comparator data, scoped to the user's organisation (404 outside it), and the
comparator values a measure's comparison shows.

Selectors query, presenters never do: ``presenters.comparison_for`` works the comparison out
from what ``comparator_data`` read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet

from councilstat.core.benchmark import GroupPosition, group_position
from councilstat.core.narrative import plural
from councilstat.core.periods import Period
from councilstat.core.plan import Polarity
from councilstat.web.accounts.models import User
from councilstat.web.benchmarking.models import (
    Area,
    ComparatorGroup,
    ComparatorValue,
    MeasureBenchmark,
)
from councilstat.web.plans.models import Measure, Plan

__all__ = [
    "ComparatorData",
    "LoadedMetric",
    "comparator_data",
    "comparator_standings",
    "groups_for",
    "measures_for_linking",
    "metrics_for",
    "values_for",
]


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
    """The metrics of the user's organisation's comparator values, by id: two queries."""
    if not user.is_authenticated or user.organisation_id is None:
        return []
    rows = (
        ComparatorValue.objects.filter(organisation_id=user.organisation_id)
        .values("metric")
        .annotate(
            areas=Count("area", distinct=True),
            first_end=Min("period_end"),
            last_end=Max("period_end"),
        )
        .order_by("metric")
    )
    periods = {
        (v["metric"], v["period_end"]): v["period"]
        for v in ComparatorValue.objects.filter(organisation_id=user.organisation_id)
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


def _latest_period(mapping: MeasureBenchmark, area_ids: list[int], as_at: Period | None) -> str:
    values = ComparatorValue.objects.filter(
        organisation_id=mapping.group.organisation_id, metric=mapping.metric, area_id__in=area_ids
    )
    if as_at is not None:
        values = values.filter(period_end__lte=as_at.end)
    latest = values.order_by("-period_end", "period").values_list("period", flat=True).first()
    return latest or ""


def comparator_data(measure: Measure, as_at: Period | None = None) -> ComparatorData | None:
    """The comparator values of the measure's national metric for the latest period that ended
    by the end of ``as_at`` (all periods when ``None``), across the measure's comparator group
    and the organisation's national area; ``None`` when the measure has no national metric.
    Four queries."""
    mapping = _mapping(measure)
    if mapping is None:
        return None
    group = mapping.group
    members = {a.pk: a for a in group.areas.all()}
    label = _latest_period(mapping, list(members), as_at)
    rows = (
        tuple(
            ComparatorValue.objects.filter(
                Q(area_id__in=list(members)) | Q(area__code=group.organisation.national_area),
                organisation_id=group.organisation_id,
                metric=mapping.metric,
                period=label,
            ).select_related("area")
        )
        if label
        else ()
    )
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
    members = {m.pk: {a.pk: a.code for a in m.group.areas.all()} for m in mappings}
    rows = ComparatorValue.objects.filter(
        organisation_id__in={m.group.organisation_id for m in mappings},
        metric__in={m.metric for m in mappings},
        area_id__in={pk for areas in members.values() for pk in areas},
        period_end__lte=as_at.end,
    ).values_list("organisation_id", "metric", "area_id", "period", "period_end", "value")
    by_metric: dict[tuple[int, str], list[tuple[int, str, dt.date, Decimal]]] = defaultdict(list)
    for organisation_id, metric, area_id, period, period_end, value in rows:
        by_metric[(organisation_id, metric)].append((area_id, period, period_end, value))
    standings = {}
    for mapping in mappings:
        areas = members[mapping.pk]
        found = [r for r in by_metric[(mapping.group.organisation_id, mapping.metric)]
                 if r[0] in areas]  # fmt: skip
        if not found:
            continue
        latest = max(found, key=lambda r: (r[2], r[1]))
        values = {areas[r[0]]: r[3] for r in found if r[1] == latest[1]}
        standings[mapping.measure.code] = group_position(
            values, mapping.group.subject.code, Polarity(mapping.polarity)
        )
    return standings
