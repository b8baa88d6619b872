"""A council's whole year in the browser, from an empty database, with no shell.

The database has only its migrations. The deployer creates the service administrator with
Django's own ``manage.py createsuperuser`` (run here through ``call_command``, as a deployer
would run it, with its password in ``DJANGO_SUPERUSER_PASSWORD``); everything after that is done
in the browser, and the e-mails are read from Django's mail outbox:

1. the service administrator creates the council and its first performance-team user, who
   accepts the e-mailed invitation, signs in, sets the national comparator area, adds a
   directorate and imports the plan from its CSV files;
2. the performance team invites two measure owners and a director, who accept their
   invitations, and gives each measure its owner;
3. the team opens Q1 with a deadline; the owners enter values (one red, with commentary); the
   team follows the progress; the director returns one value, its owner corrects it, and the
   director approves; the team publishes after the missing-values warning; the public page
   shows the quarter, provisional;
4. the team starts next year's plan with one measure renamed and renumbered (mapped to last
   year's) and one retired, sets the new targets and imports the new year's first value, which
   the director approves; the measure's page shows its history joined across the two years.

Every page visited passes axe-core; screenshots go to var/screenshots/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from tests.e2e.helpers import (
    check_accessible,
    choose_password,
    csv_file,
    fill_date,
    invitation_link,
    sign_in,
    sign_out,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERVICE_PASSWORD = "service-administrator-passphrase"  # noqa: S105  (tests only)
PASSWORD = "a-council-of-our-own-2025"  # noqa: S105  (tests only)
COUNCIL = "Anytown Borough Council"
LEAD = "lead@anytown.example"
PLAN = "Anytown Plan 2025-26"
NEXT_PLAN = "Anytown Plan 2026-27"
RENAMED = "Adults completing drug treatment"

MEASURES = [
    "code,title,priority,priority_title,outcome,outcome_title,unit,polarity,frequency,tolerance,"
    "directorate",
    "1A1,Families contacted in 3 days,1,Best start,1.A,Safe at home,percent,higher,quarterly,5%,"
    "People",
    "1A2,Child protection plans reviewed on time,1,Best start,1.A,Safe at home,percent,higher,"
    "quarterly,5%,People",
    "2A1,Drug treatment completions,2,Healthy adults,2.A,Healthy lives,percent,higher,quarterly,"
    "5%,People",
]
TARGETS = ["code,period,target", "1A1,2025/26,80", "1A2,2025/26,80", "2A1,2025/26,80"]
PLAN_DETAILS = ["organisation,title", f"{COUNCIL},{PLAN}"]
PEOPLE = (  # username, first name, last name, role
    ("ann", "Ann", "Owner", "Measure owner"),
    ("bob", "Bob", "Owner", "Measure owner"),
    ("dee", "Dee", "Director", "Director"),
)
OWNERS = {"1A1": "ann", "1A2": "ann", "2A1": "bob"}


def as_user(page, base, username, password=PASSWORD):
    sign_in(page, base, username, password)
    assert "Signed in as" in page.content(), username


def create_the_council(page, base, screenshots, monkeypatch) -> None:
    """The deployer's one command, then the service administrator's pages."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", SERVICE_PASSWORD)
    call_command(
        "createsuperuser",
        interactive=False,
        username="service",
        email="service@councilstat.example",
        verbosity=0,
    )
    as_user(page, base, "service", SERVICE_PASSWORD)
    assert page.get_by_role("heading", name="Councils").is_visible()
    check_accessible(page, "year-councils-empty", screenshots)
    page.get_by_role("link", name="Create a council").click()
    page.wait_for_load_state()
    page.get_by_label("Council name").fill(COUNCIL)
    page.get_by_label("E-mail address of its first performance-team user").fill(LEAD)
    page.get_by_label("Their first name").fill("Priya")
    check_accessible(page, "year-new-council", screenshots)
    page.get_by_role("button", name="Create the council and send the invitation").click()
    page.wait_for_load_state()
    assert f"{COUNCIL} was created" in page.content()
    check_accessible(page, "year-councils", screenshots)
    sign_out(page)


def accept_the_first_invitation(page, base, screenshots) -> None:
    assert [m.to for m in mail.outbox] == [[LEAD]]
    link = invitation_link(mail.outbox[0], base)
    page.goto(link)
    assert f"Your username is {LEAD}" in page.inner_text("main")
    check_accessible(page, "year-accept-invitation", screenshots)
    choose_password(page, link, PASSWORD)
    check_accessible(page, "year-password-saved", screenshots)
    as_user(page, base, LEAD)
    assert COUNCIL in page.content()  # the service is named after the council
    page.goto(link)
    assert "This invitation link does not work" in page.content()  # it worked once
    check_accessible(page, "year-used-invitation", screenshots)


def import_the_plan(page, base, screenshots) -> None:
    """The national comparator area, a directorate, then the plan from its CSV files, selected
    together."""
    page.get_by_role("link", name="Manage").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Council settings").click()
    page.wait_for_load_state()
    page.get_by_role("radio", name="Wales").check()
    check_accessible(page, "year-council-settings", screenshots)
    page.get_by_role("button", name="Save the settings").click()
    page.wait_for_load_state()
    assert "Comparisons now show the figure for Wales" in page.content()

    page.goto(f"{base}/manage/directorates/new/")
    page.get_by_label("Directorate name").fill("People")
    check_accessible(page, "year-new-directorate", screenshots)
    page.get_by_role("button", name="Save the directorate").click()
    page.wait_for_load_state()
    check_accessible(page, "year-directorates", screenshots)

    page.goto(f"{base}/collect/import/")
    page.get_by_label("A whole plan").check()
    page.get_by_label("Upload a file").set_input_files(
        [
            csv_file("measures.csv", MEASURES),
            csv_file("targets.csv", TARGETS),
            csv_file("plan.csv", PLAN_DETAILS),
        ]
    )
    check_accessible(page, "year-plan-import", screenshots)
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()
    assert f"The whole plan “{PLAN}”" in page.content()
    check_accessible(page, "year-plan-import-preview", screenshots)
    page.get_by_role("button", name="Confirm import").click()
    page.wait_for_load_state()
    assert "measures.csv, targets.csv, plan.csv was imported" in page.content()


def invite_the_people(page, base, screenshots) -> None:
    """Two owners and a director are invited and accept; each measure gets its owner."""
    for username, first, last, role in PEOPLE:
        page.goto(f"{base}/manage/users/new/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("First name").fill(first)
        page.get_by_label("Last name").fill(last)
        page.get_by_label("E-mail address").fill(f"{username}@anytown.example")
        page.get_by_role("radio", name=role).check()
        page.get_by_label("Directorate (optional)").select_option(label="People")
        if username == "ann":
            check_accessible(page, "year-new-user", screenshots)
        page.get_by_role("button", name="Add the user and send the invitation").click()
        page.wait_for_load_state()
        assert f"{username} was added. An invitation to choose a password was sent" in (
            page.content()
        )
    check_accessible(page, "year-users", screenshots)

    for code, username in OWNERS.items():
        page.goto(f"{base}/manage/")
        page.get_by_role("link", name=f"Measure {code}", exact=True).click()
        page.wait_for_load_state()
        page.get_by_label("Owner").select_option(label=username)
        page.get_by_label("Reason for the change").fill("Owners agreed by the leadership team")
        if code == "1A1":
            check_accessible(page, "year-edit-measure", screenshots)
        page.get_by_role("button", name="Save the change").click()
        page.wait_for_load_state()
        assert f"{code} was updated." in page.content()
    check_accessible(page, "year-manage", screenshots)
    sign_out(page)

    invitations = {m.to[0]: m for m in mail.outbox[1:]}
    for username, *_ in PEOPLE:
        message = invitations[f"{username}@anytown.example"]
        choose_password(page, invitation_link(message, base), PASSWORD)


def enter_value(page, code: str, value: str, commentary: str = "") -> None:
    page.get_by_role("link", name=f"Enter value for {code} 2025/26 Q1").click()
    page.wait_for_load_state()
    page.get_by_label("Value").first.fill(value)
    if commentary:
        page.get_by_label("Commentary").fill(commentary)
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_load_state()


def open_q1(page, base, screenshots, deadline: dt.date) -> None:
    """The performance team opens 2025/26 Q1 for entry with its deadline."""
    as_user(page, base, LEAD)
    page.get_by_role("link", name="Collection rounds").click()
    page.wait_for_load_state()
    check_accessible(page, "year-rounds-empty", screenshots)
    page.get_by_role("button", name="Open 2025/26 Q1 for entry").click()
    page.wait_for_load_state()
    assert page.get_by_label("Quarter").input_value() == "2025/26 Q1"
    fill_date(page, deadline)
    check_accessible(page, "year-open-round", screenshots)
    page.get_by_role("button", name="Open for entry").click()
    page.wait_for_load_state()
    content = page.content()
    assert "2025/26 Q1 is open for entry until" in content
    assert "3 values due" in content
    check_accessible(page, "year-progress-opened", screenshots)
    sign_out(page)


def owners_enter_values(page, base, screenshots, deadline: dt.date) -> None:
    """Two owners land on what is due; one value is red and needs commentary."""
    as_user(page, base, "ann")
    content = page.content()
    assert "My measures due for 2025/26 Q1" in content
    assert "You have 2 values to enter by" in content or "2 values are overdue" in content
    assert f"{deadline.day} {deadline:%B %Y}" in content
    check_accessible(page, "year-my-measures", screenshots)
    enter_value(page, "1A1", "84")
    assert "1A1 2025/26 Q1: 84.0% submitted for approval." in page.content()
    check_accessible(page, "year-entry-submitted", screenshots)
    sign_out(page)

    as_user(page, base, "bob")
    enter_value(page, "2A1", "60")
    assert "This value is off target (red): explain why and what is being done" in page.content()
    check_accessible(page, "year-entry-red", screenshots)
    page.get_by_label("Commentary").fill("Two teams short-staffed; agency cover from July.")
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_load_state()
    assert "2A1 2025/26 Q1: 60.0% submitted for approval." in page.content()
    sign_out(page)


def see_progress(page, base, screenshots) -> None:
    as_user(page, base, LEAD)
    page.get_by_role("link", name="Collection rounds").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Progress of 2025/26 Q1").click()
    page.wait_for_load_state()
    counts = page.get_by_role("table").first
    assert counts.get_by_role("cell").all_inner_texts() == ["1", "0", "2", "0", "0", "0"]
    page.get_by_label("Owner").select_option(label="Bob Owner")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    content = page.content()
    assert "1 value due from Bob Owner" in content
    assert "2A1 <span" in content
    check_accessible(page, "year-progress", screenshots)
    page.goto(f"{base}/collect/approvals/")
    assert "Waiting for approval, in every directorate" in page.content()
    check_accessible(page, "year-approvals-performance", screenshots)
    sign_out(page)


def return_then_approve(page, base, screenshots) -> None:
    as_user(page, base, "dee")
    page.goto(f"{base}/collect/approvals/")
    page.get_by_role("link", name="Return 2A1 2025/26 Q1").click()
    page.wait_for_load_state()
    page.get_by_label("Why are you returning this value?").fill("Check the agency hours.")
    check_accessible(page, "year-return", screenshots)
    page.get_by_role("button", name="Return the value").click()
    page.wait_for_load_state()
    assert "2A1 2025/26 Q1 returned to its owner." in page.content()
    sign_out(page)

    as_user(page, base, "bob")
    page.get_by_role("link", name="Change value for 2A1 2025/26 Q1").click()
    page.wait_for_load_state()
    assert "Returned by the director: Check the agency hours." in page.content()
    check_accessible(page, "year-entry-returned", screenshots)
    page.get_by_label("Value").first.fill("62")
    page.get_by_label("Commentary").fill("Two teams short-staffed; agency hours now included.")
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_load_state()
    assert "2A1 2025/26 Q1: 62.0% submitted for approval." in page.content()
    sign_out(page)

    as_user(page, base, "dee")
    page.goto(f"{base}/collect/approvals/")
    check_accessible(page, "year-approvals", screenshots)
    for code in ("1A1", "2A1"):
        page.get_by_role("button", name=f"Approve {code} 2025/26 Q1").click()
        page.wait_for_load_state()
        assert f"{code} 2025/26 Q1 approved." in page.content()
    sign_out(page)


def publish_after_the_warning(page, base, screenshots) -> None:
    as_user(page, base, LEAD)
    page.get_by_role("link", name="Collection rounds").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Publish 2025/26 Q1").click()
    page.wait_for_load_state()
    content = page.content()
    assert "1 of the 3 values due has no approved value" in content
    assert "1A2 2025/26 Q1: Child protection plans reviewed on time, Ann Owner" in content
    check_accessible(page, "year-publish", screenshots)
    page.get_by_role("button", name="Publish 2025/26 Q1").click()
    page.wait_for_load_state()
    assert "1 value due is missing: tick the box to publish without them" in page.content()
    check_accessible(page, "year-publish-confirm", screenshots)
    page.get_by_label("Publish with 1 value due missing").check()
    page.get_by_role("button", name="Publish 2025/26 Q1").click()
    page.wait_for_load_state()
    assert "2025/26 Q1 published: 2 values." in page.content()
    check_accessible(page, "year-published", screenshots)
    sign_out(page)


def see_the_public_page(page, base, screenshots) -> None:
    page.goto(f"{base}/public/")
    page.get_by_role("link", name=COUNCIL).click()
    page.wait_for_load_state()
    content = page.content()
    assert "Performance at a glance: 2025/26 Q1" in content
    assert "Provisional: 2 of 3 measures due have reported." in content
    check_accessible(page, "year-public", screenshots)


def start_next_year(page, base, screenshots) -> None:
    """2A1 is renamed and renumbered 2B1 (mapped to last year's), 1A2 retired; new targets."""
    as_user(page, base, LEAD)
    page.goto(f"{base}/manage/")
    page.get_by_role("link", name=f"Start next year's plan from {PLAN}").click()
    page.wait_for_load_state()
    assert page.get_by_label("Title of next year's plan").input_value() == NEXT_PLAN
    page.get_by_label("Code of 2A1 next year").fill("2B1")
    page.get_by_label("Title of 2A1 next year").fill(RENAMED)
    page.get_by_label("What happens to 1A2 next year").select_option(label="Retire")
    check_accessible(page, "year-next-year", screenshots)
    page.get_by_role("button", name="Start next year's plan").click()
    page.wait_for_load_state()
    assert f"{NEXT_PLAN} was started with 2 measures" in page.content()

    assert "Targets for 2026/27" in page.content()
    assert "Last year 2A1 Drug treatment completions" in page.content()
    page.get_by_label("Target for 2026/27 for 2B1").fill("80")
    page.get_by_label("Target for 2026/27 for 1A1").fill("85%")
    check_accessible(page, "year-next-year-targets", screenshots)
    page.get_by_role("button", name="Save the targets").click()
    page.wait_for_load_state()
    assert "The targets for 2026/27 were saved: 2 set." in page.content()

    # Which measure continues which, as the officer mapped it.
    page.goto(f"{base}/manage/")
    page.get_by_role("link", name=f"which measure continues which in {NEXT_PLAN}").click()
    page.wait_for_load_state()
    chosen = page.get_by_label("Last year's measure that 2B1 continues")
    assert chosen.evaluate("select => select.selectedOptions[0].text") == (
        "2A1 Drug treatment completions"
    )
    check_accessible(page, "year-continues", screenshots)


def the_new_years_first_value(page, base, screenshots) -> None:
    """Imported by the performance team, approved by the director (separation of duties)."""
    page.goto(f"{base}/collect/import/")
    page.get_by_label("Values for an existing plan").check()
    page.get_by_label("Plan (optional)").select_option(label=NEXT_PLAN)
    page.get_by_label("Upload a file").set_input_files(
        [csv_file("values.csv", ["code,period,value", "2B1,2026/27 Q1,81"])]
    )
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()
    check_accessible(page, "year-values-import-preview", screenshots)
    page.get_by_role("button", name="Confirm import").click()
    page.wait_for_load_state()
    assert "values.csv was imported" in page.content()
    sign_out(page)

    as_user(page, base, "dee")
    page.goto(f"{base}/collect/approvals/")
    page.get_by_role("button", name="Approve 2B1 2026/27 Q1").click()
    page.wait_for_load_state()
    assert "2B1 2026/27 Q1 approved." in page.content()
    sign_out(page)


def the_history_joined(page, base, screenshots) -> None:
    """The renamed measure's page lists both years' values as one series."""
    as_user(page, base, LEAD)
    page.goto(f"{base}/")
    start = page.get_by_role("region", name=NEXT_PLAN).get_by_role("button")
    assert start.inner_text().strip() == "View the 2026/27 Q1 overview"
    start.click()
    page.wait_for_load_state()
    check_accessible(page, "year-next-overview", screenshots)
    page.get_by_role("link", name="2. Healthy adults").click()
    page.wait_for_load_state()
    check_accessible(page, "year-next-priority", screenshots)
    page.get_by_role("link", name="2B1", exact=True).click()
    page.wait_for_load_state()
    content = page.content()
    assert RENAMED in content
    assert f"in {PLAN} it was" in content
    history = page.get_by_role("table", name="Every period's value and target")
    rows = [" ".join(row.split()) for row in history.locator("tbody tr").all_inner_texts()]
    assert [row.split(" ")[:2] for row in rows] == [["2025/26", "Q1"], ["2026/27", "Q1"]]
    assert rows[0].startswith("2025/26 Q1 62.0% 80.0%")
    assert f"Reported as 2A1 in {PLAN}" in rows[0]
    assert rows[1].startswith("2026/27 Q1 81.0% 80.0%")
    check_accessible(page, "year-measure-joined", screenshots)


def test_a_councils_whole_year_from_an_empty_database(live_server, page, screenshots, monkeypatch):
    base = live_server.url
    deadline = dt.date(2025, 7, 31)
    create_the_council(page, base, screenshots, monkeypatch)
    accept_the_first_invitation(page, base, screenshots)
    import_the_plan(page, base, screenshots)
    invite_the_people(page, base, screenshots)
    open_q1(page, base, screenshots, deadline)
    owners_enter_values(page, base, screenshots, deadline)
    see_progress(page, base, screenshots)
    return_then_approve(page, base, screenshots)
    publish_after_the_warning(page, base, screenshots)
    see_the_public_page(page, base, screenshots)
    start_next_year(page, base, screenshots)
    the_new_years_first_value(page, base, screenshots)
    the_history_joined(page, base, screenshots)
