"""Background jobs in the browser: a councillor asks for a report from the overview, lands on the
job page with the download, and finds it under "My jobs"; a job being prepared shows a progress
bar that keeps itself up to date, then the download, and a failed one says why. Every page passes axe and reflows at 320 px.
Jobs run inline here (immediate mode), as on the embedded default."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from councilstat.web.accounts.models import Role
from councilstat.web.jobs.models import Job, Kind, State
from tests.e2e.helpers import check_accessible
from tests.integration import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base, username):
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _reflows(page):
    """No horizontal scrolling at 320 CSS pixels."""
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_report_job_from_asking_to_downloading(live_server, page, screenshots):
    org = factories.organisation("Anytown Borough Council")
    plan = factories.plan(org)
    measure = factories.measure(plan, "1A1")
    factories.target(measure, "2019/20", 80)
    factories.observation(measure, "2019/20 Q1", 70)
    factories.observation(measure, "2019/20 Q2", 75)
    factories.period_return(plan, "2019/20 Q2")
    councillor = factories.user(org, Role.COUNCILLOR, username="councillor")
    base = live_server.url

    _sign_in(page, base, "councillor")
    page.goto(f"{base}/plans/{plan.pk}/2019-20-q2/")
    page.get_by_role(
        "link", name="Web page (HTML) of the performance report for 2019/20 Q2"
    ).click()
    page.wait_for_load_state()
    expect(
        page.get_by_role("heading", name="Performance report, Quarter 2 2019/20 (HTML)")
    ).to_be_visible()
    download = page.get_by_role("link", name="Download report-2019-20-q2.html")
    assert download.get_attribute("href").endswith("/file")
    check_accessible(page, "job-done", screenshots)
    _reflows(page)

    page.get_by_role("link", name="My jobs").first.click()
    page.wait_for_load_state()
    assert "Ready" in page.content()
    check_accessible(page, "my-jobs", screenshots)
    _reflows(page)

    waiting = Job.objects.create(
        organisation=org, owner=councillor, kind=Kind.REPORT, title="Exception report"
    )
    Job.objects.filter(pk=waiting.pk).update(
        progress_done=1, progress_total=3, progress_message="Assembling the report"
    )
    page.goto(f"{base}/jobs/{waiting.pk}/")
    assert page.get_by_label("Assembling the report").get_attribute("value") == "33"
    check_accessible(page, "job-running", screenshots)
    _reflows(page)
    # The page follows the job in place (no reload): its progress, then the finished page.
    page.evaluate("window.notReloaded = true")
    Job.objects.filter(pk=waiting.pk).update(progress_done=2, progress_message="Writing the file")
    page.get_by_label("Writing the file").wait_for(timeout=10_000)
    assert page.get_by_label("Writing the file").get_attribute("value") == "66"
    Job.objects.filter(pk=waiting.pk).update(
        state=State.DONE, result=b"<p>x</p>", result_name="exceptions.html", result_type="text/html"
    )
    page.get_by_role("link", name="Download exceptions.html").wait_for(timeout=10_000)
    assert page.evaluate("window.notReloaded") is True
    check_accessible(page, "job-finished-in-place", screenshots)

    failed = Job.objects.create(
        organisation=org,
        owner=councillor,
        kind=Kind.REPORT,
        title="Performance report",
        state=State.FAILED,
        error="The plan of this report is no longer there.",
    )
    page.goto(f"{base}/jobs/{failed.pk}/")
    assert (
        page.get_by_role("alert")
        .inner_text()
        .endswith("The plan of this report is no longer there.")
    )
    check_accessible(page, "job-failed", screenshots)
    _reflows(page)

    for title in ("A second", "A third", "A fourth"):  # 3 unfinished: the limit
        Job.objects.create(organisation=org, owner=councillor, kind=Kind.REPORT, title=title)
    page.goto(f"{base}/plans/{plan.pk}/2019-20-q2/")
    page.get_by_role(
        "link", name="PDF (tagged, A4) of the performance report for 2019/20 Q2"
    ).click()
    page.wait_for_load_state()
    expect(
        page.get_by_role("heading", name="You already have 3 reports being prepared")
    ).to_be_visible()
    check_accessible(page, "jobs-too-many", screenshots)
