"""What the public may see: published values of public measures, nothing else.

``public_plan(organisation_id)`` finds the organisation's latest published quarter (or, given
one, an earlier published quarter: every published quarter stays reachable), and takes a
snapshot of its plan limited to measures marked public and values whose status is
*published*, for periods up to the quarter's end: no draft, submitted or
approved-but-unpublished figure can reach a public page, and no unpublished quarter either.
The plans of successive years are one site: the latest published quarter is that of the latest
plan with one, the quarter navigation runs across the years, and a measure carried into a new
year's plan keeps its published history from the years before.
The snapshot is then scrubbed of internal fields (owners' names, directorates, commentary),
so that no template or download could show them even by mistake. Every figure comes from
``core``.

Selectors query, presenters never do: ``presenters`` builds the pages and downloads from the
``PublicPlan`` read here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import F, Max
from django.http import Http404
from django.utils import timezone

from councilstat.core import plan as core
from councilstat.core.assessment import Assessment
from councilstat.core.errors import PeriodError
from councilstat.core.periods import Quarter, parse_period
from councilstat.core.summary import PlanSummary, summarise
from councilstat.web.accounts.models import Organisation
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.plans.models import Measure, Plan

__all__ = ["PublicPlan", "PublishedQuarter", "public_organisations", "public_plan"]


@dataclass(frozen=True)
class PublishedQuarter:
    """A quarter the organisation has published: for the quarter navigation."""

    quarter: Quarter
    published_at: dt.datetime
    plan_title: str


@dataclass(frozen=True)
class PublicPlan:
    organisation: Organisation
    plan: Plan
    quarter: Quarter
    """The quarter shown: the latest published, unless an earlier one was asked for."""
    figures: core.Plan
    summary: PlanSummary
    as_at: dt.date
    """When the figures last changed: the latest publication or restatement."""
    first_published: dict[tuple[str, str], Decimal]
    """Values restated since publication: (code, period) to the value first published."""
    quarters: tuple[PublishedQuarter, ...] = ()
    """Every quarter the organisation has published, latest first."""

    @property
    def latest(self) -> bool:
        """The quarter shown is the latest published (its pages have the short addresses)."""
        return not self.quarters or self.quarters[0].quarter == self.quarter

    def _neighbour(self, step: int) -> Quarter | None:
        listed = [q.quarter for q in self.quarters]
        if self.quarter not in listed:
            return None
        index = listed.index(self.quarter) + step
        return listed[index] if 0 <= index < len(listed) else None

    @property
    def earlier(self) -> Quarter | None:
        """The published quarter before the one shown."""
        return self._neighbour(1)

    @property
    def later(self) -> Quarter | None:
        """The published quarter after the one shown."""
        return self._neighbour(-1)

    def assessment(self, code: str) -> Assessment | None:
        return next((a for a in self.summary.assessments if a.measure.code == code), None)


def _quarter(label: str) -> Quarter | None:
    try:
        period = parse_period(label)
    except PeriodError:
        return None
    return period if isinstance(period, Quarter) else None


def _published_returns(organisation: Organisation) -> list[tuple[Quarter, PeriodReturn]]:
    returns = PeriodReturn.objects.filter(
        plan__organisation=organisation, published_at__isnull=False
    ).select_related("plan")
    found = [(q, r) for r in returns if (q := _quarter(r.period)) is not None]
    return sorted(found, key=lambda pair: (pair[1].plan.reporting_year, pair[0]))


def _scrubbed(figures: core.Plan) -> core.Plan:
    """The snapshot without anything internal: no owner, directorate or commentary."""
    return replace(
        figures,
        measures=tuple(
            replace(m, owner="", directorate="", attributes={}) for m in figures.measures
        ),
        observations=tuple(replace(o, note="") for o in figures.observations),
    )


def public_plan(organisation_id: int, quarter: Quarter | None = None) -> PublicPlan:
    """The organisation's public figures for ``quarter`` (default: its latest published
    quarter); 404 when it has published nothing, or not that quarter."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404("no such council")
    returns = _published_returns(organisation)
    if not returns:
        raise Http404("this council has published nothing yet")
    if quarter is None:
        quarter, chosen = returns[-1]
    else:
        matching = [r for q, r in returns if q == quarter]
        if not matching:
            raise Http404(f"{quarter} has not been published")
        chosen = matching[-1]
    plan = chosen.plan
    public_measures = Measure.objects.filter(plan=plan, is_public=True)
    # The organisation's, not only this plan's: a measure carried over from last year's plan
    # brings its published history (``snapshot`` keeps only the series of ``public_measures``).
    published = Observation.objects.filter(
        measure__plan__organisation=organisation,
        measure__is_public=True,
        status=Status.PUBLISHED,
        period_end__lte=quarter.end,
    )
    figures = _scrubbed(snapshot(plan, published, measures=public_measures))
    own = published.filter(measure__plan=plan)
    restated = own.aggregate(latest=Max("restated_at"))["latest"]
    changed = [
        r.published_at
        for q, r in returns
        if r.plan_id == plan.pk and r.published_at and q <= quarter
    ]
    as_at = max([*changed, *([restated] if restated else [])])
    revised = own.filter(reported_value__isnull=False).exclude(reported_value=F("value"))
    return PublicPlan(
        organisation=organisation,
        plan=plan,
        quarter=quarter,
        figures=figures,
        summary=summarise(figures, quarter),
        as_at=timezone.localtime(as_at).date(),
        first_published={
            (code, period): value
            for code, period, value in revised.values_list(
                "measure__code", "period", "reported_value"
            )
            if value is not None
        },
        quarters=tuple(
            PublishedQuarter(q, r.published_at, r.plan.title)
            for q, r in reversed(_unique_quarters(returns))
            if r.published_at is not None
        ),
    )


def _unique_quarters(
    returns: list[tuple[Quarter, PeriodReturn]],
) -> list[tuple[Quarter, PeriodReturn]]:
    """One return per quarter (the latest plan's, as ``public_plan`` chooses), in order."""
    chosen: dict[Quarter, PeriodReturn] = {}
    for quarter, period_return in returns:
        chosen[quarter] = period_return
    return sorted(chosen.items(), key=lambda pair: pair[0])


def public_organisations() -> list[Organisation]:
    """Councils with at least one published quarter."""
    return list(
        Organisation.objects.filter(plans__returns__published_at__isnull=False)
        .distinct()
        .order_by("name")
    )
