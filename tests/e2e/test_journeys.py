"""An owner enters and submits a value, a director approves it, and the dashboard changes; the
main pages pass axe-core with no violations. Screenshots go to var/screenshots/."""

from __future__ import annotations

import re

import pytest

from councilstat.web.demo.council import load_demo
from councilstat.web.plans.models import Plan
from tests.e2e.helpers import check_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADLINE = re.compile(r"Of the (\d+) measures? with data and a target this quarter")


def rated_count(page, url):
    page.goto(url)
    return int(HEADLINE.search(page.content()).group(1))


def test_enter_submit_approve_and_see_the_dashboard_change(live_server, page, screenshots):
    load_demo()
    plan = Plan.objects.get()
    base = live_server.url
    q3_overview = f"{base}/plans/{plan.pk}/2019-20-q3/"

    sign_in(page, base, "owner")
    page.goto(f"{base}/collect/")
    page.get_by_role("link", name="Enter value for 5D7 2019/20 Q3").click()
    page.get_by_label("Value").first.fill("82")
    page.get_by_label("Commentary").fill("Completion rose to 82%; reminders sent to every manager.")
    check_accessible(page, "entry", screenshots)
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_load_state()
    assert "Submitted" in page.content()
    sign_out(page)

    sign_in(page, base, "director")
    before = rated_count(page, q3_overview)
    page.goto(f"{base}/collect/approvals/")
    page.get_by_role("button", name="Approve 5D7 2019/20 Q3").click()
    page.wait_for_load_state()
    after = rated_count(page, q3_overview)
    assert after == before + 1

    page.goto(f"{base}/plans/{plan.pk}/2019-20-q3/measures/5D7/")
    assert "82.0%" in page.content()


def test_main_pages_pass_axe(live_server, page, screenshots):
    load_demo()
    plan = Plan.objects.get()
    base = live_server.url
    sign_in(page, base, "performance")
    q2 = f"{base}/plans/{plan.pk}/2019-20-q2"
    page.goto(f"{q2}/")
    assert "28 (52%) met or exceeded their target, compared with 55% in Quarter 1" in page.content()
    check_accessible(page, "overview", screenshots)
    page.get_by_role("link", name=re.compile(r"^Whole year")).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/plans/{plan.pk}/years/2019-20/")
    assert "Performance for the year 2019/20" in page.content()
    check_accessible(page, "year", screenshots)
    page.goto(f"{q2}/exceptions/")
    check_accessible(page, "exceptions", screenshots)
    page.goto(f"{q2}/measures/1A8/")
    assert "79.3%" in page.content()
    check_accessible(page, "measure", screenshots)
    page.goto(f"{base}/")
    check_accessible(page, "start", screenshots)
