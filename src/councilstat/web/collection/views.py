"""Data collection pages: my measures due, entry, approvals, periods and restatements.

Every write goes through ``collection.services``; these views only check who may see what
(404 outside the user's organisation, 403 for a function their role lacks), turn forms into
service calls and service exceptions into pages: a validation failure back onto the form, a
large change into a confirmation question, a version conflict into a 409 page showing both
figures (never an overwrite).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from councilstat.core.periods import Period, Quarter, parse_period, quarter_of
from councilstat.core.plan import Frequency, Unit
from councilstat.reports.formatting import format_value
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.collection import presenters, selectors
from councilstat.web.collection.forms import (
    EntryForm,
    MembersForm,
    RestateForm,
    ReturnForm,
    VersionForm,
)
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.collection.services import (
    NeedsConfirmation,
    approve_observation,
    enter_observation,
    open_to_members,
    publish_period,
    restate_observation,
    return_observation,
)
from councilstat.web.common.errors import StaleVersion, ValidationFailed, WorkflowError
from councilstat.web.plans.models import Measure, Plan
from councilstat.web.plans.selectors import get_measure, get_plan, plans_for


def _scoped_observation(request: SignedInRequest, pk: int) -> Observation:
    """An observation of the user's organisation (404 otherwise)."""
    rows = Observation.objects.select_related(
        "measure__outcome__priority", "measure__plan", "measure__owner", "entered_by"
    )
    return get_object_or_404(
        rows, pk=pk, measure__plan__organisation_id=request.user.organisation_id
    )


def _scoped_return(request: SignedInRequest, pk: int) -> PeriodReturn:
    rows = PeriodReturn.objects.select_related("plan")
    return get_object_or_404(rows, pk=pk, plan__organisation_id=request.user.organisation_id)


def _stale(request: SignedInRequest, conflict: StaleVersion, back: str) -> HttpResponse:
    """409: the value changed since the person loaded the page; show it as it is now."""
    context = {"current": conflict.current, "back_link_url": back}
    return render(request, "collection/stale.html", context, status=409)


@login_required
@require_GET
def my_measures(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.ENTER_VALUE)
    plan = plans_for(request.user).first()
    if plan is None:
        raise Http404("no plan yet")
    quarter = selectors.open_quarter(plan)
    return redirect("collection:my_measures_for", plan_id=plan.pk, quarter=quarter)


@login_required
@require_GET
def my_measures_for(request: SignedInRequest, plan_id: int, quarter: Quarter) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    require(request.user, Permission.ENTER_VALUE)
    quarters = sorted(
        {q for r in plan.returns.all() if isinstance(q := parse_period(r.period), Quarter)}
    )
    context = {
        "plan": plan,
        "quarter": quarter,
        "due": selectors.measures_due(request.user, plan, quarter),
        "quarters": [q for q in quarters if q != quarter],
    }
    return render(request, "collection/my_measures.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: SignedInRequest, plan_id: int, code: str, period: Period) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    measure = get_measure(request.user, plan, code)
    require(request.user, Permission.ENTER_VALUE, measure)
    if period.kind is not Frequency(measure.frequency).period_kind:
        raise Http404(f"{measure.code} is not collected for periods like {period}")
    row = Observation.objects.filter(measure=measure, period=str(period)).first()
    form = EntryForm(request.POST or None, initial=EntryForm.initial_for(row))
    asked: NeedsConfirmation | None = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = enter_observation(
                request.user,
                measure,
                period,
                form.figures(),
                expected_version=form.cleaned_data["version"],
                confirmed=form.cleaned_data["confirmed"],
                submit=form.submit,
            )
        except StaleVersion as conflict:
            return _conflict(request, plan, measure, period, conflict)
        except NeedsConfirmation as question:
            asked = question
            form.ask_confirmation()
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            done = "submitted for approval" if form.submit else "saved as a draft"
            shown = format_value(saved.value, Unit(measure.unit))
            messages.success(request, f"{measure.code} {period}: {shown} {done}.")
            return redirect(
                "collection:my_measures_for", plan_id=plan.pk, quarter=quarter_of(period)
            )
    context = {
        **presenters.entry_facts(measure, period, row, selectors.entry_history(measure, period)),
        "form": form,
        "asked": asked,
    }
    return render(request, "collection/entry.html", {**context, **_back_to_due(plan, period)})


def _back_to_due(plan: Plan, period: Period) -> dict[str, object]:
    quarter = quarter_of(period)
    due = reverse("collection:my_measures_for", kwargs={"plan_id": plan.pk, "quarter": quarter})
    return {"plan": plan, "quarter": quarter, "back_link_url": due}


def _conflict(
    request: SignedInRequest, plan: Plan, measure: Measure, period: Period, conflict: StaleVersion
) -> HttpResponse:
    """409: show theirs and yours, with the form reloaded at their version; never overwrite."""
    theirs = conflict.current
    yours = conflict.attempted
    form = EntryForm(initial=EntryForm.initial_from(yours, theirs.version) if yours else None)
    context = {
        **presenters.entry_facts(measure, period, theirs, selectors.entry_history(measure, period)),
        **_back_to_due(plan, period),
        "form": form,
        "theirs": theirs,
        "yours_value": presenters.attempted_value(measure, yours) if yours else None,
    }
    return render(request, "collection/entry.html", context, status=409)


@login_required
@require_GET
def approvals(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.APPROVE_VALUE)
    rows = selectors.approval_rows(request.user, list(plans_for(request.user)))
    return render(request, "collection/approvals.html", {"rows": rows})


@login_required
@require_POST
def approve(request: SignedInRequest, pk: int) -> HttpResponse:
    observation = _scoped_observation(request, pk)
    require(request.user, Permission.APPROVE_VALUE, observation)
    form = VersionForm(request.POST)
    what = f"{observation.measure.code} {observation.period}"
    if not form.is_valid():
        messages.error(request, f"{what} was not approved: reload the page and try again.")
        return redirect("collection:approvals")
    try:
        approve_observation(
            request.user, observation, expected_version=form.cleaned_data["version"]
        )
    except StaleVersion as conflict:
        return _stale(request, conflict, reverse("collection:approvals"))
    except WorkflowError as error:
        messages.error(request, f"{what} was not approved: {error}.")
    else:
        messages.success(request, f"{what} approved.")
    return redirect("collection:approvals")


@login_required
@require_http_methods(["GET", "POST"])
def return_value(request: SignedInRequest, pk: int) -> HttpResponse:
    observation = _scoped_observation(request, pk)
    require(request.user, Permission.APPROVE_VALUE, observation)
    form = ReturnForm(request.POST or None, initial={"version": observation.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            return_observation(
                request.user, observation, data["reason"], expected_version=data["version"]
            )
        except StaleVersion as conflict:
            return _stale(request, conflict, reverse("collection:approvals"))
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{observation.measure.code} {observation.period} returned to its owner."
            )
            return redirect("collection:approvals")
    context = {"observation": observation, "form": form}
    return render(
        request,
        "collection/return.html",
        {**context, "back_link_url": reverse("collection:approvals")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def restate(request: SignedInRequest, pk: int) -> HttpResponse:
    observation = _scoped_observation(request, pk)
    require(request.user, Permission.RESTATE_VALUE, observation)
    initial = RestateForm.initial_for(observation)
    form = RestateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            restate_observation(
                request.user,
                observation,
                form.figures(),
                data["reason"],
                expected_version=data["version"],
            )
        except StaleVersion as conflict:
            return _stale(request, conflict, reverse("collection:restate", args=[pk]))
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{observation.measure.code} {observation.period} restated.")
            return redirect("collection:restate", pk=pk)
    context = {
        "observation": observation,
        "measure": observation.measure,
        "form": form,
        "editable": observation.status == Status.PUBLISHED,
        "back_link_url": reverse("collection:periods"),
    }
    return render(request, "collection/restate.html", context)


@login_required
@require_GET
def periods(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.PUBLISH_PERIOD)
    plans = [(plan, selectors.period_rows(plan)) for plan in plans_for(request.user)]
    return render(request, "collection/periods.html", {"plans": plans})


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: SignedInRequest, pk: int) -> HttpResponse:
    period_return = _scoped_return(request, pk)
    require(request.user, Permission.PUBLISH_PERIOD, period_return)
    if request.method == "POST":
        try:
            count = publish_period(request.user, period_return)
        except WorkflowError as error:
            messages.error(request, f"{period_return.period} was not published: {error}.")
        else:
            noun = "value" if count == 1 else "values"
            messages.success(request, f"{period_return.period} published: {count} {noun}.")
        return redirect("collection:periods")
    rows = Observation.objects.filter(
        measure__plan=period_return.plan,
        period__in=selectors.period_labels_in_return(period_return),
    )
    context = {
        "period_return": period_return,
        "approved": rows.filter(status=Status.APPROVED).count(),
        "waiting": rows.filter(
            status__in=(Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
        ).count(),
        "back_link_url": reverse("collection:periods"),
    }
    return render(request, "collection/publish.html", context)


@login_required
@require_POST
def members(request: SignedInRequest, pk: int) -> HttpResponse:
    period_return = _scoped_return(request, pk)
    require(request.user, Permission.PUBLISH_PERIOD, period_return)
    form = MembersForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to open or close the quarter to members.")
        return redirect("collection:periods")
    opened = form.cleaned_data["opened"]
    open_to_members(request.user, period_return, opened=opened)
    state = "open to" if opened else "closed to"
    messages.success(request, f"{period_return.period} is now {state} members.")
    return redirect("collection:periods")
