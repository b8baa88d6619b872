"""Values: read what the caller may see, the quarter's summary and exceptions (the same JSON
as ``councilstat summary --json``), and submit a value through the web form's own service."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.params.functions import Query
from ninja.responses import Status

from councilstat.core.summary import summarise
from councilstat.reports.serialise import summary_to_dict
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.api.auth import caller
from councilstat.web.api.errors import InvalidInput, responses
from councilstat.web.api.pagination import Page
from councilstat.web.api.plans import (
    CODE,
    CODE_PATH,
    DIRECTORATE,
    ID,
    PERIOD,
    PERIOD_PATTERN,
    plan_of,
)
from councilstat.web.api.schemas import ConflictOut, ObservationIn, ObservationOut, SummaryOut
from councilstat.web.api.selectors import (
    Filters,
    measures_of,
    observations_of,
    parse_period_param,
    parse_quarter_param,
)
from councilstat.web.collection import services
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.models import Observation
from councilstat.web.collection.selectors import is_published, visible_observations
from councilstat.web.common.errors import StaleVersion, ValidationFailed, WorkflowError
from councilstat.web.plans.models import Measure, Plan

__all__ = ["router"]

router = Router(tags=["values"])
QUARTER: Any = Query(
    ..., min_length=1, max_length=20, pattern=PERIOD_PATTERN, description="A quarter: 2019/20 Q2"
)


@router.get(
    "/plans/{plan_id}/observations",
    response=responses(list[ObservationOut]),
    summary="Values the caller may see",
)
@paginate(Page)
def list_observations(
    request: HttpRequest,
    plan_id: int = ID,
    period: str | None = PERIOD,
    priority: str | None = CODE,
    outcome: str | None = CODE,
    directorate: int | None = DIRECTORATE,
    measure: str | None = CODE,
) -> QuerySet[Observation]:
    plan = plan_of(request, plan_id)
    filters = Filters(period, priority, outcome, directorate, measure)
    return observations_of(caller(request), plan, filters)


def _summary(request: HttpRequest, plan: Plan, period: str, directorate: int | None) -> Any:
    quarter = parse_quarter_param(period)
    user = caller(request)
    chosen = None if directorate is None else measures_of(plan, Filters(directorate=directorate))
    figures = snapshot(plan, visible_observations(user, plan), measures=chosen)
    published = is_published(plan, quarter)
    return summary_to_dict(
        summarise(figures, quarter, published=published),
        figures,
        organisation=plan.organisation.name,
    )


@router.get(
    "/plans/{plan_id}/summary",
    response=responses(SummaryOut),
    summary="A quarter's summary (the JSON of `councilstat summary --json`)",
)
def get_summary(
    request: HttpRequest,
    plan_id: int = ID,
    period: str = QUARTER,
    directorate: int | None = DIRECTORATE,
) -> Any:
    return _summary(request, plan_of(request, plan_id), period, directorate)


@router.get(
    "/plans/{plan_id}/exceptions",
    response=responses(SummaryOut),
    summary="A quarter's exceptions: the off-target measures, by priority",
)
def get_exceptions(
    request: HttpRequest,
    plan_id: int = ID,
    period: str = QUARTER,
    directorate: int | None = DIRECTORATE,
) -> Any:
    summary = _summary(request, plan_of(request, plan_id), period, directorate)
    codes = {code for group in summary["exceptions"] for code in group["measures"]}
    return {
        "organisation": summary["organisation"],
        "plan": summary["plan"],
        "period": summary["period"],
        "provisional": summary["provisional"],
        "provisional_note": summary["provisional_note"],
        "coverage": summary["coverage"],
        "exceptions": summary["exceptions"],
        "by_measure": [m for m in summary["by_measure"] if m["code"] in codes],
    }


def _measure(plan: Plan, code: str) -> Measure:
    found = measures_of(plan, Filters(measure=code)).select_related("owner", "plan").first()
    if found is None:
        raise Http404(f"no measure {code}")
    return found


@router.post(
    "/plans/{plan_id}/measures/{code}/observations",
    response={**responses(ObservationOut, status=201, conflict=True)},
    summary="Enter (and by default submit) a value for a period",
)
def submit_value(
    request: HttpRequest,
    payload: ObservationIn,
    plan_id: int = ID,
    code: str = CODE_PATH,
) -> Status[Any]:
    user = caller(request)
    plan = plan_of(request, plan_id)
    measure = _measure(plan, code)
    require(user, Permission.ENTER_VALUE, measure)
    try:
        period = parse_period_param(payload.period)
    except InvalidInput as error:
        raise InvalidInput({("body", "payload", "period"): str(error)}) from None
    figures = services.Figures(
        value=payload.value,
        numerator=payload.numerator,
        denominator=payload.denominator,
        commentary=payload.commentary,
    )
    try:
        saved = services.enter_observation(
            user,
            measure,
            period,
            figures,
            expected_version=payload.expected_version,
            confirmed=payload.confirmed,
            submit=payload.submit,
        )
    except ValidationFailed as error:
        raise InvalidInput(
            {("body", "payload", field): message for field, message in error.errors.items()}
        ) from None
    except services.NeedsConfirmation as error:
        message = f"{error}; send confirmed: true to save it"
        raise InvalidInput({("body", "payload", "confirmed"): message}) from None
    except StaleVersion as error:
        return Status(409, ConflictOut(detail=str(error), current_version=error.current.version))
    except WorkflowError as error:
        return Status(409, ConflictOut(detail=str(error)))
    return Status(201, saved)
