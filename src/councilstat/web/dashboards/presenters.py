"""What the dashboards draw and assemble from what the selectors read: the measure page's
charts, and the committee report.

Selectors query, presenters never do: the measure page's charts are drawn from
``selectors.measure_figures``; the committee report is assembled by ``reports`` from
``selectors.report_inputs`` (the figures a user may see, or those published as at a date, the
revisions since reported and the scrutiny actions).

Reading the report's inputs is quick and happens in the request. Rendering a PDF of the whole
plan takes seconds, so it runs in a worker thread (it touches no database) and a request waits at
most ``REPORT_TIME_LIMIT``; the file is cached, so a user told "still being prepared" gets it on
the next try, and other users are never held up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, TimeoutError
from dataclasses import dataclass

from django.core.cache import cache

from councilstat.core import plan as core
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.periods import Quarter
from councilstat.reports.charts.spc import ChartSvg, spc_chart_svg
from councilstat.reports.charts.trend import Chart, trend_chart
from councilstat.reports.model import ActionItem, CommitteeReport, build_report
from councilstat.reports.render import ReportFormat, render
from councilstat.reports.words import period_noun
from councilstat.web.accounts.models import User
from councilstat.web.dashboards.selectors import MeasureFigures, ReportInputs
from councilstat.web.plans.models import Plan
from councilstat.web.scrutiny.presenters import ScrutinyPresenter

__all__ = [
    "REPORT_TIME_LIMIT",
    "MeasureCharts",
    "ReportRequest",
    "committee_report",
    "measure_charts",
    "report_file",
]

# The measure page's charts ---------------------------------------------------------------


@dataclass(frozen=True)
class MeasureCharts:
    """The measure page's charts: the SPC chart of the values up to the quarter, where core
    gives one, else the trend chart (values and targets): for a cumulative (year-to-date)
    measure, or one with a single value."""

    spc: ChartSvg | None
    trend: Chart | None


def _spc_chart(measure: core.Measure, statistics: MeasureStatistics) -> ChartSvg | None:
    """Draw core's SPC result, with figures at the measure's precision as the rest of the page
    shows them."""
    if statistics.spc is None:
        return None
    return spc_chart_svg(
        statistics.spc,
        title=f"{measure.code} {measure.title}",
        unit=measure,
        period_noun=period_noun(measure.frequency),
    )


def measure_charts(figures: MeasureFigures) -> MeasureCharts:
    """Draw the measure page's chart from what ``selectors.measure_figures`` read."""
    subject = figures.measure
    spc = _spc_chart(subject, figures.statistics)
    if spc is not None:
        return MeasureCharts(spc, None)
    title = f"{subject.code} {subject.title}"
    return MeasureCharts(None, trend_chart(list(figures.points), unit=subject, title=title))


# The committee report --------------------------------------------------------------------

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


def committee_report(
    inputs: ReportInputs, wanted: ReportRequest, organisation: str
) -> CommitteeReport:
    """The report the request asks for, assembled by ``reports`` from what was read."""
    actions: dict[str, list[ActionItem]] = ScrutinyPresenter(inputs.scrutiny).report_actions()
    return build_report(
        inputs.figures,
        wanted.quarter,
        organisation=organisation,
        as_at=wanted.as_at,
        as_at_note=inputs.as_at_note,
        revisions=inputs.revisions,
        actions=actions,
        exceptions_only=wanted.exceptions_only,
        published=inputs.published,
    )


def _cache_key(user: User, wanted: ReportRequest, stamp: dt.datetime | None) -> str:
    raw = f"{user.role}|{user.pk}|{wanted}|{stamp}"
    return "report:" + hashlib.sha256(raw.encode()).hexdigest()


def _render_and_cache(report: CommitteeReport, fmt: ReportFormat, key: str) -> bytes:
    try:
        content = render(report, fmt)
        cache.set(key, content, _CACHE_SECONDS)
        return content
    finally:
        cache.delete(key + ":pending")


def report_file(
    user: User,
    plan: Plan,
    wanted: ReportRequest,
    *,
    changed: dt.datetime | None,
    read: Callable[[], ReportInputs],
) -> bytes | None:
    """The report's bytes, or ``None`` if it is still being prepared after the time limit.

    ``changed`` is when the plan's values last changed (``selectors.latest_change``), part of
    the cache key; ``read`` reads the inputs (``selectors.report_inputs``), called only when
    the report is neither cached nor already being prepared.
    """
    key = _cache_key(user, wanted, changed)
    cached = cache.get(key)
    if cached is not None:
        return bytes(cached)
    if not cache.add(key + ":pending", True, _CACHE_SECONDS):
        return None  # another request is already preparing it
    report = committee_report(read(), wanted, plan.organisation.name)
    future = _pool.submit(_render_and_cache, report, wanted.fmt, key)
    try:
        return future.result(timeout=REPORT_TIME_LIMIT)
    except TimeoutError:
        return None
