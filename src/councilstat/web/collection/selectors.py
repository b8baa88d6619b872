"""Reads of collected values, scoped to what the user may see.

Which figures a dashboard shows, by role:

- performance team, directors and measure owners: approved and published values (a
  submission counts once its director approves it);
- councillors: published values, plus the submitted and approved values of a quarter the
  performance team has opened to members.

Drafts and returned values are seen only on the owner's entry pages.

Selectors query, presenters never do: what the collection pages list (the director's
approvals with their ratings, the returns with their counts, the template's rows, an entry's
previous values) is read here; ``presenters`` puts it into words for the pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from councilstat.core.errors import PeriodError
from councilstat.core.periods import (
    FinancialYear,
    Month,
    Period,
    Quarter,
    parse_period,
    quarter_of,
)
from councilstat.core.rating import rag
from councilstat.io.template_writer import TemplateRow
from councilstat.reports.words import unit_title
from councilstat.web.accounts.models import Directorate, Organisation, Role, User
from councilstat.web.accounts.policy import Permission, can
from councilstat.web.collection.figures import series_targets, series_values, snapshot
from councilstat.web.collection.models import (
    CollectionSettings,
    Observation,
    PeriodReturn,
    RoundState,
    Status,
)
from councilstat.web.common.errors import WorkflowError
from councilstat.web.plans.adapters import lineage
from councilstat.web.plans.models import Measure, Plan
from councilstat.web.plans.selectors import earlier_plans

__all__ = [
    "PREVIOUS_PERIODS",
    "ApprovalRow",
    "Choice",
    "DueState",
    "DueValue",
    "EntryHistory",
    "PeriodRow",
    "Progress",
    "MeasureFilters",
    "PublishCheck",
    "ProgressRow",
    "RevisedSincePublication",
    "StoredValue",
    "approval_rows",
    "approvals_for",
    "collection_settings",
    "entry_history",
    "is_published",
    "measures_due",
    "next_quarter",
    "open_quarter",
    "open_rounds",
    "period_labels_in_return",
    "period_rows",
    "periods_due",
    "progress",
    "measure_filters",
    "publish_check",
    "quarters_to_open",
    "revised_since_publication",
    "round_for",
    "target_for",
    "template_rows",
    "values_published_with",
    "visible_observations",
]

_OFFICER_STATUSES = (Status.APPROVED, Status.PUBLISHED)
PREVIOUS_PERIODS = 4
"""How many periods before the one being entered the entry page shows."""


def period_labels_in_return(period_return: PeriodReturn) -> list[str]:
    """The period labels whose values belong to the return's quarter."""
    quarter = parse_period(period_return.period)
    if not isinstance(quarter, Quarter):
        raise WorkflowError(f"{period_return.period} is not a quarter")
    labels = [str(quarter), *(str(m) for m in quarter.months())]
    if quarter.number == 4:
        labels.append(str(quarter.financial_year))
    return labels


def target_for(measure: Measure, period: Period) -> Decimal | None:
    """The target in force for ``period``: its own, else its financial year's."""
    labels = [str(period), str(period.financial_year)]
    found = series_targets(measure, labels)  # last year's measure's, for last year's periods
    for label in labels:
        if label in found:
            return found[label]
    return None


def visible_observations(user: User, plan: Plan) -> QuerySet[Observation]:
    """The observations of ``plan`` whose figures ``user`` may see on dashboards, with those
    of the earlier years' plans it continues (``snapshot`` joins each measure's series)."""
    plans = [plan.pk, *earlier_plans(plan)]
    rows = Observation.objects.filter(measure__plan_id__in=plans)
    if user.role == Role.COUNCILLOR:
        returns = PeriodReturn.objects.filter(plan_id__in=plans, opened_to_members=True)
        opened = [
            label for period_return in returns for label in period_labels_in_return(period_return)
        ]
        return rows.filter(
            Q(status=Status.PUBLISHED)
            | Q(status__in=(Status.SUBMITTED, Status.APPROVED), period__in=opened)
        )
    if user.role in (Role.PERFORMANCE, Role.DIRECTOR, Role.OWNER):
        return rows.filter(status__in=_OFFICER_STATUSES)
    return rows.none()


class DueState(StrEnum):
    """Where a value due stands: the workflow's status, or not started (no value yet)."""

    NOT_STARTED = "not_started"
    DRAFT = Status.DRAFT.value
    SUBMITTED = Status.SUBMITTED.value
    RETURNED = Status.RETURNED.value
    APPROVED = Status.APPROVED.value
    PUBLISHED = Status.PUBLISHED.value

    @property
    def label(self) -> str:
        return "Not started" if self is DueState.NOT_STARTED else Status(self.value).label

    @classmethod
    def of(cls, observation: Observation | None) -> DueState:
        return cls.NOT_STARTED if observation is None else cls(observation.status)


OWED = (DueState.NOT_STARTED, DueState.DRAFT, DueState.RETURNED)
"""A value is owed by its owner until it is submitted."""


@dataclass(frozen=True)
class DueValue:
    """A value an owner owes: the measure, the period, the round's deadline and whether it is
    open for entry, and what is there so far."""

    measure: Measure
    period: Period
    deadline: date | None
    observation: Observation | None
    entry_open: bool = True
    """The quarter's round is open: the value can be entered or changed."""

    @property
    def state(self) -> DueState:
        return DueState.of(self.observation)

    @property
    def status_label(self) -> str:
        return self.state.label

    @property
    def owed(self) -> bool:
        """Still to be submitted."""
        return self.state in OWED


def periods_due(measure: Measure, quarter: Quarter) -> list[Period]:
    if measure.frequency == "monthly":
        return list(quarter.months())
    if measure.frequency == "quarterly":
        return [quarter]
    return [FinancialYear(quarter.year)] if quarter.number == 4 else []


def round_for(plan: Plan, quarter: Quarter) -> PeriodReturn | None:
    """The plan's collection round for ``quarter``, if it has been opened."""
    return PeriodReturn.objects.filter(plan=plan, period=str(quarter)).first()


def is_published(plan: Plan, quarter: Quarter) -> bool:
    """Whether the plan's ``quarter`` has been published (a quarter never opened has not)."""
    return PeriodReturn.objects.filter(
        plan=plan, period=str(quarter), published_at__isnull=False
    ).exists()


def measures_due(user: User, plan: Plan, quarter: Quarter) -> list[DueValue]:
    """The values ``user`` owes for ``quarter``: their own measures only."""
    measures = list(
        Measure.objects.filter(plan=plan, owner=user)
        .select_related("outcome__priority")
        .order_by("outcome__priority__order", "outcome__order", "order", "code")
    )
    period_return = round_for(plan, quarter)
    wanted = {(m.pk, str(p)): (m, p) for m in measures for p in periods_due(m, quarter)}
    existing = {
        (o.measure_id, o.period): o
        for o in Observation.objects.filter(
            measure__in=measures, period__in={label for _, label in wanted}
        )
    }
    deadline = period_return.deadline if period_return else None
    entry_open = period_return is not None and period_return.is_open
    return [
        DueValue(measure, period, deadline, existing.get(key), entry_open)
        for key, (measure, period) in wanted.items()
    ]


def approvals_for(user: User, plan: Plan) -> QuerySet[Observation]:
    """Submitted values awaiting a decision: a director's own directorate's; every one for the
    performance team, who see the queue but do not approve."""
    submitted = Observation.objects.filter(measure__plan=plan, status=Status.SUBMITTED)
    if user.role == Role.PERFORMANCE:
        queue = submitted
    elif user.role == Role.DIRECTOR and user.directorate_id is not None:
        queue = submitted.filter(measure__directorate_id=user.directorate_id)
    else:
        return Observation.objects.none()
    return queue.select_related("measure__directorate", "entered_by").order_by(
        "measure__order", "measure__code", "period_end"
    )


def _quarters(returns: Iterable[PeriodReturn]) -> list[tuple[Quarter, PeriodReturn]]:
    found = []
    for period_return in returns:
        try:
            quarter = parse_period(period_return.period)
        except PeriodError:
            continue
        if isinstance(quarter, Quarter):
            found.append((quarter, period_return))
    return sorted(found, key=lambda pair: pair[0])


def _today_quarter() -> Quarter:
    today = timezone.localdate()
    return quarter_of(Month(today.year, today.month))


def open_quarter(plan: Plan) -> Quarter:
    """The quarter being collected: the earliest round open for entry, else the latest round,
    else the current quarter."""
    rounds = _quarters(plan.returns.all())
    open_now = [q for q, r in rounds if r.is_open]
    if open_now:
        return open_now[0]
    if rounds:
        return rounds[-1][0]
    return _today_quarter()


def open_rounds(plans: Iterable[Plan]) -> list[tuple[Plan, Quarter]]:
    """Each plan's quarters open for entry (for their collection templates)."""
    return [
        (plan, quarter)
        for plan in plans
        for quarter, period_return in _quarters(plan.returns.all())
        if period_return.is_open
    ]


def next_quarter(plan: Plan) -> Quarter:
    """The quarter to open next: the one after the latest round, else the plan's first."""
    rounds = _quarters(plan.returns.all())
    return rounds[-1][0].next() if rounds else Quarter(plan.reporting_year, 1)


def quarters_to_open(plan: Plan) -> list[Quarter]:
    """The quarters a round can be opened for: the plan's year, the next quarter, and any
    quarter with values already stored (an imported history), less those already opened."""
    opened = {q for q, _ in _quarters(plan.returns.all())}
    wanted = set(FinancialYear(plan.reporting_year).quarters()) | {next_quarter(plan)}
    for label in (
        Observation.objects.filter(measure__plan=plan).values_list("period", flat=True).distinct()
    ):
        try:
            period = parse_period(label)
        except PeriodError:
            continue
        wanted.add(quarter_of(period))
    return sorted(wanted - opened)


def collection_settings(organisation: Organisation | None) -> CollectionSettings:
    """The organisation's collection settings (the defaults, unsaved, if never changed)."""
    if organisation is None:
        return CollectionSettings()
    found = CollectionSettings.objects.filter(organisation=organisation).first()
    return found or CollectionSettings(organisation=organisation)


# The progress of a round ------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class MeasureFilters:
    """The directorate and owner a page is filtered to (``None``: all), with the choices: the
    progress page and the dashboards share them."""

    directorates: tuple[Choice, ...]
    owners: tuple[Choice, ...]
    directorate: Choice | None = None
    owner: Choice | None = None

    @property
    def active(self) -> bool:
        return self.directorate is not None or self.owner is not None

    @property
    def query(self) -> str:
        """The filters as a query string for links (``?directorate=3``), or ``""``."""
        params = {
            name: choice.id
            for name, choice in (("directorate", self.directorate), ("owner", self.owner))
            if choice is not None
        }
        return f"?{urlencode(params)}" if params else ""

    def measures(self, plan: Plan) -> QuerySet[Measure] | None:
        """The plan's measures the filters keep, or ``None`` when not filtered."""
        if not self.active:
            return None
        measures = Measure.objects.filter(plan=plan)
        if self.directorate is not None:
            measures = measures.filter(directorate_id=self.directorate.id)
        if self.owner is not None:
            measures = measures.filter(owner_id=self.owner.id)
        return measures


def _chosen(choices: tuple[Choice, ...], given: str | None) -> Choice | None:
    return next((c for c in choices if given is not None and str(c.id) == given.strip()), None)


def measure_filters(plan: Plan, params: Mapping[str, str]) -> MeasureFilters:
    """The filters given (``directorate`` and ``owner`` ids), checked against the plan's own
    measures' directorates and owners; anything else is ignored (two queries)."""
    directorates = tuple(
        Choice(pk, name)
        for pk, name in Directorate.objects.filter(measures__plan=plan)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
    owners = tuple(
        sorted(
            (
                Choice(person.pk, person.display_name)
                for person in User.objects.filter(measures_owned__plan=plan).distinct()
            ),
            key=lambda choice: (choice.name.lower(), choice.id),
        )
    )
    return MeasureFilters(
        directorates,
        owners,
        _chosen(directorates, params.get("directorate")),
        _chosen(owners, params.get("owner")),
    )


@dataclass(frozen=True)
class ProgressRow:
    """A value due in the round, with where it stands."""

    measure: Measure
    period: Period
    observation: Observation | None

    @property
    def state(self) -> DueState:
        return DueState.of(self.observation)


@dataclass(frozen=True)
class Progress:
    """Every value due in a quarter (filtered), with how many are at each state."""

    quarter: Quarter
    period_return: PeriodReturn | None
    rows: tuple[ProgressRow, ...]
    filters: MeasureFilters
    today: date

    @property
    def counts(self) -> list[tuple[DueState, int]]:
        """``(state, count)`` for every state, in workflow order."""
        tally = {state: 0 for state in DueState}
        for row in self.rows:
            tally[row.state] += 1
        return list(tally.items())

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def owed(self) -> int:
        """Values not yet submitted."""
        return sum(1 for row in self.rows if row.state in OWED)

    @property
    def overdue(self) -> bool:
        """The deadline has passed with values still owed (and the round still open)."""
        period_return = self.period_return
        return (
            period_return is not None
            and period_return.is_open
            and period_return.deadline < self.today
            and self.owed > 0
        )


def progress(plan: Plan, quarter: Quarter, filters: MeasureFilters) -> Progress:
    """Every value due in ``quarter`` from the plan's measures (those the filters keep), with
    its value so far: three queries, whatever the plan's size."""
    measures = Measure.objects.filter(plan=plan)
    if filters.directorate is not None:
        measures = measures.filter(directorate_id=filters.directorate.id)
    if filters.owner is not None:
        measures = measures.filter(owner_id=filters.owner.id)
    chosen = list(
        measures.select_related("outcome__priority", "directorate", "owner").order_by(
            "outcome__priority__order", "outcome__order", "order", "code"
        )
    )
    due = [(m, p) for m in chosen for p in periods_due(m, quarter)]
    stored = {
        (o.measure_id, o.period): o
        for o in Observation.objects.filter(
            measure__in=[m.pk for m in chosen], period__in={str(p) for _, p in due}
        ).select_related("entered_by")
    }
    rows = tuple(ProgressRow(m, p, stored.get((m.pk, str(p)))) for m, p in due)
    return Progress(quarter, round_for(plan, quarter), rows, filters, timezone.localdate())


@dataclass(frozen=True)
class StoredValue:
    """A period with its stored value (if any) and the target in force."""

    period: Period
    observation: Observation | None
    target: Decimal | None


@dataclass(frozen=True)
class EntryHistory:
    """What the entry page shows beside the form: the period's target, and the previous
    periods' values and targets (latest first)."""

    target: Decimal | None
    previous: tuple[StoredValue, ...]


def entry_history(measure: Measure, period: Period) -> EntryHistory:
    """The period's target and the ``PREVIOUS_PERIODS`` periods before it, with their values."""
    earlier = [period]
    for _ in range(PREVIOUS_PERIODS):
        earlier.append(earlier[-1].previous())
    found = series_values(measure, [str(p) for p in earlier])  # joined across the years
    target = target_for(measure, period)
    previous = tuple(StoredValue(p, found.get(str(p)), target_for(measure, p)) for p in earlier[1:])
    return EntryHistory(target, previous)


@dataclass(frozen=True)
class ApprovalRow:
    """A value waiting for approval, with what a director checks before signing it off: its
    target and rating, the previous period's value and the change, and the flags raised."""

    observation: Observation
    target: Decimal | None
    rag: str | None
    previous: Decimal | None = None

    @property
    def quarter(self) -> Quarter:
        """The quarter the value belongs to (its measure's page for that quarter is linked)."""
        return quarter_of(parse_period(self.observation.period))

    @property
    def change(self) -> Decimal | None:
        """The value less the previous period's."""
        if self.previous is None or self.observation.value is None:
            return None
        return self.observation.value - self.previous

    @property
    def change_size(self) -> Decimal | None:
        """How far the value moved, either way."""
        change = self.change
        return None if change is None else abs(change)

    @property
    def change_percent(self) -> Decimal | None:
        """The change as a share of the previous value (``None`` from nothing or zero)."""
        change = self.change
        if change is None or not self.previous:
            return None
        return abs(change) / abs(self.previous) * 100

    @property
    def large_change(self) -> bool:
        """Further from the previous value than entry asks the owner to confirm: the owner
        confirmed it before submitting."""
        share = self.change_percent
        return share is not None and share > Decimal(settings.COUNCILSTAT_CONFIRM_CHANGE_PERCENT)

    @property
    def red_without_commentary(self) -> bool:
        return self.rag == "red" and not self.observation.commentary.strip()


def _previous_of(wanted: Iterable[tuple[Measure, Period]]) -> dict[tuple[str, str], Decimal | None]:
    """The value of each (measure, period) in the measure's series (earlier years' measures it
    continues included), by measure code and period label: two queries, plus one a year
    back."""
    pairs = list(wanted)
    joined = lineage({m.pk: m for m, _ in pairs}.values())
    rows = Observation.objects.filter(
        measure_id__in=list(joined), period__in={str(p) for _, p in pairs}
    ).values_list("measure_id", "period", "value")
    closest: dict[tuple[str, str], tuple[int, Decimal | None]] = {}
    for measure_id, period, value in rows:
        code, back = joined[measure_id]
        key = (code, period)
        if key not in closest or back < closest[key][0]:
            closest[key] = (back, value)
    return {key: value for key, (_, value) in closest.items()}


def _previous_values(queue: list[Observation]) -> dict[int, Decimal | None]:
    """Each queued value's previous-period value in its measure's series, by observation id."""
    wanted = {item.pk: parse_period(item.period).previous() for item in queue}
    found = _previous_of((item.measure, wanted[item.pk]) for item in queue)
    return {item.pk: found.get((item.measure.code, str(wanted[item.pk]))) for item in queue}


def approval_rows(user: User, plans: list[Plan]) -> list[ApprovalRow]:
    """The director's queue with each value's target, RAG and previous value: a fixed number
    of queries a plan."""
    rows = []
    for plan in plans:
        queue = list(approvals_for(user, plan).select_related("measure__outcome__priority"))
        if not queue:
            continue
        measures = Measure.objects.filter(pk__in={o.measure_id for o in queue})
        rules = snapshot(plan, Observation.objects.none(), measures=measures)
        previous = _previous_values(queue)
        for item in queue:
            measure = rules.measure(item.measure.code)
            target = rules.target(measure.code, parse_period(item.period))
            rating = rag(item.value, target, measure.tolerance, measure.polarity)
            rows.append(
                ApprovalRow(item, target, rating.value if rating else None, previous[item.pk])
            )
    return rows


@dataclass(frozen=True)
class PeriodRow:
    """A quarter's round with how many of its values due are at each state."""

    period_return: PeriodReturn
    quarter: Quarter
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def by_state(self) -> list[tuple[str, int]]:
        return [(state.label, self.counts.get(state.value, 0)) for state in DueState]

    @property
    def state(self) -> RoundState:
        return self.period_return.state

    @property
    def late(self) -> int:
        """Values approved since the quarter was published, waiting to be published late."""
        if self.period_return.published_at is None:
            return 0
        return self.counts.get(Status.APPROVED.value, 0)


def period_rows(plan: Plan) -> list[PeriodRow]:
    """The plan's rounds, latest first, with counts by state (not started included): three
    queries a plan."""
    tally: dict[str, dict[str, int]] = {}
    counted = (
        Observation.objects.filter(measure__plan=plan)
        .values_list("period", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for label, status, n in counted:
        tally.setdefault(label, {})[status] = n
    measures = list(plan.measures.only("pk", "frequency"))
    rows = []
    for quarter, period_return in reversed(_quarters(plan.returns.all())):
        due = [str(p) for m in measures for p in periods_due(m, quarter)]
        counts: dict[str, int] = {}
        for label in period_labels_in_return(period_return):
            for status, n in tally.get(label, {}).items():
                counts[status] = counts.get(status, 0) + n
        stored = sum(sum(tally.get(label, {}).values()) for label in set(due))
        counts[DueState.NOT_STARTED.value] = max(len(due) - stored, 0)
        rows.append(PeriodRow(period_return, quarter, counts))
    return rows


def template_rows(user: User, plan: Plan, quarter: Quarter) -> list[TemplateRow]:
    """The values due in ``quarter`` (the performance team's for every measure, an owner's for
    their own), each with its unit, target and previous value, and any value already stored:
    a fixed number of queries."""
    measures = plan.measures.select_related("outcome__priority").order_by(
        "outcome__priority__order", "outcome__order", "order", "code"
    )
    if not can(user, Permission.IMPORT_DATA):
        measures = measures.filter(owner=user)
    chosen = list(measures)
    due = [(m, period) for m in chosen for period in periods_due(m, quarter)]
    if not due:
        return []
    rules = snapshot(plan, Observation.objects.none(), measures=measures)
    stored = {
        (o.measure_id, o.period): o
        for o in Observation.objects.filter(measure__in=chosen, period__in={str(p) for _, p in due})
    }
    previous = _previous_of([(m, p.previous()) for m, p in due])
    rows = []
    for measure, period in due:
        found = stored.get((measure.pk, str(period)))
        rows.append(
            TemplateRow(
                measure.code,
                measure.title,
                period,
                unit=unit_title(rules.measure(measure.code).unit),
                target=rules.target(measure.code, period),
                previous=previous.get((measure.code, str(period.previous()))),
                value=found.value if found else None,
                numerator=found.numerator if found else None,
                denominator=found.denominator if found else None,
                note=found.commentary if found else "",
            )
        )
    return rows


# What publishing a quarter would leave out ------------------------------------------------


@dataclass(frozen=True)
class PublishCheck:
    """A round's values due, by where they stand, before it is published: what would be
    published (approved values) and what is missing (everything due without one)."""

    period_return: PeriodReturn
    rows: tuple[ProgressRow, ...]
    approved_other: int = 0
    """Approved values of the quarter's periods that are not due (published too)."""

    def _state(self, *states: DueState) -> tuple[ProgressRow, ...]:
        return tuple(row for row in self.rows if row.state in states)

    @property
    def due(self) -> int:
        return len(self.rows)

    @property
    def ready(self) -> tuple[ProgressRow, ...]:
        """Values due that are approved (published with the quarter) or already published."""
        return self._state(DueState.APPROVED, DueState.PUBLISHED)

    @property
    def to_publish(self) -> int:
        return len(self._state(DueState.APPROVED)) + self.approved_other

    @property
    def not_started(self) -> tuple[ProgressRow, ...]:
        return self._state(DueState.NOT_STARTED)

    @property
    def drafts(self) -> tuple[ProgressRow, ...]:
        """Drafts and returned values: with their owners."""
        return self._state(DueState.DRAFT, DueState.RETURNED)

    @property
    def awaiting_approval(self) -> tuple[ProgressRow, ...]:
        return self._state(DueState.SUBMITTED)

    @property
    def missing(self) -> int:
        """Values due with no approved value: published as missing if the quarter is."""
        return self.due - len(self.ready)

    @property
    def counts(self) -> dict[str, int]:
        """How many are ready, waiting for approval, drafts (or returned) and not started."""
        return {
            "ready": len(self.ready),
            "awaiting_approval": len(self.awaiting_approval),
            "drafts": len(self.drafts),
            "not_started": len(self.not_started),
        }


def approved_in_return(period_return: PeriodReturn) -> QuerySet[Observation]:
    """The approved values of the return's quarter, waiting to be published (with it, or late
    once it is)."""
    return Observation.objects.filter(
        measure__plan_id=period_return.plan_id,
        period__in=period_labels_in_return(period_return),
        status=Status.APPROVED,
    )


def publish_check(period_return: PeriodReturn) -> PublishCheck:
    """What publishing ``period_return`` would publish and leave out (three queries)."""
    quarter = parse_period(period_return.period)
    if not isinstance(quarter, Quarter):
        raise WorkflowError(f"{period_return.period} is not a quarter")
    plan = period_return.plan
    everything = progress(plan, quarter, MeasureFilters((), ()))
    due = {(row.measure.pk, str(row.period)) for row in everything.rows}
    approved = approved_in_return(period_return).values_list("measure_id", "period")
    other = sum(1 for key in approved if key not in due)
    return PublishCheck(period_return, everything.rows, other)


def late_values(period_return: PeriodReturn) -> list[Observation]:
    """The values of a published quarter approved since it was published, waiting to be
    published late, in plan order (none before the quarter is published)."""
    if period_return.published_at is None:
        return []
    return list(
        approved_in_return(period_return)
        .select_related("measure__outcome__priority", "approved_by")
        .order_by(
            "measure__outcome__priority__order",
            "measure__outcome__order",
            "measure__order",
            "measure__code",
            "period",
        )
    )


def values_published_with(period_return: PeriodReturn) -> int:
    """How many values were published when the round was."""
    if period_return.published_at is None:
        return 0
    return Observation.objects.filter(
        measure__plan_id=period_return.plan_id,
        period__in=period_labels_in_return(period_return),
        published_at=period_return.published_at,
    ).count()


@dataclass(frozen=True)
class RevisedSincePublication:
    """A published quarter some of whose figures were restated after it was published: the
    pages that show them say so, and link to the figures as reported."""

    published_on: date
    """The day the quarter was published."""
    values: int
    """How many values up to the quarter's end were restated since."""
    codes: tuple[str, ...]
    """The measures those values belong to, in plan order."""


def revised_since_publication(
    plan: Plan, quarter: Quarter, *, measure: Measure | None = None, public: bool = False
) -> RevisedSincePublication | None:
    """Whether values for periods up to the end of ``quarter`` (of one ``measure``, or any;
    of public measures only, for the public pages) were restated, to a figure other than the
    one first reported, after the quarter was published (``None``: not published, or nothing
    revised since). Two queries at most."""
    published_at = (
        PeriodReturn.objects.filter(plan=plan, period=str(quarter), published_at__isnull=False)
        .values_list("published_at", flat=True)
        .first()
    )
    if published_at is None:
        return None
    # The values restated since, found through the index of restated values (a handful, where
    # a large plan has tens of thousands of values to scan), then narrowed to the plan's.
    restated = Observation.objects.filter(
        restated_at__gt=published_at,
        status=Status.PUBLISHED,
        period_end__lte=quarter.end,
        reported_value__isnull=False,
    ).exclude(reported_value=F("value"))
    revised = Observation.objects.filter(pk__in=restated.values("pk"), measure__plan=plan)
    if measure is not None:
        revised = revised.filter(measure=measure)
    if public:
        revised = revised.filter(measure__is_public=True)
    codes = list(
        revised.order_by(
            "measure__outcome__priority__order", "measure__outcome__order", "measure__order"
        ).values_list("measure__code", flat=True)
    )
    if not codes:
        return None
    return RevisedSincePublication(
        timezone.localtime(published_at).date(), len(codes), tuple(dict.fromkeys(codes))
    )
