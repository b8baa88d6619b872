"""The dashboards: start page, quarter overview, priority, outcome, measure and exceptions,
and the user guide to the statistics they show.

Thin views: each checks the policy, finds the plan in the user's organisation (404 outside
it), asks the selectors for core's figures over what the user may see, and renders them (the
measure page's charts drawn by the presenters).
No figure is computed here or in the templates (the ``statistics`` template tags put core's
statistics into words and icons).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from councilstat.core.forecast import PREDICTION_LEVEL
from councilstat.core.intervals import SMALL_NUMBER_THRESHOLD
from councilstat.core.narrative import headline
from councilstat.core.periods import FinancialYear, Quarter
from councilstat.core.spc import DEFAULT_RUN_LENGTH, DEFAULT_TREND_LENGTH, SHORT_GROUP_THRESHOLD
from councilstat.web.accounts.policy import Permission, can, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.benchmarking.presenters import comparison_for
from councilstat.web.benchmarking.selectors import comparator_data, comparator_standings
from councilstat.web.collection.selectors import (
    RevisedSincePublication,
    measure_filters,
    revised_since_publication,
)
from councilstat.web.dashboards import presenters, selectors
from councilstat.web.plans.models import Plan
from councilstat.web.plans.selectors import get_measure, get_plan, measure_years, plans_for
from councilstat.web.scrutiny.presenters import ScrutinyPresenter, measure_scrutiny
from councilstat.web.scrutiny.selectors import scrutiny_records

__all__ = [
    "exceptions",
    "guide",
    "home",
    "measure",
    "outcome",
    "overview",
    "priority",
    "start",
    "year",
]


def _plan(request: SignedInRequest, plan_id: int) -> Plan:
    require(request.user, Permission.VIEW_DASHBOARD)
    return get_plan(request.user, plan_id)


REPORT_FORMATS = (
    ("html", "Web page (HTML)"),
    ("pdf", "PDF (tagged, A4)"),
    ("docx", "Word (.docx)"),
    ("xlsx", "Excel (.xlsx)"),
)


def _quarter_page(
    request: SignedInRequest, plan_id: int, quarter: Quarter
) -> tuple[dict[str, Any], selectors.QuarterFigures]:
    """The context every filtered quarter page shares, and the quarter's figures."""
    plan = _plan(request, plan_id)
    filters = measure_filters(plan, request.GET)
    figures = selectors.quarter_figures(request.user, plan, quarter, filters)
    can_download = can(request.user, Permission.DOWNLOAD_REPORT, plan)
    context = {
        "plan": plan,
        "quarter": quarter,
        "filters": filters,
        "summary": figures.summary,
        "can_download": can_download,
        "report_formats": REPORT_FORMATS,
        "can_view_audit": can(request.user, Permission.VIEW_AUDIT),
        **_revised(plan, quarter, revised_since_publication(plan, quarter), can_download),
    }
    return context, figures


def _revised(
    plan: Plan, quarter: Quarter, revised: RevisedSincePublication | None, can_download: bool
) -> dict[str, Any]:
    """The banner of a page whose figures were revised after publication, linking to the
    committee report as the figures stood when the quarter was published (``?as_at=``)."""
    link = ""
    if revised is not None and can_download:
        address = reverse("dashboards:report", args=[plan.pk, quarter, "html"])
        link = f"{address}?as_at={revised.published_on.isoformat()}"
    return {"revised": revised, "revised_link": link}


@login_required
def start(request: SignedInRequest) -> HttpResponse:
    """Where signing in lands: a measure owner on "My measures" (what is due from them, and
    by when), everyone else on the start page."""
    if can(request.user, Permission.ENTER_VALUE) and plans_for(request.user).exists():
        return redirect("collection:my_measures")
    return redirect("dashboards:home")


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_DASHBOARD)
    starts = selectors.plan_starts(request.user)
    return render(request, "dashboards/home.html", {"starts": starts})


@login_required
def overview(request: SignedInRequest, plan_id: int, quarter: Quarter) -> HttpResponse:
    context, figures = _quarter_page(request, plan_id, quarter)
    context["headline"] = headline(figures.summary)
    context["measure_rows"] = presenters.measure_rows(figures, plan_id, quarter)
    return render(request, "dashboards/overview.html", context)


@login_required
def year(request: SignedInRequest, plan_id: int, year: FinancialYear) -> HttpResponse:
    """A financial year's summary: each measure's value for the year rated against the year's
    target and compared with the year before, with the headline naming the years."""
    plan = _plan(request, plan_id)
    summary = selectors.year_figures(request.user, plan, year)
    context = {
        "plan": plan,
        "year": year,
        "previous_year": year.previous(),
        "next_year": FinancialYear(year.year + 1),
        "last_quarter": Quarter(year.year, 4),
        "summary": summary,
        "headline": headline(summary),
    }
    return render(request, "dashboards/year.html", context)


@login_required
def priority(request: SignedInRequest, plan_id: int, quarter: Quarter, code: str) -> HttpResponse:
    context, figures = _quarter_page(request, plan_id, quarter)
    context["priority"] = selectors.get_priority(context["plan"], code)
    context["group"] = figures.priority(code)
    context["outcomes"] = selectors.outcomes_of_priority(figures, code)
    context["measure_rows"] = presenters.measure_rows(figures, plan_id, quarter)
    return render(request, "dashboards/priority.html", context)


@login_required
def outcome(request: SignedInRequest, plan_id: int, quarter: Quarter, code: str) -> HttpResponse:
    context, figures = _quarter_page(request, plan_id, quarter)
    context["outcome"] = selectors.get_outcome(context["plan"], code)
    context["group"] = figures.outcome(code)
    context["measure_rows"] = presenters.measure_rows(figures, plan_id, quarter)
    return render(request, "dashboards/outcome.html", context)


@login_required
def exceptions(request: SignedInRequest, plan_id: int, quarter: Quarter) -> HttpResponse:
    context, figures = _quarter_page(request, plan_id, quarter)
    plan = context["plan"]
    reds = [a.measure.code for group in figures.summary.exceptions for a in group.assessments]
    context["exceptions"] = presenters.exception_cards(
        figures,
        plan_id,
        quarter,
        standings=comparator_standings(plan, reds, quarter),
        scrutiny=ScrutinyPresenter(scrutiny_records(request.user, plan)),
    )
    return render(request, "dashboards/exceptions.html", context)


@login_required
def measure(request: SignedInRequest, plan_id: int, quarter: Quarter, code: str) -> HttpResponse:
    plan = _plan(request, plan_id)
    stored = get_measure(request.user, plan, code)
    figures = selectors.measure_figures(request.user, plan, stored, quarter)
    years = measure_years(stored)
    context = {
        "years": years,
        "earlier_names": {m.pk: f"{m.code} in {m.plan.title}" for m in years.earlier},
        "plan": plan,
        "quarter": quarter,
        "stored": stored,
        "figures": figures,
        "charts": presenters.measure_charts(figures),
        "can_view_audit": can(request.user, Permission.VIEW_AUDIT),
        "can_restate": can(request.user, Permission.RESTATE_VALUE),
        "comparison": comparison_for(comparator_data(stored, quarter)),
        "scrutiny": measure_scrutiny(scrutiny_records(request.user, plan, measure=stored), stored),
        **_revised(
            plan,
            quarter,
            revised_since_publication(plan, quarter, measure=stored),
            can(request.user, Permission.DOWNLOAD_REPORT, plan),
        ),
    }
    return render(request, "dashboards/measure.html", context)


@login_required
def guide(request: SignedInRequest) -> HttpResponse:
    """The user guide to the icons, rules, intervals and forecasts: for every role."""
    require(request.user, Permission.VIEW_DASHBOARD)
    context = {
        "small_number_threshold": SMALL_NUMBER_THRESHOLD,
        "prediction_percent": round(PREDICTION_LEVEL * 100),
        "run_length": DEFAULT_RUN_LENGTH,
        "trend_length": DEFAULT_TREND_LENGTH,
        "trial_threshold": SHORT_GROUP_THRESHOLD,
    }
    return render(request, "dashboards/guide.html", context)
