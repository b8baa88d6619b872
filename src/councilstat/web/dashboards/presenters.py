"""What the dashboards draw and assemble from what the selectors read: the measure page's
charts, and the committee report.

Selectors query, presenters never do: the measure page's charts are drawn from
``selectors.measure_figures``; the committee report is assembled by ``reports`` from
``selectors.report_inputs`` (the figures a user may see, or those published as at a date, the
revisions since reported and the scrutiny actions).

A report is made by a background job (``dashboards.tasks``), never in the web request: the
request asks for the job with a key (:func:`report_key`) built from everything the report shows,
so the same report asked for again, with nothing changed, is the file already made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from councilstat.core import plan as core
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.periods import Quarter, parse_period
from councilstat.reports.charts.data import TrendPoint
from councilstat.reports.charts.spc import ChartSvg, spc_chart_svg
from councilstat.reports.charts.trend import Chart, trend_chart
from councilstat.reports.model import ActionItem, CommitteeReport, build_report
from councilstat.reports.render import ReportFormat
from councilstat.reports.words import period_noun
from councilstat.web.accounts.models import User
from councilstat.web.common.converters import period_slug
from councilstat.web.dashboards.selectors import MeasureFigures, ReportInputs
from councilstat.web.scrutiny.presenters import ScrutinyPresenter

__all__ = [
    "MeasureCharts",
    "ReportRequest",
    "committee_report",
    "measure_charts",
    "report_key",
]

# The measure page's charts ---------------------------------------------------------------


@dataclass(frozen=True)
class MeasureCharts:
    """The measure page's charts: the SPC chart of the values up to the quarter, where core
    gives one, else the trend chart (values and targets): for a cumulative (year-to-date)
    measure, or one with a single value."""

    spc: ChartSvg | None
    trend: Chart | None


def _spc_chart(
    measure: core.Measure, statistics: MeasureStatistics, points: Sequence[TrendPoint] = ()
) -> ChartSvg | None:
    """Draw core's SPC result, with figures at the measure's precision as the rest of the page
    shows them, and the target in force at each point (``points``, the values with their
    targets)."""
    if statistics.spc is None:
        return None
    targets = {p.period: float(p.target) for p in points if p.target is not None}
    return spc_chart_svg(
        statistics.spc,
        title=f"{measure.code} {measure.title}",
        unit=measure,
        period_noun=period_noun(measure.frequency),
        targets=targets if statistics.spc.target is not None and targets else None,
    )


def measure_charts(figures: MeasureFigures) -> MeasureCharts:
    """Draw the measure page's chart from what ``selectors.measure_figures`` read."""
    subject = figures.measure
    spc = _spc_chart(subject, figures.statistics, figures.points)
    if spc is not None:
        return MeasureCharts(spc, None)
    title = f"{subject.code} {subject.title}"
    return MeasureCharts(None, trend_chart(list(figures.points), unit=subject, title=title))


# The committee report --------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRequest:
    plan_id: int
    quarter: Quarter
    fmt: ReportFormat
    exceptions_only: bool
    as_at: dt.date | None

    @property
    def filename(self) -> str:
        """``report-2019-20-q2.pdf``, ``exceptions-2019-20-q2.docx``."""
        kind = "exceptions" if self.exceptions_only else "report"
        return f"{kind}-{period_slug(self.quarter)}.{self.fmt.value}"

    @property
    def title(self) -> str:
        """What the job page calls it: ``Performance report, Quarter 2 2019/20 (PDF)``."""
        kind = "Exception report" if self.exceptions_only else "Performance report"
        when = f", as at {self.as_at.day} {self.as_at:%B %Y}" if self.as_at else ""
        quarter = f"{self.quarter.label} {self.quarter.financial_year}"
        return f"{kind}, {quarter}{when} ({self.fmt.value.upper()})"

    def parameters(self) -> dict[str, Any]:
        """The request as a job's JSON parameters (:meth:`from_parameters` reads them)."""
        return {
            "plan_id": self.plan_id,
            "quarter": str(self.quarter),
            "format": self.fmt.value,
            "exceptions_only": self.exceptions_only,
            "as_at": self.as_at.isoformat() if self.as_at else None,
        }

    @classmethod
    def from_parameters(cls, parameters: dict[str, Any]) -> ReportRequest:
        quarter = parse_period(parameters["quarter"])
        if not isinstance(quarter, Quarter):
            raise ValueError(f"{parameters['quarter']} is not a quarter")
        as_at = parameters.get("as_at")
        return cls(
            int(parameters["plan_id"]),
            quarter,
            ReportFormat(parameters["format"]),
            exceptions_only=bool(parameters["exceptions_only"]),
            as_at=dt.date.fromisoformat(as_at) if as_at else None,
        )


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
        records_actions=True,
        standings=inputs.standings,
    )


def report_key(user: User, wanted: ReportRequest, changed: dt.datetime | None) -> str:
    """The identity of a report: everything it shows. The request (plan, quarter, format,
    exceptions only, as at), what the user may see (their role: a councillor sees published
    figures only), and ``changed``, when any of its inputs last changed
    (``scrutiny.selectors.latest_change``)."""
    stamp = changed.isoformat() if changed else "never"
    raw = "|".join(
        [
            str(wanted.plan_id),
            str(wanted.quarter),
            wanted.fmt.value,
            str(wanted.exceptions_only),
            wanted.as_at.isoformat() if wanted.as_at else "",
            user.role,
            stamp,
        ]
    )
    return hashlib.sha256(raw.encode()).hexdigest()
