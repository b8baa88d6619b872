"""Scrutiny in the browser: the performance team records an action at the demonstration OSMB
meeting, its owner updates it, and it appears in the pack for the board's next meeting. Every
scrutiny page passes axe-core with no violations. Screenshots go to var/screenshots/."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from councilstat.web.demo.council import load_demo
from councilstat.web.demo.scrutiny import load_demo_meeting
from councilstat.web.scrutiny.models import Meeting
from tests.e2e.helpers import check_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "Share the sickness absence workshop findings with every directorate"
HR_OWNER = "Assistant Director, Human Resources and Organisational Development"


def test_record_update_and_see_it_in_the_next_pack(live_server, page, screenshots):
    load_demo()
    meeting = load_demo_meeting()
    later = Meeting.objects.get(date=dt.date(2020, 2, 12))
    base = live_server.url
    due = dt.date.today() + dt.timedelta(days=30)

    sign_in(page, base, "performance")
    page.goto(f"{base}/scrutiny/")
    check_accessible(page, "scrutiny-meetings", screenshots)
    page.get_by_role("link", name="20 November 2019 Overview and Scrutiny Management Board").click()
    page.wait_for_load_state()
    assert "Members observed that performance on this measure had dipped" in page.content()
    check_accessible(page, "scrutiny-meeting", screenshots)
    page.get_by_role("link", name="Record an action", exact=True).click()
    page.wait_for_load_state()
    page.get_by_label("What was agreed").fill(DESCRIPTION)
    page.get_by_label("Owner").select_option(label=HR_OWNER)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_label("Measure (optional)").select_option(
        label="5D2 Days lost per FTE to sickness absence"
    )
    check_accessible(page, "scrutiny-record-action", screenshots)
    page.get_by_role("button", name="Record the action").click()
    page.wait_for_load_state()
    assert "Action recorded." in page.content()
    assert DESCRIPTION in page.content()
    page.goto(f"{base}/scrutiny/meetings/{meeting.pk}/minutes/")
    assert "Resolved: That the Overview and Scrutiny Management Board" in page.content()
    check_accessible(page, "scrutiny-minutes", screenshots)
    sign_out(page)

    sign_in(page, base, "owner")
    page.goto(f"{base}/scrutiny/actions/?owner=&show=open")
    check_accessible(page, "scrutiny-tracker", screenshots)
    page.get_by_role("link", name=DESCRIPTION).click()
    page.wait_for_load_state()
    check_accessible(page, "scrutiny-action", screenshots)
    page.get_by_label("On track").check()
    page.get_by_label("Progress note").fill("Findings sent to three of five directorates.")
    page.get_by_role("button", name="Save progress").click()
    page.wait_for_load_state()
    assert "Action updated: on track." in page.content()
    sign_out(page)

    sign_in(page, base, "councillor")
    page.goto(f"{base}/scrutiny/meetings/{later.pk}/")
    check_accessible(page, "scrutiny-next-meeting", screenshots)
    page.get_by_role("link", name="Pack as a web page (HTML)").click()
    page.wait_for_load_state()
    # A background job makes the pack (inline here); its page offers the file.
    page.get_by_role("link", name=re.compile(r"^Download .*-pack\.html$")).click()
    page.wait_for_load_state()
    pack = page.content()
    arising = pack.index("Actions arising from previous meetings")
    assert pack.index(DESCRIPTION, arising) > arising
    assert "Findings sent to three of five directorates." in pack
    assert "On track" in pack
    check_accessible(page, "scrutiny-pack", screenshots)
