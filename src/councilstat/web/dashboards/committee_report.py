"""The committee report from the store: the figures a user may see (or those published as at a
date), the revisions since reported and the scrutiny actions, assembled by ``reports``.

Reading the figures is quick and happens in the request. Rendering a PDF of the whole plan
takes seconds, so it runs in a worker thread (it touches no database) and a request waits at
most ``REPORT_TIME_LIMIT``; the file is cached, so a user told "still being prepared" gets it on
the next try, and other users are never held up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from concurrent.futures import ThreadPoolExecutor, TimeoutError
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from councilstat.core.periods import Quarter
from councilstat.reports.model import ActionItem, CommitteeReport, Revision, build_report
from councilstat.reports.render import ReportFormat, render
from councilstat.web.accounts.models import User
from councilstat.web.collection.figures import published_as_at, snapshot
from councilstat.web.collection.models import Observation
from councilstat.web.collection.selectors import visible_observations
from councilstat.web.plans.models import Plan
from councilstat.web.scrutiny.presenters import ScrutinyPresenter

__all__ = ["REPORT_TIME_LIMIT", "ReportRequest", "report_file"]

REPORT_TIME_LIMIT = 20.0
"""Seconds a request waits for a report before saying it is still being prepared."""
_CACHE_SECONDS = 15 * 60
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="report")


@dataclass(frozen=True)
class ReportRequest:
    plan_id: int
    quarter: Quarter
    fmt: ReportFormat
    exceptions_only: bool
    as_at: dt.date | None


def _revisions(user: User, plan: Plan) -> dict[tuple[str, str], Revision]:
    revised = visible_observations(user, plan).filter(reported_value__isnull=False)
    return {
        (row.measure.code, row.period): Revision(
            row.reported_value, row.value, row.restatement_reason
        )
        for row in revised.select_related("measure")
        if row.is_revised and row.reported_value is not None
    }


def _report(user: User, plan: Plan, wanted: ReportRequest) -> CommitteeReport:
    if wanted.as_at is not None:
        moment = timezone.make_aware(dt.datetime.combine(wanted.as_at, dt.time.max))
        figures = published_as_at(plan, moment)
        revisions: dict[tuple[str, str], Revision] = {}
        note = "Values as published by the end of that day, taken from the audit trail."
    else:
        figures = snapshot(plan, visible_observations(user, plan))
        revisions = _revisions(user, plan)
        note = ""
    actions: dict[str, list[ActionItem]] = ScrutinyPresenter(user, plan).report_actions()
    return build_report(
        figures,
        wanted.quarter,
        organisation=plan.organisation.name,
        as_at=wanted.as_at,
        as_at_note=note,
        revisions=revisions,
        actions=actions,
        exceptions_only=wanted.exceptions_only,
    )


def _cache_key(user: User, wanted: ReportRequest) -> str:
    latest = Observation.objects.filter(measure__plan_id=wanted.plan_id).order_by("-updated_at")
    stamp = latest.values_list("updated_at", flat=True).first()
    raw = f"{user.role}|{user.pk}|{wanted}|{stamp}"
    return "report:" + hashlib.sha256(raw.encode()).hexdigest()


def _render_and_cache(report: CommitteeReport, fmt: ReportFormat, key: str) -> bytes:
    try:
        content = render(report, fmt)
        cache.set(key, content, _CACHE_SECONDS)
        return content
    finally:
        cache.delete(key + ":pending")


def report_file(user: User, plan: Plan, wanted: ReportRequest) -> bytes | None:
    """The report's bytes, or ``None`` if it is still being prepared after the time limit."""
    key = _cache_key(user, wanted)
    cached = cache.get(key)
    if cached is not None:
        return bytes(cached)
    if not cache.add(key + ":pending", True, _CACHE_SECONDS):
        return None  # another request is already preparing it
    future = _pool.submit(_render_and_cache, _report(user, plan, wanted), wanted.fmt, key)
    try:
        return future.result(timeout=REPORT_TIME_LIMIT)
    except TimeoutError:
        return None
