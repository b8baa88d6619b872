"""A council's plan for a year, in the browser: the performance team imports a plan from its
CSV files, starts next year's plan with one measure renamed and renumbered, sets the new
targets, loads the new year's first value, and sees that measure's history joined across the
two years on its page (Q1 of the new year compared with Q4 of the old). Every page passes
axe-core. Screenshots go to var/screenshots/."""

from __future__ import annotations

import pytest

from councilstat.web.accounts.models import Role
from councilstat.web.collection.models import CollectionSettings
from councilstat.web.plans.models import Measure, Plan, Target
from tests.e2e.helpers import check_accessible
from tests.integration import factories
from tests.unit.io.plan_files import MEASURES, OBSERVATIONS, TARGETS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN_DETAILS = ["organisation,title", "Anytown Borough Council,Council Plan 2019-20"]
# 1A2 (looked-after children, lower is better) reported every quarter of 2019/20.
YEAR_OF_VALUES = [*OBSERVATIONS, "1A2,2019/20 Q3,402,,,", "1A2,2019/20 Q4,398,,,"]
RENAMED = "Children looked after by the council"


def csv_file(name, lines):
    content = ("\r\n".join(lines) + "\r\n").encode()
    return {"name": name, "mimeType": "text/csv", "buffer": content}


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_import_from_csv_start_next_year_and_see_the_history_joined(live_server, page, screenshots):
    council = factories.organisation("Anytown Borough Council")
    # The council loads last year's signed-off figures with its plan, so its imports count as
    # approved (the organisation's collection setting; by default they await a director).
    CollectionSettings.objects.create(organisation=council, imports_approved=True)
    factories.user(council, Role.PERFORMANCE, username="performance")
    base = live_server.url
    sign_in(page, base, "performance")

    # Import the plan from its CSV files, selected together.
    page.goto(f"{base}/collect/import/")
    page.get_by_label("A whole plan").check()
    page.get_by_label("Upload a file").set_input_files(
        [
            csv_file("measures.csv", MEASURES),
            csv_file("targets.csv", TARGETS),
            csv_file("observations.csv", YEAR_OF_VALUES),
            csv_file("plan.csv", PLAN_DETAILS),
        ]
    )
    check_accessible(page, "plan-import-csv", screenshots)
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()
    assert "The whole plan “Council Plan 2019-20”" in page.content()
    check_accessible(page, "plan-import-csv-preview", screenshots)
    page.get_by_role("button", name="Confirm import").click()
    page.wait_for_load_state()
    assert "measures.csv, targets.csv, observations.csv, plan.csv was imported" in page.content()
    old_plan = Plan.objects.get(title="Council Plan 2019-20")

    # Start next year's plan: 1A2 is renumbered 1A3 and renamed.
    page.goto(f"{base}/manage/")
    page.get_by_role("link", name="Start next year's plan from Council Plan 2019-20").click()
    page.wait_for_load_state()
    assert page.get_by_label("Title of next year's plan").input_value() == "Council Plan 2020-21"
    page.get_by_label("Code of 1A2 next year").fill("1A3")
    page.get_by_label("Title of 1A2 next year").fill(RENAMED)
    page.get_by_label("What happens to 2A2 next year").select_option(label="Retire")
    check_accessible(page, "next-year-start", screenshots)
    page.get_by_role("button", name="Start next year's plan").click()
    page.wait_for_load_state()
    assert "Council Plan 2020-21 was started with 3 measures" in page.content()
    new_plan = Plan.objects.get(title="Council Plan 2020-21")
    assert Measure.objects.get(plan=new_plan, code="1A3").previous.code == "1A2"
    assert Measure.objects.get(plan=old_plan, code="2A2").retired_on is not None

    # Set the new targets, with last year's beside them.
    assert "Targets for 2020/21" in page.content()
    assert "Last year 1A2 Looked after children" in page.content()
    page.get_by_label("Target for 2020/21 for 1A3").fill("390")
    page.get_by_label("Target for 2020/21 for 1A1").fill("85%")
    check_accessible(page, "next-year-targets", screenshots)
    page.get_by_role("button", name="Save the targets").click()
    page.wait_for_load_state()
    assert "The targets for 2020/21 were saved: 2 set." in page.content()
    assert Target.objects.get(measure__plan=new_plan, measure__code="1A3").value == 390

    # The new year's first value, for the renamed measure.
    page.goto(f"{base}/collect/import/")
    page.get_by_label("Values for an existing plan").check()
    page.get_by_label("Plan (optional)").select_option(label="Council Plan 2020-21")
    page.get_by_label("Upload a file").set_input_files(
        [csv_file("values.csv", ["code,period,value", "1A3,2020/21 Q1,385"])]
    )
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Confirm import").click()
    page.wait_for_load_state()

    # The measure's page: one series across the two years.
    page.goto(f"{base}/plans/{new_plan.pk}/2020-21-q1/measures/1A3/")
    content = page.content()
    assert RENAMED in content
    assert "in Council Plan 2019-20 it was" in content
    history = page.get_by_role("table", name="Every period's value and target")
    rows = [" ".join(row.split()) for row in history.locator("tbody tr").all_inner_texts()]
    assert [row.split(" ")[0] for row in rows] == [
        "2019/20",
        "2019/20",
        "2019/20",
        "2019/20",
        "2020/21",
    ]
    assert rows[3].startswith("2019/20 Q4 398")
    assert "Reported as 1A2 in Council Plan 2019-20" in rows[3]
    assert rows[4].startswith("2020/21 Q1 385 390")
    quarter = page.locator("dl.govuk-summary-list").first.inner_text()
    assert "Previous quarter\t398 for 2019/20 Q4" in quarter  # last year's fourth quarter
    assert "Improving" in quarter  # fewer children looked after than in 2019/20 Q4
    check_accessible(page, "next-year-measure-joined", screenshots)

    # The mapping page shows (and could correct) which measure continues which.
    page.goto(f"{base}/manage/")
    check_accessible(page, "next-year-manage", screenshots)
    page.get_by_role("link", name="which measure continues which in Council Plan 2020-21").click()
    page.wait_for_load_state()
    chosen = page.get_by_label("Last year's measure that 1A3 continues")
    assert (
        chosen.evaluate("select => select.selectedOptions[0].text") == "1A2 Looked after children"
    )
    check_accessible(page, "next-year-continues", screenshots)
