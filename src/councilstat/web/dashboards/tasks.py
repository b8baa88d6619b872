"""The committee report as a background job: read what the job's owner may see, assemble the
report and render it in the format asked for. ``apps.DashboardsConfig.ready`` registers it, so
the web processes (immediate mode) and the worker both know it; the heavy imports wait for the
first report."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from councilstat.web.accounts.policy import Permission, require
from councilstat.web.jobs.models import Job, Kind
from councilstat.web.jobs.services import JobError, JobFile, handler, progress

if TYPE_CHECKING:
    from councilstat.web.accounts.models import User
    from councilstat.web.dashboards.presenters import ReportRequest

__all__ = ["make_report", "report_content"]


def report_content(
    user: User, wanted: ReportRequest, step: Callable[[int, str], None] | None = None
) -> bytes:
    """The committee report ``wanted`` describes, as ``user`` may see it, rendered: what the
    job makes (and the backup drill re-creates). ``step(n, words)`` hears of each of 3 steps."""
    from django.http import Http404

    from councilstat.reports.render import render
    from councilstat.web.dashboards import selectors
    from councilstat.web.dashboards.presenters import committee_report
    from councilstat.web.plans.selectors import get_plan

    def say(done: int, words: str) -> None:
        if step is not None:
            step(done, words)

    try:
        plan = get_plan(user, wanted.plan_id)
    except Http404:
        raise JobError("The plan of this report is no longer there.") from None
    require(user, Permission.DOWNLOAD_REPORT, plan)
    say(0, "Reading the figures")
    inputs = selectors.report_inputs(user, plan, wanted.as_at, wanted.quarter)
    say(1, "Assembling the report")
    report = committee_report(inputs, wanted, plan.organisation.name)
    say(2, f"Writing the {wanted.fmt.value.upper()} file")
    return render(report, wanted.fmt)


@handler(Kind.REPORT)
def make_report(job: Job) -> JobFile:
    """Render the report ``job.parameters`` describe (``presenters.ReportRequest``) for
    ``job.owner``, with the figures that user may see."""
    from councilstat.web.dashboards.presenters import ReportRequest

    if job.owner is None:
        raise JobError("A committee report is always made for someone; this job has no owner.")
    wanted = ReportRequest.from_parameters(job.parameters)
    content = report_content(job.owner, wanted, lambda done, words: progress(job, done, 3, words))
    return JobFile(content, wanted.filename, wanted.fmt.media_type)
