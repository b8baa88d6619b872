"""A council starts in the browser: the service administrator creates it, its first
performance-team user accepts the e-mailed invitation (chooses a password, signs in), invites a
colleague and sets the national comparator area; then loads comparator files and links a measure
to a national metric. Every page passes axe-core with no violations. Screenshots go to
var/screenshots/."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from councilstat.web.accounts.models import Organisation, User
from tests.e2e.helpers import check_accessible, sign_out
from tests.integration import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "service-administrator-passphrase"  # noqa: S105  (tests only)
NEW_PASSWORD = "anytown-performance-2025"  # noqa: S105  (tests only)
LINK = re.compile(r"https?://\S+/accounts/invitation/\S+/")


def sign_in_as(page, base, username, password):
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def invitation_link(message, base):
    """The e-mailed link, pointed at the live server."""
    found = LINK.search(message.body)
    assert found is not None, message.body
    return base + "/" + found.group(0).split("/", 3)[3]


def test_create_a_council_accept_the_invitation_and_sign_in(live_server, page, screenshots):
    User.objects.create_superuser("service", "service@councilstat.example", ADMIN_PASSWORD)
    base = live_server.url

    sign_in_as(page, base, "service", ADMIN_PASSWORD)
    assert page.get_by_role("heading", name="Councils").is_visible()
    page.get_by_role("link", name="Create a council").click()
    page.wait_for_load_state()
    page.get_by_label("Council name").fill("Anytown Borough Council")
    page.get_by_label("E-mail address of its first performance-team user").fill(
        "lead@anytown.example"
    )
    page.get_by_label("Their first name").fill("Priya")
    check_accessible(page, "setup-new-council", screenshots)
    page.get_by_role("button", name="Create the council and send the invitation").click()
    page.wait_for_load_state()
    assert "Anytown Borough Council was created" in page.content()
    check_accessible(page, "setup-councils", screenshots)
    sign_out(page)

    assert [m.to for m in mail.outbox] == [["lead@anytown.example"]]
    link = invitation_link(mail.outbox[0], base)
    page.goto(link)
    page.wait_for_load_state()
    assert "Your username is lead@anytown.example" in page.inner_text("main")
    check_accessible(page, "setup-accept-invitation", screenshots)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save your password").click()
    page.wait_for_load_state()
    assert "Your password has been saved" in page.content()
    check_accessible(page, "setup-sign-in-after-invitation", screenshots)

    sign_in_as(page, base, "lead@anytown.example", NEW_PASSWORD)
    assert "Signed in as" in page.content()
    assert "Anytown Borough Council" in page.content()  # the service name is the council's

    # The link worked once.
    page.goto(link)
    assert "This invitation link does not work" in page.content()
    check_accessible(page, "setup-used-invitation", screenshots)

    # The new performance team invites a colleague and sets the national comparator area.
    page.goto(f"{base}/manage/directorates/new/")
    page.get_by_label("Directorate name").fill("Adult Care")
    page.get_by_role("button", name="Save the directorate").click()
    page.wait_for_load_state()
    check_accessible(page, "setup-directorates", screenshots)
    page.goto(f"{base}/manage/users/new/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("E-mail address").fill("sam@anytown.example")
    page.get_by_role("radio", name="Director").check()
    page.get_by_label("Directorate (optional)").select_option(label="Adult Care")
    check_accessible(page, "setup-new-user", screenshots)
    page.get_by_role("button", name="Add the user and send the invitation").click()
    page.wait_for_load_state()
    assert "sam was added. An invitation to choose a password was sent" in page.content()
    check_accessible(page, "setup-users", screenshots)
    assert mail.outbox[-1].to == ["sam@anytown.example"]

    page.goto(f"{base}/manage/council/")
    page.get_by_role("radio", name="Wales").check()
    check_accessible(page, "setup-council-settings", screenshots)
    page.get_by_role("button", name="Save the settings").click()
    page.wait_for_load_state()
    assert "Comparisons now show the figure for Wales" in page.content()
    assert Organisation.objects.get().national_area == "W92000004"


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

    sign_in_as(page, base, "performance", factories.PASSWORD)
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
