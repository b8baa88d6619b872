"""The API's request and response shapes. Every field is listed: nothing is exposed by
default (no ``fields="__all__"``), and inputs are bounded so a number always fits the store."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator

from councilstat.core.validation import (
    MAX_DECIMAL_PLACES,
    MAX_LENGTH,
    MAX_MAGNITUDE,
    InvalidFigure,
    check_number,
)
from councilstat.web.collection.models import Observation
from councilstat.web.plans.models import Measure, Outcome, Plan, Target

__all__ = [
    "AreaOut",
    "ComparatorGroupOut",
    "ComparatorValueOut",
    "ComparisonOut",
    "ConflictOut",
    "ErrorOut",
    "MeasureOut",
    "ObservationIn",
    "ObservationOut",
    "OutcomeOut",
    "PlanOut",
    "PriorityOut",
    "TargetOut",
    "ValidationErrorOut",
]

_FIGURE_HELP = (
    f"A finite number below {MAX_MAGNITUDE:,.0f} in magnitude, with at most "
    f"{MAX_DECIMAL_PLACES} decimal places: the bounds every value keeps, whichever way it comes in."
)


class ErrorOut(Schema):
    detail: str


class ValidationItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[ValidationItem]


class ConflictOut(Schema):
    detail: str
    current_version: int | None = None


class PlanOut(Schema):
    id: int
    title: str
    reporting_year: int
    organisation: str

    @staticmethod
    def resolve_organisation(obj: Plan) -> str:
        return obj.organisation.name


class PriorityOut(Schema):
    code: str
    title: str
    order: int


class OutcomeOut(Schema):
    code: str
    title: str
    priority: str
    order: int

    @staticmethod
    def resolve_priority(obj: Outcome) -> str:
        return obj.priority.code


class MeasureOut(Schema):
    code: str
    title: str
    priority: str
    outcome: str
    unit: str
    polarity: str
    frequency: str
    tolerance: str
    aggregation: str
    cumulative: bool
    decimal_places: int | None
    can_exceed_100: bool
    directorate_id: int | None
    directorate: str | None
    definition: str
    source: str
    is_public: bool
    series_breaks: list[str] = Field(
        description="The first period of each new definition: SPC limits start again at each."
    )

    @staticmethod
    def resolve_priority(obj: Measure) -> str:
        return obj.outcome.priority.code

    @staticmethod
    def resolve_outcome(obj: Measure) -> str:
        return obj.outcome.code

    @staticmethod
    def resolve_tolerance(obj: Measure) -> str:
        return str(obj.tolerance)

    @staticmethod
    def resolve_directorate(obj: Measure) -> str | None:
        return obj.directorate.name if obj.directorate else None


class TargetOut(Schema):
    measure: str
    period: str
    value: float

    @staticmethod
    def resolve_measure(obj: Target) -> str:
        return obj.measure.code


class ObservationOut(Schema):
    measure: str
    period: str
    value: float
    numerator: float | None
    denominator: float | None
    commentary: str
    status: str
    version: int
    published_at: dt.datetime | None
    reported_value: float | None
    revised: bool

    @staticmethod
    def resolve_measure(obj: Observation) -> str:
        return obj.measure.code

    @staticmethod
    def resolve_revised(obj: Observation) -> bool:
        return obj.is_revised


class ObservationIn(Schema):
    """A value for one period: ``value``, or ``numerator`` and ``denominator``."""

    period: str = Field(
        ...,
        min_length=1,
        max_length=20,
        pattern=r"^(FY ?)?\d{4}([/-]\d{2}(\d{2})?)?( ?Q[1-4])?$|^Q[1-4] \d{4}[/-]\d{2}$",
        examples=["2019/20 Q2"],
    )
    value: Decimal | None = Field(None, allow_inf_nan=True, description=_FIGURE_HELP)
    numerator: Decimal | None = Field(None, allow_inf_nan=True, description=_FIGURE_HELP)
    denominator: Decimal | None = Field(None, allow_inf_nan=True, description=_FIGURE_HELP)
    commentary: str = Field("", max_length=MAX_LENGTH["commentary"], pattern=r"^[^\x00]*$")
    expected_version: int | None = Field(
        None, ge=0, le=2**31 - 1, description="The version you last read; null for a new value."
    )
    confirmed: bool = Field(
        False, description="True to save a value far from the previous period's."
    )
    submit: bool = Field(True, description="Submit for approval (false: save as a draft).")

    @field_validator("value", "numerator", "denominator")
    @classmethod
    def _within_bounds(cls, number: Decimal | None, info: Any) -> Decimal | None:
        """The core's bounds (``check_number``), as the file readers and the form apply them."""
        if number is not None:
            try:
                check_number(number, info.field_name)
            except InvalidFigure as error:
                raise ValueError(str(error)) from None
        return number


class AreaOut(Schema):
    code: str
    name: str


class ComparatorGroupOut(Schema):
    id: int
    name: str
    kind: str
    subject: AreaOut
    areas: list[AreaOut]
    source: str


class ComparatorValueOut(Schema):
    metric: str
    area: AreaOut
    period: str
    value: float
    numerator: float | None
    denominator: float | None
    source: str = Field(
        description="The council that loaded the value: yours, or one sharing its values with "
        "yours by agreement."
    )

    @staticmethod
    def resolve_source(obj: Any) -> str:
        return str(obj.organisation.name)


class ComparisonArea(Schema):
    code: str
    name: str
    value: float
    numerator: float | None
    denominator: float | None
    is_subject: bool
    funnel_position: str | None


class ComparisonFunnel(Schema):
    summary: str
    outliers: list[dict[str, str]]
    centre_percent: float
    phi: float
    tau2: float
    adjusted: bool
    councils: int


class ComparisonOut(Schema):
    measure: str
    metric: str
    metric_title: str
    unit: str
    polarity: str
    group: str
    subject: str
    period: str | None
    as_at: str | None
    sentence: str
    rank: int | None
    joint: bool
    count: int
    quartile: int | None
    median: float | None
    mean: float | None
    subject_value: float | None
    national_area: AreaOut
    """The organisation's national comparator area (England, Wales, Scotland or Northern
    Ireland, by its ONS code): its setting on the council's settings page."""
    national_value: float | None
    """The national area's value for the period, when the comparator data gives it."""
    areas: list[ComparisonArea]
    funnel: ComparisonFunnel | None
    source: str
    note: str


SummaryOut = dict[str, Any]
"""The summary JSON of ``councilstat summary --json`` (``reports.serialise.summary_to_dict``)."""
