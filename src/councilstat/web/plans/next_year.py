"""Starting next year's plan from this year's, and keeping each measure's history joined.

``start_next_year`` copies this year's priorities, outcomes and measures (with their
tolerances, owners and directorates) into a plan for the next financial year, in one
transaction. The officer says what becomes of each measure: carried over as it is, carried over
renamed or renumbered (a new code or title), or retired. A measure carried over, renamed or
not, gets ``previous`` set to this year's, so its values join into one series across the years
(``plans.adapters.lineage``); a retired one is marked ``retired_on`` today and not copied.
Targets are copied only when asked (each of this year's targets as the same period next year);
otherwise ``collection`` asks for the new year's targets next.

``set_year_targets`` saves the new year's targets, all or nothing.

``link_previous`` is the mapping page's service for a plan that already exists (imported from
files, or started with a mapping to correct): it sets, for each of its measures, the measure of
the previous year's plan it continues, and retires last year's measures that none continues.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from councilstat.core.periods import FinancialYear, Month, Period, Quarter, parse_period
from councilstat.core.validation import InvalidFigure, check_target
from councilstat.web.accounts.models import User
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.common.audit import with_reason
from councilstat.web.common.errors import ValidationFailed
from councilstat.web.common.published import published_figures_changed
from councilstat.web.plans.adapters import core_measure
from councilstat.web.plans.models import Measure, Outcome, Plan, Priority, Target

__all__ = [
    "Carry",
    "code_field",
    "fate_field",
    "link_previous",
    "next_title",
    "set_year_targets",
    "start_next_year",
    "target_field",
    "title_field",
]

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_CODE = 20
MAX_TITLE = 300
_YEAR_IN_TITLE = re.compile(r"(?P<y1>(?:19|20)\d\d)(?P<sep>\s*[/-]\s*)(?P<y2>\d\d(?:\d\d)?)")


def fate_field(measure: Measure) -> str:
    return f"fate_{measure.pk}"


def code_field(measure: Measure) -> str:
    return f"code_{measure.pk}"


def title_field(measure: Measure) -> str:
    return f"title_{measure.pk}"


@dataclass(frozen=True)
class Carry:
    """What becomes of one of this year's measures next year: carried over with ``code`` and
    ``title`` (blank: as they are; changed: renamed or renumbered), or ``retired``."""

    measure: Measure
    code: str = ""
    title: str = ""
    retired: bool = False

    @property
    def next_code(self) -> str:
        return self.code.strip() or self.measure.code

    @property
    def next_title(self) -> str:
        return " ".join(self.title.split()) or self.measure.title


def next_title(plan: Plan) -> str:
    """A title for next year's plan: this one's with its year moved on (``Council Plan
    2019-20`` becomes ``Council Plan 2020-21``), else with the new year added."""
    following = plan.reporting_year + 1

    def moved(match: re.Match[str]) -> str:
        first = int(match["y1"])
        if first != plan.reporting_year:
            return match.group(0)
        second = str(following + 1) if len(match["y2"]) == 4 else f"{(following + 1) % 100:02d}"
        return f"{following}{match['sep']}{second}"

    title = _YEAR_IN_TITLE.sub(moved, plan.title)
    return title if title != plan.title else f"{plan.title} {FinancialYear(following)}"


def _check_title(plan: Plan, title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise ValidationFailed({"title": "Enter a title for next year's plan"})
    if len(cleaned) > 200:
        raise ValidationFailed({"title": "The title must be 200 characters or fewer"})
    taken = Plan.objects.filter(organisation_id=plan.organisation_id, title__iexact=cleaned)
    if taken.exists():
        raise ValidationFailed(
            {"title": f"There is already a plan called “{cleaned}”: choose another title"}
        )
    return cleaned


def _check_carries(plan: Plan, carries: Sequence[Carry]) -> list[Carry]:
    """Every measure of ``plan`` once (any not given is carried over as it is), each new code
    and title valid and each code used once."""
    given = {carry.measure.pk: carry for carry in carries}
    measures = list(plan.measures.order_by("outcome__priority__order", "outcome__order", "order"))
    if set(given) - {m.pk for m in measures}:
        raise ValidationFailed({"__all__": "A measure of another plan was given"})
    checked = [given.get(m.pk, Carry(m)) for m in measures]
    errors: dict[str, str] = {}
    kept = [carry for carry in checked if not carry.retired]
    for carry in kept:
        code, title = carry.next_code, carry.next_title
        if len(code) > MAX_CODE or not CODE_PATTERN.match(code):
            errors[code_field(carry.measure)] = (
                f"Enter a code for {carry.measure.code} of up to {MAX_CODE} letters, digits, "
                "dots, dashes or underscores"
            )
        if len(title) > MAX_TITLE:
            errors[title_field(carry.measure)] = (
                f"The title for {carry.measure.code} must be {MAX_TITLE} characters or fewer"
            )
    counts = Counter(carry.next_code.lower() for carry in kept)
    for carry in kept:
        if counts[carry.next_code.lower()] > 1 and code_field(carry.measure) not in errors:
            errors[code_field(carry.measure)] = (
                f"The code {carry.next_code} is given to more than one measure next year"
            )
    if not kept:
        errors["__all__"] = "Carry at least one measure over into next year's plan"
    if errors:
        raise ValidationFailed(errors)
    return checked


def _next_period(period: Period) -> Period:
    if isinstance(period, FinancialYear):
        return FinancialYear(period.year + 1)
    if isinstance(period, Quarter):
        return Quarter(period.year + 1, period.number)
    return Month(period.year + 1, period.month)


def _copy_structure(plan: Plan, new: Plan) -> dict[int, Outcome]:
    """This year's priorities and outcomes into ``new``: the new outcome for each old one."""
    priorities = {}
    for priority in plan.priorities.all():
        priorities[priority.pk] = Priority.objects.create(
            plan=new, code=priority.code, title=priority.title, order=priority.order
        )
    outcomes = {}
    for outcome in Outcome.objects.filter(priority__plan=plan):
        outcomes[outcome.pk] = Outcome.objects.create(
            priority=priorities[outcome.priority_id],
            code=outcome.code,
            title=outcome.title,
            order=outcome.order,
        )
    return outcomes


def _copied_measure(carry: Carry, new: Plan, outcomes: dict[int, Outcome]) -> Measure:
    old = carry.measure
    return Measure(
        plan=new,
        outcome=outcomes[old.outcome_id],
        code=carry.next_code,
        title=carry.next_title,
        unit=old.unit,
        polarity=old.polarity,
        frequency=old.frequency,
        tolerance_kind=old.tolerance_kind,
        tolerance_amount=old.tolerance_amount,
        aggregation=old.aggregation,
        cumulative=old.cumulative,
        directorate_id=old.directorate_id,
        owner_id=old.owner_id,
        definition=old.definition,
        source=old.source,
        is_public=old.is_public,
        order=old.order,
        previous=old,
    )


def _copy_targets(plan: Plan, copies: Sequence[Measure], user: User, reason: str) -> int:
    """Each of this year's targets of the measures copied, as the same period next year."""
    year = FinancialYear(plan.reporting_year)
    by_old = {m.previous_id: m for m in copies if m.polarity != "none"}
    new = []
    for target in Target.objects.filter(measure_id__in=list(by_old)):
        period = parse_period(target.period)
        if period.financial_year != year:
            continue
        moved = _next_period(period)
        new.append(
            Target(
                measure=by_old[target.measure_id],
                period=str(moved),
                period_end=moved.end,
                value=target.value,
                upper=target.upper,
            )
        )
    bulk_create_with_history(new, Target, default_user=user, default_change_reason=reason)
    return len(new)


@transaction.atomic
def start_next_year(
    user: User, plan: Plan, *, title: str, carries: Sequence[Carry], copy_targets: bool = False
) -> Plan:
    """Start the plan for the financial year after ``plan``'s, from it (see the module)."""
    require(user, Permission.MANAGE_PLAN, plan)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if Plan.objects.filter(previous=locked).exists():
        message = f"Next year's plan has already been started from {plan}"
        raise ValidationFailed({"__all__": message})
    checked = _check_carries(locked, carries)
    new = Plan.objects.create(
        organisation_id=locked.organisation_id,
        title=_check_title(locked, title),
        reporting_year=locked.reporting_year + 1,
        previous=locked,
        outcome_term=locked.outcome_term,
        outcome_term_plural=locked.outcome_term_plural,
    )
    reason = f"Carried over from {locked.title} into {new.title}"
    outcomes = _copy_structure(locked, new)
    copies = [_copied_measure(c, new, outcomes) for c in checked if not c.retired]
    bulk_create_with_history(copies, Measure, default_user=user, default_change_reason=reason)
    copies = list(new.measures.all())
    today = timezone.localdate()
    for carry in checked:
        if carry.retired:
            _retire(carry.measure, today, f"Retired: not carried into {new.title}")
    if copy_targets:
        _copy_targets(locked, copies, user, f"Copied from {locked.title}")
    organisation_id = locked.organisation_id
    transaction.on_commit(lambda: published_figures_changed(organisation_id))
    return new


def _retire(measure: Measure, when: dt.date | None, reason: str) -> None:
    """Mark ``measure`` retired ``when`` (``None``: no longer retired), with the reason."""
    measure.retired_on = when
    with_reason(measure, reason)
    measure.save(update_fields=["retired_on"])


@transaction.atomic
def link_previous(
    user: User, plan: Plan, previous: Plan, continues: Mapping[int, int | None]
) -> Plan:
    """Make ``previous`` the plan before ``plan`` and set which of its measures each of
    ``plan``'s continues (``continues``: this plan's measure id to last year's, or ``None``
    for a measure new this year). Last year's measures that none continues are retired (and
    one continued again is no longer retired)."""
    require(user, Permission.MANAGE_PLAN, plan)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if previous.organisation_id != locked.organisation_id or previous.pk == locked.pk:
        raise ValidationFailed({"previous": "Choose one of your organisation's other plans"})
    if previous.reporting_year != locked.reporting_year - 1:
        raise ValidationFailed(
            {"previous": f"Choose a plan for {FinancialYear(locked.reporting_year - 1)}"}
        )
    if Plan.objects.filter(previous=previous).exclude(pk=locked.pk).exists():
        raise ValidationFailed({"previous": f"{previous} is already followed by another plan"})
    measures = {m.pk: m for m in locked.measures.all()}
    earlier = {m.pk: m for m in previous.measures.all()}
    chosen = {pk: continues.get(pk) for pk in measures}
    errors = {
        f"previous_{pk}": f"Choose a measure of {previous}"
        for pk, old in chosen.items()
        if old is not None and old not in earlier
    }
    taken = Counter(old for old in chosen.values() if old is not None)
    errors.update(
        {
            f"previous_{pk}": (
                f"{earlier[old].code} is continued by more than one measure: choose one"
            )
            for pk, old in chosen.items()
            if old is not None and old in earlier and taken[old] > 1
        }
    )
    elsewhere = Measure.objects.filter(previous_id__in=list(taken)).exclude(plan=locked)
    for measure in elsewhere.select_related("previous"):
        errors["__all__"] = f"{measure.previous} is continued already by {measure.plan}"
    if errors:
        raise ValidationFailed(errors)
    locked.previous = previous
    locked.save(update_fields=["previous"])
    changed = [m for pk, m in measures.items() if chosen[pk] != m.previous_id]
    # Clear first, so that swapping two measures' predecessors never breaks one-to-one.
    Measure.objects.filter(pk__in=[m.pk for m in changed]).update(previous=None)
    for measure in changed:
        measure.previous_id = chosen[measure.pk]
        old = earlier.get(measure.previous_id) if measure.previous_id else None
        with_reason(measure, f"Continues {old} of {previous}" if old else "New this year")
        measure.save(update_fields=["previous"])
    today = timezone.localdate()
    continued = {old for old in chosen.values() if old is not None}
    for pk, old_measure in earlier.items():
        if pk in continued and old_measure.retired_on is not None:
            _retire(old_measure, None, f"Continued in {locked.title}")
        elif pk not in continued and old_measure.retired_on is None:
            _retire(old_measure, today, f"Retired: not continued in {locked.title}")
    organisation_id = locked.organisation_id
    transaction.on_commit(lambda: published_figures_changed(organisation_id))
    return locked


def target_field(measure: Measure) -> str:
    return f"target_{measure.pk}"


@transaction.atomic
def set_year_targets(
    user: User, plan: Plan, values: Mapping[int, Decimal | None]
) -> tuple[int, int]:
    """Set the targets for ``plan``'s financial year, all or nothing: ``values`` maps each of
    its measures (by id) to its target for the year, or ``None`` for none (a target set before
    is removed). Each is checked by the same rules as a plan file's; any refused, nothing is
    saved. Returns how many were set or changed, and how many removed."""
    require(user, Permission.MANAGE_PLAN, plan)
    year = FinancialYear(plan.reporting_year)
    measures = {m.pk: m for m in plan.measures.select_related("outcome__priority")}
    if set(values) - set(measures):
        raise ValidationFailed({"__all__": "A measure of another plan was given"})
    existing = {
        t.measure_id: t
        for t in Target.objects.select_for_update().filter(
            measure_id__in=list(values), period=str(year)
        )
    }
    errors: dict[str, str] = {}
    for pk, value in values.items():
        if value is None:
            continue
        # A band measure's target keeps the top of its band: the new bottom must not pass it.
        upper = existing[pk].upper if pk in existing else None
        try:
            check_target(core_measure(measures[pk]), year, value, upper)
        except InvalidFigure as error:
            errors[target_field(measures[pk])] = str(error)
    if errors:
        raise ValidationFailed(errors)
    reason = f"Targets for {year} set"
    changed = removed = 0
    for pk, value in values.items():
        target = existing.get(pk)
        if value is None:
            if target is not None:
                with_reason(target, f"Target for {year} removed")
                target.delete()
                removed += 1
            continue
        if target is None:
            target = Target(measure=measures[pk], period=str(year), period_end=year.end)
        elif target.value == value:
            continue
        target.value = value
        with_reason(target, reason)
        target.save()
        changed += 1
    return changed, removed
