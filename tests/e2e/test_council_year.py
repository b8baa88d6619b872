"""A council's own year in the browser, with no shell.

This part runs a quarter from opening to the public page: the performance team opens Q1 with a
deadline; two owners enter values (one red, with commentary); the team follows the progress; the
director returns one value and approves; the team publishes after the missing-values warning;
the public page shows the quarter, marked provisional. Every page passes axe-core.

It starts from a council with its plan (the set-up and plan import in the browser come first in
the whole year's journey); screenshots go to var/screenshots/.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from councilstat.web.accounts.models import Directorate, Organisation, Role, User
from councilstat.web.plans.models import Plan
from tests.e2e.helpers import check_accessible, sign_out
from tests.integration import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-council-of-our-own-2025"  # noqa: S105  (tests only)
YEAR = 2025  # the plan's financial year, 2025/26


@dataclass
class Council:
    organisation: Organisation
    plan: Plan


def person(org: Organisation, username: str, role: Role, name: str, place: Directorate | None):
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        organisation=org,
        role=role,
        directorate=place,
        first_name=name,
        email=f"{username}@council.example",
    )


def a_council_with_its_plan() -> Council:
    """What the earlier steps leave: a council, its people and its plan for 2025/26, with no
    quarter opened yet."""
    org = Organisation.objects.create(name="Anytown Borough Council")
    people = Directorate.objects.create(organisation=org, name="People")
    person(org, "performance", Role.PERFORMANCE, "Pat Performance", None)
    ann = person(org, "ann", Role.OWNER, "Ann Owner", people)
    bob = person(org, "bob", Role.OWNER, "Bob Owner", people)
    person(org, "dee", Role.DIRECTOR, "Dee Director", people)
    plan = factories.plan(org, "Anytown Plan 2025-26", year=YEAR)
    for code, owner in (("1A1", ann), ("1A2", ann), ("2A1", bob)):
        measure = factories.measure(
            plan,
            code,
            owner=owner,
            directorate_=people,
            priority_code=code[0],
            outcome_code=f"{code[0]}.A",
        )
        factories.target(measure, "2025/26", 80)
    return Council(org, plan)


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def fill_date(page, day: dt.date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def enter_value(page, code: str, value: str, commentary: str = "") -> None:
    page.get_by_role("link", name=f"Enter value for {code} 2025/26 Q1").click()
    page.wait_for_load_state()
    page.get_by_label("Value").first.fill(value)
    if commentary:
        page.get_by_label("Commentary").fill(commentary)
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_load_state()


def open_q1(page, base: str, screenshots, deadline: dt.date) -> None:
    """The performance team opens 2025/26 Q1 for entry with its deadline."""
    sign_in(page, base, "performance")
    page.goto(f"{base}/collect/")
    page.wait_for_load_state()
    assert "Collection rounds" in page.content()
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


def owners_enter_values(page, base: str, screenshots, deadline: dt.date) -> None:
    """Two owners land on what is due; one value is red and needs commentary."""
    sign_in(page, base, "ann")
    content = page.content()
    assert "My measures due for 2025/26 Q1" in content
    assert "You have 2 values to enter by" in content or "2 values are overdue" in content
    assert f"{deadline.day} {deadline:%B %Y}" in content
    check_accessible(page, "year-my-measures", screenshots)
    enter_value(page, "1A1", "84")
    assert "1A1 2025/26 Q1: 84.0% submitted for approval." in page.content()
    sign_out(page)

    sign_in(page, base, "bob")
    enter_value(page, "2A1", "60")
    content = page.content()
    assert "This value is off target (red): explain why and what is being done" in content
    check_accessible(page, "year-entry-red", screenshots)
    page.get_by_label("Commentary").fill("Two teams short-staffed; agency cover from July.")
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_load_state()
    assert "2A1 2025/26 Q1: 60.0% submitted for approval." in page.content()
    sign_out(page)


def see_progress(page, base: str, plan: Plan, screenshots) -> None:
    sign_in(page, base, "performance")
    page.goto(f"{base}/collect/plans/{plan.pk}/2025-26-q1/progress/")
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


def return_then_approve(page, base: str, screenshots) -> None:
    sign_in(page, base, "dee")
    page.goto(f"{base}/collect/approvals/")
    page.get_by_role("link", name="Return 2A1 2025/26 Q1").click()
    page.wait_for_load_state()
    page.get_by_label("Why are you returning this value?").fill("Check the agency hours.")
    page.get_by_role("button", name="Return the value").click()
    page.wait_for_load_state()
    assert "2A1 2025/26 Q1 returned to its owner." in page.content()
    sign_out(page)

    sign_in(page, base, "bob")
    page.get_by_role("link", name="Change value for 2A1 2025/26 Q1").click()
    page.wait_for_load_state()
    assert "Returned by the director: Check the agency hours." in page.content()
    page.get_by_label("Value").first.fill("62")
    page.get_by_label("Commentary").fill("Two teams short-staffed; agency hours now included.")
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_load_state()
    assert "2A1 2025/26 Q1: 62.0% submitted for approval." in page.content()
    sign_out(page)

    sign_in(page, base, "dee")
    page.goto(f"{base}/collect/approvals/")
    check_accessible(page, "year-approvals", screenshots)
    for code in ("1A1", "2A1"):
        page.get_by_role("button", name=f"Approve {code} 2025/26 Q1").click()
        page.wait_for_load_state()
        assert f"{code} 2025/26 Q1 approved." in page.content()
    sign_out(page)


def publish_after_the_warning(page, base: str, screenshots) -> None:
    sign_in(page, base, "performance")
    page.goto(f"{base}/collect/periods/")
    page.get_by_role("link", name="Publish 2025/26 Q1").click()
    page.wait_for_load_state()
    content = page.content()
    assert "1 of the 3 values due has no approved value" in content
    assert "1A2 2025/26 Q1: Measure 1A2, Ann Owner" in content
    check_accessible(page, "year-publish", screenshots)
    page.get_by_role("button", name="Publish 2025/26 Q1").click()
    page.wait_for_load_state()
    assert "1 value due is missing: tick the box to publish without them" in page.content()
    page.get_by_label("Publish with 1 value due missing").check()
    page.get_by_role("button", name="Publish 2025/26 Q1").click()
    page.wait_for_load_state()
    assert "2025/26 Q1 published: 2 values." in page.content()
    sign_out(page)


def see_the_public_page(page, base: str, organisation: Organisation, screenshots) -> None:
    page.goto(f"{base}/public/{organisation.pk}/")
    content = page.content()
    assert "Performance at a glance: 2025/26 Q1" in content
    assert "Provisional: 2 of 3 measures due have reported." in content
    check_accessible(page, "year-public", screenshots)


def test_a_quarter_from_opening_to_the_public_page(live_server, page, screenshots):
    council = a_council_with_its_plan()
    base = live_server.url
    deadline = dt.date(YEAR, 7, 31)
    open_q1(page, base, screenshots, deadline)
    owners_enter_values(page, base, screenshots, deadline)
    see_progress(page, base, council.plan, screenshots)
    return_then_approve(page, base, screenshots)
    publish_after_the_warning(page, base, screenshots)
    see_the_public_page(page, base, council.organisation, screenshots)
