"""Benchmarking pages: the comparator groups, a measure beside its comparators, and for the
performance team, linking a measure to a national metric and loading comparator files.

Thin views: the policy, the user-scoped selectors (404 outside the organisation), and the
presenter, which asks ``core`` for every figure; the writes are ``services``'.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from councilstat.core.narrative import plural
from councilstat.core.periods import Quarter
from councilstat.io.problems import DataFileError, Problem
from councilstat.io.tables import read_csv_bytes
from councilstat.web.accounts.models import User
from councilstat.web.accounts.policy import Permission, can, require
from councilstat.web.accounts.requests import SignedInRequest
from councilstat.web.benchmarking.forms import LinkForm, LoadForm, SharingOfferForm
from councilstat.web.benchmarking.models import (
    ComparatorGroup,
    ComparatorSharing,
    GroupKind,
    MeasureBenchmark,
)
from councilstat.web.benchmarking.presenters import comparison_for
from councilstat.web.benchmarking.selectors import (
    comparator_data,
    get_sharing,
    groups_for,
    measures_for_linking,
    metrics_for,
    sharing_for,
)
from councilstat.web.benchmarking.services import (
    Metric,
    accept_sharing,
    end_sharing,
    import_group,
    import_values,
    map_measure,
    offer_sharing,
    unlink_measure,
)
from councilstat.web.common.errors import WorkflowError
from councilstat.web.common.problems import SHOWN, csv_download, problem_links, problems_csv
from councilstat.web.plans.models import Measure
from councilstat.web.plans.selectors import get_measure, get_plan

__all__ = [
    "accept",
    "end",
    "index",
    "link",
    "load",
    "measure_comparison",
    "offer",
    "problems_download",
    "unlink",
]

PROBLEMS_KEPT_SECONDS = 3600
"""How long the full list of a comparator file's problems can be downloaded."""


@login_required
def index(request: SignedInRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_DASHBOARD)
    can_load = can(request.user, Permission.IMPORT_DATA)
    context = {
        "groups": groups_for(request.user),
        "can_link": can(request.user, Permission.MANAGE_PLAN),
        "can_load": can_load,
        "sharing": sharing_for(request.user) if can_load else (),
        "offer_form": _offer_form(request) if can_load else None,
    }
    return render(request, "benchmarking/index.html", context)


def _offer_form(request: SignedInRequest, data: QueryDict | None = None) -> SharingOfferForm:
    assert request.user.organisation is not None  # noqa: S101  (the performance team's)
    return SharingOfferForm(data, provider=request.user.organisation)


@login_required
@require_POST
def offer(request: SignedInRequest) -> HttpResponse:
    """Offer this council's comparator values to another council."""
    require(request.user, Permission.IMPORT_DATA)
    form = _offer_form(request, request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Nothing was offered: {error}")
        return redirect("benchmarking:index")
    recipient = form.cleaned_data["recipient"]
    offer_sharing(request.user, recipient)
    messages.success(
        request,
        f"Your comparator values are offered to {recipient.name}: they are shared once its "
        "performance team accepts.",
    )
    return redirect("benchmarking:index")


def _sharing_step(
    request: SignedInRequest,
    pk: int,
    step: Callable[[User, ComparatorSharing], ComparatorSharing],
    done: Callable[[ComparatorSharing], str],
) -> HttpResponse:
    """Take ``step`` on one of the council's sharing agreements and say what it did."""
    require(request.user, Permission.IMPORT_DATA)
    sharing = get_sharing(request.user, pk)
    try:
        step(request.user, sharing)
    except WorkflowError as error:
        messages.error(request, f"Nothing changed: {error}.")
    else:
        messages.success(request, done(sharing))
    return redirect("benchmarking:index")


@login_required
@require_POST
def accept(request: SignedInRequest, pk: int) -> HttpResponse:
    """Accept another council's offer of its comparator values."""
    return _sharing_step(
        request,
        pk,
        accept_sharing,
        lambda sharing: (
            f"{sharing.provider.name}'s comparator values are now used in your "
            "comparisons where you have none of your own."
        ),
    )


@login_required
@require_POST
def end(request: SignedInRequest, pk: int) -> HttpResponse:
    """End a sharing agreement (an offer withdrawn or declined, or sharing stopped)."""

    def done(sharing: ComparatorSharing) -> str:
        mine = sharing.provider_id == request.user.organisation_id
        other = sharing.recipient if mine else sharing.provider
        return f"Comparator values are no longer shared with {other.name}."

    return _sharing_step(request, pk, end_sharing, done)


@login_required
def measure_comparison(
    request: SignedInRequest, plan_id: int, code: str, quarter: Quarter | None = None
) -> HttpResponse:
    require(request.user, Permission.VIEW_DASHBOARD)
    plan = get_plan(request.user, plan_id)
    measure = get_measure(request.user, plan, code)
    comparison = comparison_for(comparator_data(measure, quarter))
    if comparison is None:
        raise Http404(f"{code} is not compared with a national metric")
    context = {
        "plan": plan,
        "measure": measure,
        "quarter": quarter,
        "comparison": comparison,
        "can_link": can(request.user, Permission.MANAGE_PLAN),
    }
    return render(request, "benchmarking/comparison.html", context)


def _initial(measure_id: str | None, measures: QuerySet[Measure]) -> dict[str, object]:
    """The form's starting values: the measure asked for, with its current link if any."""
    if not measure_id or not measure_id.isdigit():
        return {}
    measure = get_object_or_404(measures, pk=int(measure_id))
    initial: dict[str, object] = {"measure": measure.pk}
    mapping = MeasureBenchmark.objects.filter(measure=measure).first()
    if mapping is not None:
        initial.update(
            metric=mapping.metric,
            title=mapping.title,
            group=mapping.group_id,
            unit=mapping.unit,
            polarity=mapping.polarity,
            source=mapping.source,
            note=mapping.note,
        )
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def link(request: SignedInRequest) -> HttpResponse:
    """Compare a measure with a national metric across a comparator group."""
    require(request.user, Permission.MANAGE_PLAN)
    measures = measures_for_linking(request.user)
    metrics = metrics_for(request.user)
    groups = groups_for(request.user)
    form = LinkForm(
        request.POST or None,
        initial=_initial(request.GET.get("measure"), measures),
        measures=measures,
        groups=groups,
        metrics=metrics,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        measure = data["measure"]
        metric = Metric(
            data["metric"],
            data["title"],
            form.metric_unit(),
            form.metric_polarity(),
            data["source"],
            data["note"],
        )
        group: ComparatorGroup = data["group"]
        map_measure(request.user, measure, metric, group)
        messages.success(
            request, f"{measure.code} is now compared with {metric.metric} across {group.name}."
        )
        return redirect("benchmarking:latest", plan_id=measure.plan_id, code=measure.code)
    context = {"form": form, "metrics": metrics, "has_groups": groups.exists()}
    return render(request, "benchmarking/link.html", context)


@login_required
@require_POST
def unlink(request: SignedInRequest, plan_id: int, code: str) -> HttpResponse:
    plan = get_plan(request.user, plan_id)
    measure = get_measure(request.user, plan, code)
    require(request.user, Permission.MANAGE_PLAN)
    if unlink_measure(request.user, measure):
        messages.success(request, f"{measure.code} is no longer compared with a national metric.")
    return redirect("benchmarking:index")


def _warn(request: SignedInRequest, warnings: tuple[Problem, ...], shown: int = 10) -> None:
    """The file's warnings (rows skipped), the first ``shown`` of them by name."""
    for warning in warnings[:shown]:
        messages.warning(request, str(warning))
    if len(warnings) > shown:
        messages.warning(request, f"and {len(warnings) - shown} more warnings like these")


@login_required
@require_http_methods(["GET", "POST"])
def load(request: SignedInRequest) -> HttpResponse:
    """Load a comparator file: checked whole, then loaded all or nothing."""
    require(request.user, Permission.IMPORT_DATA)
    form = LoadForm(request.POST or None, request.FILES or None)
    problems: tuple[Problem, ...] = ()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = read_csv_bytes(data["content"], name=data["filename"])
            if data["kind"] == LoadForm.GROUP:
                group = import_group(
                    request.user,
                    table,
                    name=data["name"].strip(),
                    kind=GroupKind(data["group_kind"]),
                    source=data["source"].strip(),
                )
                messages.success(
                    request,
                    f"{data['filename']} was loaded: the group {group.name} has "
                    f"{plural(group.areas.count(), 'area')}, with {group.subject.name} as this "
                    "council.",
                )
            else:
                imported = import_values(request.user, table)
                _warn(request, imported.warnings)
                messages.success(
                    request,
                    f"{data['filename']} was loaded: {imported.created} new and "
                    f"{imported.updated} changed values.",
                )
        except DataFileError as error:
            problems = error.problems
        else:
            return redirect("benchmarking:index")
    context = {
        "form": form,
        "problems": problems,
        "problem_links": problem_links(problems),
        "shown_problems": problems[:SHOWN],
        "problems_caption": f"The file has {plural(len(problems), 'problem')}: nothing was loaded",
        "download_url": _keep_problems(request, form, problems),
    }
    return render(request, "benchmarking/load.html", context)


def _problems_key(user_id: int, token: str) -> str:
    return f"comparator-problems:{user_id}:{token}"


def _keep_problems(
    request: SignedInRequest, form: LoadForm, problems: Sequence[Problem]
) -> str | None:
    """Keep the full list of a file's problems for an hour, when the page lists only the
    first, and give the address of its download (the file itself is not kept)."""
    if len(problems) <= SHOWN:
        return None
    token = secrets.token_urlsafe(16)
    kept = {"filename": form.cleaned_data["filename"], "csv": problems_csv(problems)}
    cache.set(_problems_key(request.user.pk, token), kept, PROBLEMS_KEPT_SECONDS)
    return reverse("benchmarking:problems", args=[token])


@login_required
@require_GET
def problems_download(request: SignedInRequest, token: str) -> HttpResponse:
    """Every problem of a comparator file the user loaded in the last hour, as CSV."""
    require(request.user, Permission.IMPORT_DATA)
    kept = cache.get(_problems_key(request.user.pk, token))
    if kept is None:
        raise Http404("that list of problems is no longer kept: load the file again")
    return csv_download(kept["csv"], kept["filename"], "problems")
