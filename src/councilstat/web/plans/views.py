"""The performance team's management pages for the plan: measures and targets, starting next
year's plan, and which of last year's measures each of a plan's continues (the pages for people
are in ``people_views``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.common.errors import ValidationFailed
from councilstat.web.plans.forms import (
    LinkPreviousForm,
    MeasureForm,
    NextYearForm,
    TargetForm,
)
from councilstat.web.plans.management_services import set_target, update_measure
from councilstat.web.plans.models import Measure, Plan
from councilstat.web.plans.next_year import link_previous, start_next_year
from councilstat.web.plans.selectors import (
    get_measure,
    get_plan,
    plans_for,
    previous_candidates,
)


@login_required
def manage(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_PLAN)
    plans = plans_for(request.user)
    measures = (
        Measure.objects.filter(plan__in=plans)
        .select_related("plan", "owner", "directorate", "outcome__priority")
        .order_by("plan", "outcome__priority__order", "outcome__order", "order")
    )
    plans = plans.select_related("previous").prefetch_related("next_plan")
    years = {plan.reporting_year for plan in plans}
    linkable = {p.pk for p in plans if p.previous_id is None and p.reporting_year - 1 in years}
    context = {"plans": plans, "measures": measures, "linkable": linkable}
    return render(request, "plans/manage.html", context)


@login_required
def edit_measure(request: SignedInRequest, plan_id: int, code: str) -> HttpResponse:
    measure = get_measure(request.user, get_plan(request.user, plan_id), code)
    require(request.user, Permission.MANAGE_PLAN, measure)
    form = MeasureForm(request.POST or None, instance=Measure.objects.get(pk=measure.pk))
    if request.method == "POST" and form.is_valid():
        try:
            update_measure(request.user, measure, form.changes(), form.cleaned_data["reason"])
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(request, f"{measure.code} was updated.")
            return redirect("plans:manage")
    return render(request, "plans/edit_measure.html", {"form": form, "measure": measure})


@login_required
def edit_target(request: SignedInRequest, plan_id: int, code: str) -> HttpResponse:
    measure = get_measure(request.user, get_plan(request.user, plan_id), code)
    require(request.user, Permission.MANAGE_PLAN, measure)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = set_target(
                request.user,
                measure,
                data["period"],
                data["target"],
                data["reason"],
                upper=data["upper"],
            )
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(request, f"The {target.period} target for {measure.code} was saved.")
            return redirect("plans:edit_target", plan_id=plan_id, code=code)
    targets = measure.targets.order_by("period_end", "period")
    return render(
        request, "plans/edit_target.html", {"form": form, "measure": measure, "targets": targets}
    )


@login_required
def next_year(request: SignedInRequest, plan_id: int) -> HttpResponse:
    """Start next year's plan from this one: what becomes of each measure, then the targets."""
    plan = get_plan(request.user, plan_id)
    require(request.user, Permission.MANAGE_PLAN, plan)
    started = Plan.objects.filter(previous=plan).first()
    if started is not None:
        messages.info(request, f"Next year's plan, {started}, has been started already.")
        return redirect("plans:manage")
    form = NextYearForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = start_next_year(
                request.user,
                plan,
                title=data["title"],
                carries=form.carries(),
                copy_targets=data["copy_targets"],
            )
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            count = new.measures.count()
            messages.success(
                request, f"{new} was started with {count} measures. Now set their targets."
            )
            return redirect("collection:year_targets", plan_id=new.pk)
    return render(request, "plans/next_year.html", {"form": form, "plan": plan})


@login_required
def continues(request: SignedInRequest, plan_id: int) -> HttpResponse:
    """The mapping page: which of last year's measures each of this plan's continues."""
    plan = get_plan(request.user, plan_id)
    require(request.user, Permission.MANAGE_PLAN, plan)
    candidates = previous_candidates(plan)
    chosen = request.POST.get("previous") or request.GET.get("previous") or ""
    chosen = chosen or str(plan.previous_id or "")
    previous = candidates.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if previous is None and candidates.count() == 1:
        previous = candidates.first()
    form = (
        LinkPreviousForm(request.POST or None, plan=plan, previous=previous)
        if previous is not None
        else None
    )
    if request.method == "POST" and form is not None and previous is not None and form.is_valid():
        try:
            link_previous(request.user, plan, previous, form.continues())
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        else:
            messages.success(request, f"The measures of {plan} were linked to {previous}.")
            return redirect("plans:manage")
    context = {"form": form, "plan": plan, "previous": previous, "candidates": candidates}
    return render(request, "plans/continues.html", context)
