"""What the dashboards draw and assemble from what the selectors read: the quarter pages'
rows, the measure page's charts, and the committee report.

Selectors query, presenters never do: a quarter page's row per measure and card per exception
are drawn from ``selectors.quarter_figures`` once and kept with those figures (so a warm page
costs no drawing that grows with the plan); the measure page's charts are drawn from
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
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.template import loader
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

from councilstat.core import plan as core
from councilstat.core.benchmark import GroupPosition
from councilstat.core.measure_statistics import MeasureStatistics
from councilstat.core.periods import Quarter, parse_period
from councilstat.core.summary import PriorityExceptions
from councilstat.reports.charts.data import TrendPoint
from councilstat.reports.charts.spc import ChartSvg, spc_chart_svg
from councilstat.reports.charts.trend import Chart, trend_chart
from councilstat.reports.enquiry import exception_enquiries
from councilstat.reports.model import ActionItem, CommitteeReport, build_report
from councilstat.reports.render import ReportFormat
from councilstat.reports.words import period_noun
from councilstat.web.accounts.models import User
from councilstat.web.common.converters import period_slug
from councilstat.web.dashboards.selectors import MeasureFigures, QuarterFigures, ReportInputs
from councilstat.web.dashboards.templatetags.statistics import present
from councilstat.web.scrutiny.presenters import MeasureScrutiny, ScrutinyPresenter

__all__ = [
    "ExceptionCard",
    "MeasureCharts",
    "ReportRequest",
    "committee_report",
    "exception_cards",
    "measure_charts",
    "measure_rows",
    "report_key",
]

# The quarter pages' rows -----------------------------------------------------------------
#
# A large plan's quarter page draws a row per measure (a card per exception). Each is drawn
# once, from the quarter's figures alone, and kept with them (``QuarterFigures.kept``): the
# figures are kept under a stamp of everything they are computed from, the user's scope
# included, so a kept row is forgotten exactly when its figures are. The key beside it holds
# what else the drawing depends on: the template as loaded (a new object when a template file
# changes under ``runserver``), the plan and quarter of its links and the site's path prefix.


def _draw(template_name: str, context: dict[str, Any]) -> SafeString:
    """A fragment drawn without the request (nothing of the user's but their figures)."""
    return mark_safe(loader.render_to_string(template_name, context).strip())  # noqa: S308


def _templates(*names: str) -> tuple[object, ...]:
    """The templates as loaded now: part of a kept fragment's key."""
    return tuple(loader.get_template(name).template for name in names)  # type: ignore[attr-defined]


def measure_rows(
    figures: QuarterFigures, plan_id: int, quarter: Quarter
) -> Mapping[str, SafeString]:
    """Each of the quarter's measures as its row of a measure table
    (``dashboards/_measure_row.html``), by code, drawn once and kept with the figures."""
    key = (_templates("dashboards/_measure_row.html"), plan_id, str(quarter), get_script_prefix())

    def draw() -> dict[str, SafeString]:
        return {
            a.measure.code: _draw(
                "dashboards/_measure_row.html",
                {
                    "a": a,
                    "s": present(figures.statistics, a),
                    "plan_id": plan_id,
                    "quarter": quarter,
                },
            )
            for a in figures.summary.assessments
        }

    return figures.kept("measure rows", key, draw)


@dataclass(frozen=True)
class ExceptionCard:
    """The parts of an exception's card on the exceptions page (``_exception_cards.html``):
    its title (the measure and its rating), its figures, its lines of enquiry and what the
    boards asked about it, each drawn."""

    title: SafeString
    figures: SafeString
    enquiry: SafeString
    scrutiny: SafeString


def _exception_figures(
    figures: QuarterFigures, plan_id: int, quarter: Quarter
) -> dict[str, tuple[SafeString, SafeString]]:
    """Each exception's title and figures, by code, drawn once and kept with the figures."""
    names = ("dashboards/_exception_title.html", "dashboards/_exception_figures.html")
    key = (_templates(*names), plan_id, str(quarter), get_script_prefix())

    def draw() -> dict[str, tuple[SafeString, SafeString]]:
        drawn = {}
        for group in figures.summary.exceptions:
            for a in group.assessments:
                context = {
                    "a": a,
                    "s": present(figures.statistics, a),
                    "plan_id": plan_id,
                    "quarter": quarter,
                }
                drawn[a.measure.code] = (_draw(names[0], context), _draw(names[1], context))
        return drawn

    return figures.kept("exception figures", key, draw)


def _enquiries(
    figures: QuarterFigures,
    standings: Mapping[str, GroupPosition],
    actions: Mapping[str, Sequence[ActionItem]],
    key: Hashable,
) -> dict[str, SafeString]:
    """Each exception's lines of enquiry (``reports.enquiry``), drawn, by code: kept with the
    figures while the comparator standings and actions (``key``) are the same."""

    def draw() -> dict[str, SafeString]:
        reds = [a for group in figures.summary.exceptions for a in group.assessments]
        lines = exception_enquiries(
            figures.plan, reds, figures.statistics, standings=standings, actions=actions
        )
        return {
            code: _draw("dashboards/_enquiry.html", {"lines": found, "code": code})
            for code, found in lines.items()
        }

    return figures.kept("enquiries", (_templates("dashboards/_enquiry.html"), key), draw)


def exception_cards(
    figures: QuarterFigures,
    plan_id: int,
    quarter: Quarter,
    *,
    standings: Mapping[str, GroupPosition],
    scrutiny: ScrutinyPresenter,
) -> list[tuple[PriorityExceptions, SafeString]]:
    """The quarter's exceptions by priority, each priority's cards drawn
    (``_exception_cards.html``) and kept with the figures while the lines of enquiry and what
    the boards asked are the same: the comparator standings and actions, and what the boards
    asked about each exception (drawn for each request, for the few with any), are the key."""
    actions = scrutiny.report_actions()
    enquiry_key = (
        tuple(sorted(standings.items())),
        tuple(sorted((code, tuple(items)) for code, items in actions.items())),
    )
    found = scrutiny.by_code()
    codes = [a.measure.code for group in figures.summary.exceptions for a in group.assessments]
    asked = {code: _scrutiny(found[code]) for code in codes if code in found}
    key = (
        _templates("dashboards/_exception_cards.html", "scrutiny/_measure_scrutiny.html"),
        plan_id,
        str(quarter),
        get_script_prefix(),
        enquiry_key,
        tuple(asked.items()),
    )

    def draw() -> list[tuple[PriorityExceptions, SafeString]]:
        drawn = _exception_figures(figures, plan_id, quarter)
        enquiries = _enquiries(figures, standings, actions, enquiry_key)
        nothing = _scrutiny(None)
        return [
            (
                group,
                _draw(
                    "dashboards/_exception_cards.html",
                    {
                        "cards": [
                            ExceptionCard(
                                *drawn[a.measure.code],
                                enquiry=enquiries[a.measure.code],
                                scrutiny=asked.get(a.measure.code, nothing),
                            )
                            for a in group.assessments
                        ]
                    },
                ),
            )
            for group in figures.summary.exceptions
        ]

    return figures.kept("exception cards", key, draw)


def _scrutiny(found: MeasureScrutiny | None) -> SafeString:
    return _draw("scrutiny/_measure_scrutiny.html", {"scrutiny": found, "level": 4})


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
