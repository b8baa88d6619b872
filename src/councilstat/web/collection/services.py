"""Writes to collected values and their rounds: open, extend and close a quarter's round;
enter, submit, approve, return, publish, restate; the organisation's collection settings.

Each service takes the acting user, checks the policy, runs in one transaction, locks the row
it changes, checks the version the user saw (no lost updates), and records why in the audit
trail (django-simple-history, with the change reason).

The workflow of a value::

    (none) --enter--> draft --submit--> submitted --approve--> approved --publish--> published
                        ^                   |                                         |
                        +--enter-- returned <--return--+                    restate (reason)

and of a quarter's round (values are entered and submitted only while it is open)::

    (none) --open (deadline)--> open --close--> closed --publish--> published
                                 ^  |             |
                                 |  +--publish----+----------------^
                                 +--extend (a later deadline)--+
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from councilstat.core.errors import PeriodError
from councilstat.core.periods import Period, Quarter, parse_period, quarter_of
from councilstat.core.rating import Rag, rag
from councilstat.core.validation import InvalidFigure, check_observation_period, observation_value
from councilstat.reports.words import long_date
from councilstat.web.accounts.models import User
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.collection.figures import series_values
from councilstat.web.collection.models import (
    CollectionSettings,
    Observation,
    PeriodReturn,
    RoundState,
    Status,
)
from councilstat.web.collection.selectors import (
    approved_in_return,
    publish_check,
    target_for,
)
from councilstat.web.common.audit import with_reason
from councilstat.web.common.errors import StaleVersion, ValidationFailed, WorkflowError
from councilstat.web.common.published import published_figures_changed
from councilstat.web.plans.adapters import core_measure
from councilstat.web.plans.models import Measure, Plan

__all__ = [
    "Figures",
    "NeedsConfirmation",
    "PublishNeedsConfirmation",
    "approve_observation",
    "close_round",
    "commentary_required",
    "enter_observation",
    "extend_round",
    "open_round",
    "open_to_members",
    "publish_late_values",
    "publish_period",
    "restate_observation",
    "return_observation",
    "save_collection_settings",
    "submit_observation",
]


class NeedsConfirmation(Exception):
    """The value moved further from the previous period's than the configured limit."""

    def __init__(self, previous: Decimal, value: Decimal, change_percent: Decimal) -> None:
        super().__init__(
            f"the value {value} is {change_percent:.0f}% away from the previous value {previous}"
        )
        self.previous = previous
        self.value = value
        self.change_percent = change_percent


class PublishNeedsConfirmation(Exception):
    """Values due are missing: publishing needs the publisher to confirm that many."""

    def __init__(self, missing: int) -> None:
        noun = "value due is" if missing == 1 else "values due are"
        super().__init__(f"{missing} {noun} missing: confirm to publish without them")
        self.missing = missing


@dataclass(frozen=True)
class Figures:
    """What a person entered for one measure and period."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    commentary: str = ""


def _previous_value(measure: Measure, period: Period) -> Decimal | None:
    previous = series_values(measure, [str(period.previous())]).get(str(period.previous()))
    return previous.value if previous else None


def _is_red(measure: Measure, period: Period, value: Decimal) -> bool:
    core = core_measure(measure)
    return rag(value, target_for(measure, period), core.tolerance, core.polarity) is Rag.RED


def commentary_required(measure: Measure, period: Period, figures: Figures) -> bool:
    """Whether ``figures`` give a value that is off target (red), which needs commentary;
    ``False`` while they give no valid value."""
    try:
        value = observation_value(
            core_measure(measure), figures.value, figures.numerator, figures.denominator
        )
    except InvalidFigure:
        return False
    return _is_red(measure, period, value)


def _checked_value(measure: Measure, period: Period, figures: Figures) -> Decimal:
    """Apply the file rules, and require commentary on a red value."""
    core = core_measure(measure)
    try:
        check_observation_period(core, period)
        value = observation_value(core, figures.value, figures.numerator, figures.denominator)
    except InvalidFigure as error:
        raise ValidationFailed({error.field: str(error)}) from None
    if _is_red(measure, period, value) and not figures.commentary.strip():
        raise ValidationFailed(
            {"commentary": "This value is off target (red): explain why and what is being done"}
        )
    return value


def _check_change(measure: Measure, period: Period, value: Decimal, confirmed: bool) -> None:
    previous = _previous_value(measure, period)
    if confirmed or previous is None or previous == 0:
        return
    change = abs(value - previous) / abs(previous) * 100
    if change > Decimal(settings.COUNCILSTAT_CONFIRM_CHANGE_PERCENT):
        raise NeedsConfirmation(previous, value, change)


def _require_open_round(measure: Measure, period: Period) -> None:
    """Values are entered and submitted only while their quarter's round is open."""
    quarter = quarter_of(period)
    found = PeriodReturn.objects.filter(plan_id=measure.plan_id, period=str(quarter)).first()
    if found is None:
        raise WorkflowError(
            f"{quarter} is not open for entry yet: the performance team opens each quarter"
        )
    if found.state is RoundState.PUBLISHED:
        raise WorkflowError(
            f"{quarter} is published, so its values cannot be changed here; a correction is "
            "a restatement, made by the performance team"
        )
    if found.state is RoundState.CLOSED:
        raise WorkflowError(
            f"{quarter} is closed to entry; ask the performance team to extend its deadline"
        )


def _locked(observation: Observation, expected_version: int | None) -> Observation:
    current = Observation.objects.select_for_update().get(pk=observation.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(current)
    return current


def _save(observation: Observation, reason: str, by: User) -> Observation:
    observation.version += 1
    with_reason(observation, reason, by)
    observation.save()
    return observation


def _publish(observations: Iterable[Observation], now: dt.datetime, reason: str, by: User) -> int:
    """Make each approved value the reported figure, published ``now``; returns how many."""
    count = 0
    for observation in observations:
        observation.status = Status.PUBLISHED
        observation.published_at = now
        observation.reported_value = observation.value
        _save(observation, reason, by)
        count += 1
    return count


def _refresh_public_pages(organisation_id: int) -> None:
    """Published figures changed: the public pages' cache is stale once this commits."""
    transaction.on_commit(lambda: published_figures_changed(organisation_id))


def parse_entry_period(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError as error:
        raise ValidationFailed({"period": str(error)}) from None


@transaction.atomic
def enter_observation(
    user: User,
    measure: Measure,
    period: Period,
    figures: Figures,
    *,
    expected_version: int | None,
    confirmed: bool = False,
    submit: bool = False,
) -> Observation:
    """Save (and optionally submit) an owner's value for ``period``.

    ``expected_version`` is the version the user's form was loaded with (``None`` for a new
    value); a mismatch raises ``StaleVersion`` and saves nothing.
    """
    require(user, Permission.ENTER_VALUE, measure)
    _require_open_round(measure, period)
    existing = Observation.objects.select_for_update().filter(measure=measure, period=str(period))
    observation = existing.first()
    if observation is None and expected_version is not None:
        raise WorkflowError("this value no longer exists; reload the page")
    if observation is not None:
        if observation.version != expected_version:
            raise StaleVersion(observation, figures)
        if observation.status not in (Status.DRAFT, Status.RETURNED):
            raise WorkflowError(
                f"this value is {observation.get_status_display().lower()} and cannot be edited"
            )
    value = _checked_value(measure, period, figures)
    _check_change(measure, period, value, confirmed)
    if observation is None:
        observation = Observation(measure=measure, period=str(period), period_end=period.end)
        observation.version = 0
    observation.value = value
    observation.numerator = figures.numerator
    observation.denominator = figures.denominator
    observation.commentary = figures.commentary.strip()
    observation.entered_by = user
    observation.status = Status.SUBMITTED if submit else Status.DRAFT
    if submit:
        observation.submitted_at = timezone.now()
    return _save(observation, "Submitted" if submit else "Saved as draft", user)


@transaction.atomic
def submit_observation(
    user: User, observation: Observation, *, expected_version: int
) -> Observation:
    require(user, Permission.ENTER_VALUE, observation)
    current = _locked(observation, expected_version)
    if current.status not in (Status.DRAFT, Status.RETURNED):
        raise WorkflowError("only a draft or returned value can be submitted")
    _require_open_round(current.measure, parse_period(current.period))
    current.status = Status.SUBMITTED
    current.submitted_at = timezone.now()
    return _save(current, "Submitted", user)


@transaction.atomic
def approve_observation(
    user: User, observation: Observation, *, expected_version: int
) -> Observation:
    require(user, Permission.APPROVE_VALUE, observation)
    current = _locked(observation, expected_version)
    if current.status != Status.SUBMITTED:
        raise WorkflowError("only a submitted value can be approved")
    current.status = Status.APPROVED
    current.approved_by = user
    current.approved_at = timezone.now()
    current.return_reason = ""
    return _save(current, "Approved", user)


@transaction.atomic
def return_observation(
    user: User, observation: Observation, reason: str, *, expected_version: int
) -> Observation:
    require(user, Permission.APPROVE_VALUE, observation)
    if not reason.strip():
        raise ValidationFailed({"reason": "Say why the value is being returned"})
    current = _locked(observation, expected_version)
    if current.status != Status.SUBMITTED:
        raise WorkflowError("only a submitted value can be returned")
    current.status = Status.RETURNED
    current.return_reason = reason.strip()
    return _save(current, f"Returned: {reason.strip()}", user)


@transaction.atomic
def publish_period(
    user: User, period_return: PeriodReturn, *, missing_confirmed: int | None = None
) -> int:
    """Publish every approved value of the return's quarter; returns how many.

    Values due with no approved value are left out only when ``missing_confirmed`` is their
    number (the publisher saw and confirmed exactly that many), else
    ``PublishNeedsConfirmation``. A quarter already published is left as it is: publishing it
    again changes nothing (its date stays) and returns 0, so a form sent twice does no harm.
    """
    require(user, Permission.PUBLISH_PERIOD, period_return)
    current = (
        PeriodReturn.objects.select_for_update().select_related("plan").get(pk=period_return.pk)
    )
    if current.published_at is not None:
        return 0
    check = publish_check(current)
    if check.missing and missing_confirmed != check.missing:
        raise PublishNeedsConfirmation(check.missing)
    now = timezone.now()
    approved = approved_in_return(current).select_for_update()
    count = _publish(approved, now, f"Published with {current.period}", user)
    current.published_at = now
    current.published_by = user
    _refresh_public_pages(current.plan.organisation_id)
    missing = f", {check.missing} due values missing" if check.missing else ""
    with_reason(current, f"Published {count} value{'' if count == 1 else 's'}{missing}", user)
    current.save()
    period_return.published_at, period_return.published_by = now, user
    return count


@transaction.atomic
def publish_late_values(user: User, period_return: PeriodReturn, *, confirmed: int) -> int:
    """Publish the values of an already published quarter approved since it was published
    (a value due that was missing then, or returned and put right); returns how many.

    ``confirmed`` is how many the publisher saw; if another was approved meanwhile,
    ``PublishNeedsConfirmation`` says how many there now are and nothing is published. None
    left (a form sent twice) publishes nothing and returns 0. Each value is audited as
    published late, and the round as having had late values published.
    """
    require(user, Permission.PUBLISH_PERIOD, period_return)
    current = (
        PeriodReturn.objects.select_for_update().select_related("plan").get(pk=period_return.pk)
    )
    if current.published_at is None:
        raise WorkflowError(f"{current.period} is not published yet: publish the quarter")
    late = list(approved_in_return(current).select_for_update())
    if not late:
        return 0
    if len(late) != confirmed:
        raise PublishNeedsConfirmation(len(late))
    _publish(late, timezone.now(), f"Published late with {current.period}", user)
    _refresh_public_pages(current.plan.organisation_id)
    noun = "value" if len(late) == 1 else "values"
    with_reason(current, f"Published {len(late)} late {noun}", user)
    current.save()
    return len(late)


def _deadline_after_start(quarter: Quarter, deadline: dt.date) -> None:
    if deadline < quarter.start:
        starts = f"{quarter} starts ({long_date(quarter.start)})"
        raise ValidationFailed({"deadline": f"The deadline must be after {starts}"})


@transaction.atomic
def open_round(user: User, plan: Plan, quarter: Quarter, deadline: dt.date) -> PeriodReturn:
    """Open ``quarter`` of ``plan`` for entry, with its deadline: owners see what is due."""
    require(user, Permission.RUN_COLLECTION, plan)
    _deadline_after_start(quarter, deadline)
    if PeriodReturn.objects.select_for_update().filter(plan=plan, period=str(quarter)).exists():
        raise WorkflowError(f"{quarter} has already been opened")
    period_return = PeriodReturn(
        plan=plan,
        period=str(quarter),
        deadline=deadline,
        opened_at=timezone.now(),
        opened_by=user,
    )
    with_reason(period_return, f"Opened for entry, deadline {long_date(deadline)}", user)
    try:
        with transaction.atomic():
            period_return.save()
    except IntegrityError:  # opened by someone else a moment ago
        raise WorkflowError(f"{quarter} has already been opened") from None
    return period_return


def _locked_round(period_return: PeriodReturn) -> PeriodReturn:
    return PeriodReturn.objects.select_for_update().select_related("plan").get(pk=period_return.pk)


@transaction.atomic
def extend_round(user: User, period_return: PeriodReturn, deadline: dt.date) -> PeriodReturn:
    """Give the round a later deadline; a closed round opens again for entry."""
    require(user, Permission.RUN_COLLECTION, period_return)
    current = _locked_round(period_return)
    if current.state is RoundState.PUBLISHED:
        raise WorkflowError(f"{current.period} is published: its round is over")
    if deadline <= current.deadline:
        raise ValidationFailed(
            {
                "deadline": "The new deadline must be later than the current one, "
                f"{long_date(current.deadline)}"
            }
        )
    reopened = current.state is RoundState.CLOSED
    was = current.deadline
    current.deadline, current.closed_at, current.closed_by = deadline, None, None
    reason = (
        f"Reopened for entry, deadline {long_date(deadline)}"
        if reopened
        else f"Deadline extended from {long_date(was)} to {long_date(deadline)}"
    )
    with_reason(current, reason, user)
    current.save()
    return current


@transaction.atomic
def close_round(user: User, period_return: PeriodReturn) -> PeriodReturn:
    """Close the round to entry (approval and publishing go on). Closing a closed round
    changes nothing."""
    require(user, Permission.RUN_COLLECTION, period_return)
    current = _locked_round(period_return)
    if current.state is RoundState.PUBLISHED:
        raise WorkflowError(f"{current.period} is published: its round is over")
    if current.state is RoundState.CLOSED:
        return current
    current.closed_at, current.closed_by = timezone.now(), user
    with_reason(current, "Closed to entry", user)
    current.save()
    return current


@transaction.atomic
def save_collection_settings(user: User, *, imports_approved: bool) -> CollectionSettings:
    """Choose whether imported values count as approved (recorded in the audit trail)."""
    require(user, Permission.RUN_COLLECTION)
    if user.organisation is None:
        raise WorkflowError("your account belongs to no organisation")
    found = (
        CollectionSettings.objects.select_for_update()
        .filter(organisation=user.organisation)
        .first()
    )
    if found is None:
        found = CollectionSettings(organisation=user.organisation)
    elif found.imports_approved == imports_approved:
        return found
    found.imports_approved = imports_approved
    with_reason(
        found,
        "Imported values count as approved"
        if imports_approved
        else "Imported values are approved separately, by a director",
    )
    found.save()
    return found


@transaction.atomic
def open_to_members(user: User, period_return: PeriodReturn, *, opened: bool) -> PeriodReturn:
    """Let councillors see (or stop them seeing) the quarter's submitted figures."""
    require(user, Permission.PUBLISH_PERIOD, period_return)
    period_return.opened_to_members = opened
    with_reason(period_return, "Opened to members" if opened else "Closed to members", user)
    period_return.save()
    return period_return


@transaction.atomic
def restate_observation(
    user: User,
    observation: Observation,
    figures: Figures,
    reason: str,
    *,
    expected_version: int,
) -> Observation:
    """Correct a published value. The figure as reported stays visible beside the revision."""
    require(user, Permission.RESTATE_VALUE, observation)
    if not reason.strip():
        raise ValidationFailed({"reason": "Say why the published value is being corrected"})
    current = _locked(observation, expected_version)
    if current.status != Status.PUBLISHED:
        raise WorkflowError("only a published value is restated; edit other values directly")
    measure = current.measure
    value = _checked_value(measure, parse_period(current.period), figures)
    current.value = value
    current.numerator = figures.numerator
    current.denominator = figures.denominator
    if figures.commentary.strip():
        current.commentary = figures.commentary.strip()
    current.restatement_reason = reason.strip()
    current.restated_at = timezone.now()
    _refresh_public_pages(measure.plan.organisation_id)
    return _save(current, f"Restated: {reason.strip()}", user)
