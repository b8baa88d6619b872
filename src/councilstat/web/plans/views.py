"""The performance team's management pages for the plan: measures and targets (the pages for
people are in ``people_views``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.common.errors import ValidationFailed
from councilstat.web.plans.forms import MeasureForm, TargetForm
from councilstat.web.plans.management_services import set_target, update_measure
from councilstat.web.plans.models import Measure
from councilstat.web.plans.selectors import get_measure, get_plan, plans_for


@login_required
def manage(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_PLAN)
    plans = plans_for(request.user)
    measures = (
        Measure.objects.filter(plan__in=plans)
        .select_related("plan", "owner", "directorate", "outcome__priority")
        .order_by("plan", "outcome__priority__order", "outcome__order", "order")
    )
    return render(request, "plans/manage.html", {"plans": plans, "measures": measures})


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
                request.user, measure, data["period"], data["target"], data["reason"]
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
