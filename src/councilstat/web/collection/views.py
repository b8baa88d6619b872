"""Data collection pages: my measures due, entry, approvals, restatements; and for the
performance team, the collection rounds (open a quarter with its deadline, extend, close),
their progress, publishing and the organisation's collection settings.

Every write goes through ``collection.services``; these views only check who may see what
(404 outside the user's organisation, 403 for a function their role lacks), turn forms into
service calls and service exceptions into pages: a validation failure back onto the form, a
large change into a confirmation question, a version conflict into a 409 page showing both
figures (never an overwrite).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from councilstat.core.periods import Period, Quarter, parse_period, quarter_of
from councilstat.core.plan import Frequency, Unit
from councilstat.reports.formatting import format_value
from councilstat.web.accounts.policy import Permission, can, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.collection import presenters, selectors
from councilstat.web.collection.forms import (
    CollectionSettingsForm,
    DeadlineForm,
    EntryForm,
    MembersForm,
    OpenRoundForm,
    PublishForm,
    RestateForm,
    ReturnForm,
    VersionForm,
)
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.collection.services import (
    Figures,
    NeedsConfirmation,
    PublishNeedsConfirmation,
    approve_observation,
    close_round,
    commentary_required,
    enter_observation,
    extend_round,
    open_round,
    open_to_members,
    publish_late_values,
    publish_period,
    restate_observation,
    return_observation,
    save_collection_settings,
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


def _posted(request: SignedInRequest) -> QueryDict | None:
    """The form's data when it was sent (even empty, so its errors show), else ``None``."""
    return request.POST if request.method == "POST" else None


def _stale(request: SignedInRequest, conflict: StaleVersion, back: str) -> HttpResponse:
    """409: the value changed since the person loaded the page; show it as it is now."""
    context = {"current": conflict.current, "back_link_url": back}
    return render(request, "collection/stale.html", context, status=409)


@login_required
@require_GET
def my_measures(request: SignedInRequest) -> HttpResponse:
    """Where collection starts for each role: an owner's values due, the performance team's
    progress of the round being collected, a director's approvals."""
    user = request.user
    if can(user, Permission.ENTER_VALUE):
        plan = plans_for(user).first()
        if plan is None:
            raise Http404("no plan yet")
        quarter = selectors.open_quarter(plan)
        return redirect("collection:my_measures_for", plan_id=plan.pk, quarter=quarter)
    if can(user, Permission.RUN_COLLECTION):
        plan = plans_for(user).first()
        if plan is None or not plan.returns.exists():
            return redirect("collection:periods")
        quarter = selectors.open_quarter(plan)
        return redirect("collection:progress", plan_id=plan.pk, quarter=quarter)
    if can(user, Permission.APPROVE_VALUE):
        return redirect("collection:approvals")
    require(user, Permission.ENTER_VALUE)
    raise Http404  # not reached: require refuses


@login_required
@require_GET
def my_measures_for(request: SignedInRequest, plan_id: int, quarter: Quarter) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    require(request.user, Permission.ENTER_VALUE)
    quarters = sorted(
        {q for r in plan.returns.all() if isinstance(q := parse_period(r.period), Quarter)}
    )
    due = selectors.measures_due(request.user, plan, quarter)
    period_return = selectors.round_for(plan, quarter)
    context = {
        "plan": plan,
        "quarter": quarter,
        "due": due,
        "round": period_return,
        "due_summary": presenters.due_summary(quarter, period_return, due, timezone.localdate()),
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
    form = EntryForm(
        request.POST or None, initial=EntryForm.initial_for(row), unit=Unit(measure.unit)
    )
    asked: NeedsConfirmation | None = None
    if request.method != "POST" and row is not None:
        stored = Figures(row.value, row.numerator, row.denominator, row.commentary)
        if commentary_required(measure, period, stored):
            form.require_commentary()
    if request.method == "POST" and form.is_valid():
        if commentary_required(measure, period, form.figures()):
            form.require_commentary()
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
            shown = format_value(saved.value, measure)
            messages.success(request, f"{measure.code} {period}: {shown} {done}.")
            return redirect(
                "collection:my_measures_for", plan_id=plan.pk, quarter=quarter_of(period)
            )
    context = {
        **presenters.entry_facts(measure, period, row, selectors.entry_history(measure, period)),
        **_round_note(plan, period),
        "form": form,
        "asked": asked,
        "confirmation_summary": _confirmation_summary(asked, form, measure),
    }
    return render(request, "collection/entry.html", {**context, **_back_to_due(plan, period)})


def _confirmation_summary(
    asked: NeedsConfirmation | None, form: EntryForm, measure: Measure
) -> list[dict[str, str]]:
    """The large-change question for the error summary at the top of the form, linked to the
    confirmation box (unless the box's own error, asked a second time, is already there)."""
    if asked is None or form.has_error("confirmed"):
        return []
    previous = format_value(asked.previous, measure)
    text = (
        f"This value is {asked.change_percent:.0f}% away from the previous value ({previous}): "
        "check it, then confirm it is correct or change it"
    )
    return [{"text": text, "href": "#id_confirmed"}]


def _round_note(plan: Plan, period: Period) -> dict[str, object]:
    """Whether the period's round is open for entry, and if not, why (for the entry page)."""
    quarter = quarter_of(period)
    period_return = selectors.round_for(plan, quarter)
    if period_return is not None and period_return.is_open:
        return {"round_open": True, "round_note": ""}
    note = presenters.due_summary(quarter, period_return, (), timezone.localdate())
    return {"round_open": False, "round_note": note}


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
        **_round_note(plan, period),
        **_back_to_due(plan, period),
        "form": form,
        "theirs": theirs,
        "yours_value": presenters.attempted_value(measure, yours) if yours else None,
    }
    return render(request, "collection/entry.html", context, status=409)


@login_required
@require_GET
def approvals(request: SignedInRequest) -> HttpResponse:
    """A director's queue to approve; the performance team sees every submission waiting."""
    deciding = can(request.user, Permission.APPROVE_VALUE)
    if not deciding:
        require(request.user, Permission.RUN_COLLECTION)
    rows = selectors.approval_rows(request.user, list(plans_for(request.user)))
    return render(request, "collection/approvals.html", {"rows": rows, "deciding": deciding})


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
    require(request.user, Permission.RUN_COLLECTION)
    plans = [
        (plan, selectors.period_rows(plan), selectors.next_quarter(plan))
        for plan in plans_for(request.user)
    ]
    return render(request, "collection/periods.html", {"plans": plans})


@login_required
@require_GET
def progress(request: SignedInRequest, plan_id: int, quarter: Quarter) -> HttpResponse:
    """Every value due in the quarter with where it stands, filterable by directorate and
    owner, with counts: who is late."""
    plan = get_plan(request.user, plan_id)
    require(request.user, Permission.RUN_COLLECTION, plan)
    filters = selectors.measure_filters(plan, request.GET)
    found = selectors.progress(plan, quarter, filters)
    context = {
        "plan": plan,
        "quarter": quarter,
        "progress": found,
        "filters": filters,
        "round_summary": presenters.round_summary(found.period_return, found.today),
        "back_link_url": reverse("collection:periods"),
    }
    return render(request, "collection/progress.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def open_round_view(request: SignedInRequest, plan_id: int) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    require(request.user, Permission.RUN_COLLECTION, plan)
    quarters = selectors.quarters_to_open(plan)
    first = selectors.next_quarter(plan)
    form = OpenRoundForm(
        _posted(request),
        quarters=quarters,
        initial={"quarter": str(first if first in quarters else quarters[0]) if quarters else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            opened = open_round(request.user, plan, form.chosen, form.cleaned_data["deadline"])
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{opened.period} is open for entry until {opened.deadline:%-d %B %Y}: "
                "owners now see the values due.",
            )
            return redirect("collection:progress", plan_id=plan.pk, quarter=form.chosen)
    context = {"plan": plan, "form": form, "back_link_url": reverse("collection:periods")}
    return render(request, "collection/open_round.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """A round's state and deadline: extend it (a closed round opens again), or close it."""
    period_return = _scoped_return(request, pk)
    require(request.user, Permission.RUN_COLLECTION, period_return)
    form = DeadlineForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            extended = extend_round(request.user, period_return, form.cleaned_data["deadline"])
        except ValidationFailed as failure:
            form.add_service_errors(failure.errors)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{extended.period} is open for entry until {extended.deadline:%-d %B %Y}.",
            )
            return redirect("collection:periods")
    context = {
        "period_return": period_return,
        "quarter": parse_period(period_return.period),
        "round_summary": presenters.round_summary(period_return, timezone.localdate()),
        "form": form,
        "back_link_url": reverse("collection:periods"),
    }
    return render(request, "collection/round.html", context)


@login_required
@require_POST
def close(request: SignedInRequest, pk: int) -> HttpResponse:
    period_return = _scoped_return(request, pk)
    require(request.user, Permission.RUN_COLLECTION, period_return)
    try:
        close_round(request.user, period_return)
    except WorkflowError as error:
        messages.error(request, f"{period_return.period} was not closed: {error}.")
    else:
        messages.success(request, f"{period_return.period} is closed to entry.")
    return redirect("collection:periods")


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: SignedInRequest, pk: int) -> HttpResponse:
    period_return = _scoped_return(request, pk)
    require(request.user, Permission.PUBLISH_PERIOD, period_return)
    was_published = period_return.published_at
    check = selectors.publish_check(period_return)
    form = PublishForm(_posted(request), missing=check.missing)
    if request.method == "POST" and was_published is not None:
        return _publish_late(request, period_return, was_published)
    if request.method == "POST" and form.is_valid():
        try:
            count = publish_period(
                request.user, period_return, missing_confirmed=form.missing_confirmed()
            )
        except PublishNeedsConfirmation as needed:
            check = selectors.publish_check(period_return)
            form = PublishForm({"missing": str(needed.missing)}, missing=needed.missing)
            form.is_valid()
            noun = "value due is" if needed.missing == 1 else "values due are"
            form.add_error(
                "confirmed",
                f"{needed.missing} {noun} missing: tick the box to publish without them",
            )
        except WorkflowError as error:
            messages.error(request, f"{period_return.period} was not published: {error}.")
            return redirect("collection:periods")
        else:
            # A second submission of the form finds the quarter published (count 0): it is
            # told what the first did.
            period_return.refresh_from_db()
            count = count or selectors.values_published_with(period_return)
            noun = "value" if count == 1 else "values"
            messages.success(request, f"{period_return.period} published: {count} {noun}.")
            return redirect("collection:periods")
    context = {
        "period_return": period_return,
        "quarter": parse_period(period_return.period),
        "check": check,
        "form": form,
        "late": selectors.late_values(period_return),
        "back_link_url": reverse("collection:periods"),
    }
    return render(request, "collection/publish.html", context)


def _publish_late(
    request: SignedInRequest, period_return: PeriodReturn, was_published: dt.datetime
) -> HttpResponse:
    """The values approved since the quarter was published, published on the publisher's
    confirmation of how many they saw."""
    try:
        seen = int(request.POST.get("late", ""))
    except ValueError:
        seen = -1
    try:
        count = publish_late_values(request.user, period_return, confirmed=seen)
    except PublishNeedsConfirmation as needed:
        noun = "value is" if needed.missing == 1 else "values are"
        messages.error(
            request,
            f"Nothing was published: {needed.missing} {noun} now waiting. Check the list "
            "and publish again.",
        )
        return redirect("collection:publish", period_return.pk)
    if count == 0:
        messages.info(
            request,
            f"{period_return.period} was already published on {was_published:%-d %B %Y}: "
            "nothing changed.",
        )
    else:
        noun = "value" if count == 1 else "values"
        messages.success(request, f"{count} late {noun} of {period_return.period} published.")
    return redirect("collection:periods")


@login_required
@require_http_methods(["GET", "POST"])
def collection_settings(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.RUN_COLLECTION)
    current = selectors.collection_settings(request.user.organisation)
    initial = {
        "imports": CollectionSettingsForm.APPROVED_ON_IMPORT
        if current.imports_approved
        else CollectionSettingsForm.APPROVED_SEPARATELY
    }
    form = CollectionSettingsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_collection_settings(request.user, imports_approved=form.imports_approved)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The collection settings are saved.")
            return redirect("collection:settings")
    context = {"form": form, "back_link_url": reverse("collection:periods")}
    return render(request, "collection/settings.html", context)


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
