"""Build stored plans, users and values for web tests. Each test says only what matters to it."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from councilstat.core.periods import Period, parse_period
from councilstat.web.accounts.models import Directorate, Organisation, Role, User
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.plans.models import Measure, Outcome, Plan, Priority, Target

PASSWORD = "correct-horse-battery-staple"  # noqa: S105  (tests only)
_sequence = itertools.count(1)


def organisation(name: str | None = None) -> Organisation:
    return Organisation.objects.create(name=name or f"Council {next(_sequence)}")


def directorate(org: Organisation, name: str = "Corporate") -> Directorate:
    return Directorate.objects.get_or_create(organisation=org, name=name)[0]


def user(
    org: Organisation,
    role: Role,
    *,
    username: str | None = None,
    directorate: Directorate | None = None,
) -> User:
    return User.objects.create_user(
        username=username or f"{role.value}-{next(_sequence)}",
        password=PASSWORD,
        organisation=org,
        role=role,
        directorate=directorate,
        email=f"{role.value}{next(_sequence)}@council.example",
    )


def plan(org: Organisation, title: str = "Council Plan 2019-20", year: int = 2019) -> Plan:
    return Plan.objects.create(organisation=org, title=title, reporting_year=year)


def measure(
    plan_: Plan,
    code: str = "1A1",
    *,
    owner: User | None = None,
    directorate_: Directorate | None = None,
    unit: str = "percent",
    polarity: str = "higher",
    frequency: str = "quarterly",
    tolerance: str = "5%",
    priority_code: str = "1",
    outcome_code: str = "1.A",
) -> Measure:
    priority, _ = Priority.objects.get_or_create(
        plan=plan_, code=priority_code, defaults={"title": f"Priority {priority_code}"}
    )
    outcome, _ = Outcome.objects.get_or_create(
        priority=priority, code=outcome_code, defaults={"title": f"Outcome {outcome_code}"}
    )
    percent = tolerance.endswith("%")
    return Measure.objects.create(
        plan=plan_,
        outcome=outcome,
        code=code,
        title=f"Measure {code}",
        unit=unit,
        polarity=polarity,
        frequency=frequency,
        tolerance_kind="percent_of_target" if percent else "absolute",
        tolerance_amount=Decimal(tolerance.rstrip("%")),
        owner=owner,
        directorate=directorate_,
    )


def target(measure_: Measure, period: str, value: str | int) -> Target:
    parsed: Period = parse_period(period)
    return Target.objects.create(
        measure=measure_, period=str(parsed), period_end=parsed.end, value=Decimal(str(value))
    )


def observation(
    measure_: Measure,
    period: str,
    value: str | int,
    status: Status = Status.PUBLISHED,
    **extra: object,
) -> Observation:
    parsed = parse_period(period)
    return Observation.objects.create(
        measure=measure_,
        period=str(parsed),
        period_end=parsed.end,
        value=Decimal(str(value)),
        status=status,
        reported_value=Decimal(str(value)) if status == Status.PUBLISHED else None,
        **extra,
    )


def period_return(plan_: Plan, quarter: str = "2019/20 Q2", **extra: object) -> PeriodReturn:
    return PeriodReturn.objects.create(
        plan=plan_, period=quarter, deadline=dt.date(2019, 10, 31), **extra
    )
