"""Comparator data: groups, values, and a measure's comparison with its group."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.params.functions import Query

from councilstat.web.accounts.policy import Permission, require
from councilstat.web.api.auth import caller
from councilstat.web.api.errors import responses
from councilstat.web.api.pagination import Page
from councilstat.web.api.plans import CODE_PATH, ID, PERIOD, plan_of
from councilstat.web.api.schemas import ComparatorGroupOut, ComparatorValueOut, ComparisonOut
from councilstat.web.api.selectors import parse_period_param
from councilstat.web.benchmarking.models import ComparatorGroup, ComparatorValue
from councilstat.web.benchmarking.presenters import Comparison, comparison_for
from councilstat.web.benchmarking.selectors import comparator_data, groups_for, values_for
from councilstat.web.plans.selectors import get_measure

__all__ = ["router"]

router = Router(tags=["comparators"])
TEXT: Any = Query(None, min_length=1, max_length=50, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
AREA: Any = Query(
    None, min_length=9, max_length=9, pattern=r"^[A-Za-z]\d{8}$", description="An ONS code"
)


@router.get("/comparator-groups", response=responses(list[ComparatorGroupOut]), summary="Groups")
@paginate(Page)
def list_groups(request: HttpRequest) -> list[ComparatorGroup]:
    user = caller(request)
    require(user, Permission.VIEW_DASHBOARD)
    return groups_for(user).order_by("name", "pk")  # type: ignore[return-value]


@router.get(
    "/comparator-values",
    response=responses(list[ComparatorValueOut]),
    summary="Comparator values, by metric, period and area",
)
@paginate(Page)
def list_values(
    request: HttpRequest,
    metric: str | None = TEXT,
    period: str | None = PERIOD,
    area: str | None = AREA,
) -> list[ComparatorValue]:
    user = caller(request)
    require(user, Permission.VIEW_DASHBOARD)
    values = values_for(user)
    if metric is not None:
        values = values.filter(metric=metric)
    if period is not None:
        values = values.filter(period=str(parse_period_param(period)))
    if area is not None:
        values = values.filter(area__code=area.upper())
    return values.order_by("metric", "period_end", "area__name", "pk")  # type: ignore[return-value]


def _comparison_out(comparison: Comparison) -> dict[str, Any]:
    position, funnel = comparison.position, comparison.funnel
    return {
        "measure": comparison.measure_code,
        "metric": comparison.metric,
        "metric_title": comparison.metric_title,
        "unit": comparison.unit.value,
        "polarity": comparison.polarity.value,
        "group": comparison.group_name,
        "subject": comparison.subject_name,
        "period": str(comparison.period) if comparison.period else None,
        "as_at": str(comparison.as_at) if comparison.as_at else None,
        "sentence": comparison.sentence,
        "rank": position.rank,
        "joint": position.joint,
        "count": position.count,
        "quartile": position.quartile,
        "median": position.median,
        "mean": position.mean,
        "subject_value": position.subject_value,
        "national_area": {"code": comparison.national_area, "name": comparison.national_name},
        "national_value": comparison.national_value,
        "areas": [
            {
                "code": a.code,
                "name": a.name,
                "value": a.value,
                "numerator": a.numerator,
                "denominator": a.denominator,
                "is_subject": a.is_subject,
                "funnel_position": a.position.value if a.position else None,
            }
            for a in comparison.areas
        ],
        "funnel": None
        if funnel is None
        else {
            "summary": funnel.summary,
            "outliers": [{"name": o.name, "position": o.position.value} for o in funnel.outliers],
            "centre_percent": funnel.centre_percent,
            "phi": funnel.phi,
            "tau2": funnel.tau2,
            "adjusted": funnel.adjusted,
            "councils": funnel.councils,
        },
        "source": comparison.source,
        "note": comparison.note,
    }


@router.get(
    "/plans/{plan_id}/measures/{code}/comparison",
    response=responses(ComparisonOut),
    summary="A measure against its comparator group (rank, quartile, funnel plot)",
)
def get_comparison(
    request: HttpRequest,
    plan_id: int = ID,
    code: str = CODE_PATH,
    period: str | None = PERIOD,
) -> dict[str, Any]:
    plan = plan_of(request, plan_id)
    measure = get_measure(caller(request), plan, code)
    as_at = parse_period_param(period) if period is not None else None
    comparison = comparison_for(comparator_data(measure, as_at))
    if comparison is None:
        raise Http404(f"{code} is not compared with a national metric")
    return _comparison_out(comparison)
