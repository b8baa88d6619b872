"""Benchmarking in the browser: the performance team loads comparator files (a group's areas,
then values, with a bad row named) and links a measure to a national metric and group. (Setting
up the council itself is part of the whole year's journey, ``test_council_year``.) Every page
passes axe-core with no violations. Screenshots go to var/screenshots/."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import check_accessible, sign_in
from tests.integration import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = "area_code,area_name,subject\nE06000001,Anytown,yes\nE06000002,Otherton,no\n"
VALUES = (
    "area_code,area_name,metric,period,value\n"
    "E06000001,Anytown,ASC5,2018/19,81.0\n"
    "E06000002,Otherton,ASC5,2018/19,79.5\n"
    "Z06000003,Bad,ASC5,2018/19,70\n"
)


def test_load_comparator_files_and_link_a_measure(live_server, page, screenshots):
    organisation = factories.organisation("Anytown Borough Council")
    plan = factories.plan(organisation)
    factories.measure(plan, "2B6")
    factories.user(organisation, factories.Role.PERFORMANCE, username="performance")
    base = live_server.url

    sign_in(page, base, "performance", factories.PASSWORD)
    page.goto(f"{base}/benchmarking/")
    page.get_by_role("link", name="Load a comparator file").click()
    page.wait_for_load_state()
    page.get_by_role("radio", name="A comparator group's areas").check()
    page.get_by_label("Upload a CSV file").set_input_files(
        {"name": "neighbours.csv", "mimeType": "text/csv", "buffer": GROUP.encode()}
    )
    page.get_by_label("Group name").fill("Neighbours")
    check_accessible(page, "benchmarking-load", screenshots)
    page.get_by_role("button", name="Check and load the file").click()
    page.wait_for_load_state()
    assert "the group Neighbours has 2 areas" in page.content()

    page.get_by_role("link", name="Load a comparator file").click()
    page.wait_for_load_state()
    page.get_by_role("radio", name="Comparator values").check()
    page.get_by_label("Upload a CSV file").set_input_files(
        {"name": "asc.csv", "mimeType": "text/csv", "buffer": VALUES.encode()}
    )
    page.get_by_role("button", name="Check and load the file").click()
    page.wait_for_load_state()
    assert "asc.csv:4:area_code:" in page.inner_text("main")
    check_accessible(page, "benchmarking-load-problems", screenshots)
    page.get_by_role("radio", name="Comparator values").check()
    page.get_by_label("Upload a CSV file").set_input_files(
        {"name": "asc.csv", "mimeType": "text/csv", "buffer": VALUES.rsplit("Z06", 1)[0].encode()}
    )
    page.get_by_role("button", name="Check and load the file").click()
    page.wait_for_load_state()
    assert "2 new and 0 changed values" in page.content()

    page.get_by_role("link", name="Compare a measure with a national metric").click()
    page.wait_for_load_state()
    page.get_by_label("Measure", exact=True).select_option(
        label="2B6 Measure 2B6 (Council Plan 2019-20)"
    )
    page.get_by_label("National metric").select_option("ASC5")
    page.get_by_label("The metric's published name").fill("Feel safe")
    page.get_by_label("Comparator group").select_option(label="Neighbours")
    check_accessible(page, "benchmarking-link", screenshots)
    page.get_by_role("button", name="Save the link").click()
    page.wait_for_load_state()
    assert "Anytown is 1st of 2 nearest neighbours." in page.content()
    check_accessible(page, "benchmarking-linked", screenshots)
