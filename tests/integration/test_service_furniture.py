"""Forms and service furniture in GOV.UK Design System patterns: the large-change question at
the top of the entry form, commentary labelled "(required)" when the value is red, a returned
value's form filled in, the staff footer and the Beta banner's feedback link, one current
navigation item, API tokens only for the roles that may have one, directors' report downloads,
and the approvals list's previous value, change and flags."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.web.api.models import ApiToken
from councilstat.web.api.tokens import create_token, user_for_token
from councilstat.web.collection.models import Observation, Status
from tests.integration import factories

Q2 = Quarter(2019, 2)
ROLES = ("performance", "owner", "director", "councillor")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entry_url(council) -> str:
    return reverse(
        "collection:entry", kwargs={"plan_id": council.plan.pk, "code": "1A1", "period": Q2}
    )


def enter(client, council, value, **extra):
    data = {"value": value, "version": "", "action": "submit", "commentary": "", **extra}
    return client.post(entry_url(council), data)


def commentary_label(page: str) -> str:
    return re.search(r'<label class="govuk-label" for="id_commentary">([^<]*)</label>', page)[1]


# The entry form -------------------------------------------------------------------------------


def test_a_large_change_is_asked_about_at_the_top_of_the_form(council):
    page = enter(signed_in(council.owner), council, "95").content.decode()  # 70 before: 36% up
    summary = page.index('class="govuk-error-summary"')
    assert summary < page.index("<h1")  # above the heading, not under the commentary
    assert page.index('<a href="#id_confirmed">This value is 36% away') > summary
    assert "from the previous value (70.0%): check it, then confirm" in page
    assert "<title>Error: " in page
    assert 'id="id_confirmed"' in page  # the box the summary links to


def test_the_commentary_is_labelled_required_only_while_the_value_is_red(council):
    owner = signed_in(council.owner)
    form = owner.get(entry_url(council)).content.decode()
    assert commentary_label(form) == "Commentary (optional)"
    assert "Required when the value is off target (red)" in form  # the hint says when

    red = enter(owner, council, "66").content.decode()  # red against 80, within 25% of 70
    assert commentary_label(red) == "Commentary (required)"
    assert "Required because this value is off target (red)" in red
    assert '<a href="#id_commentary">This value is off target (red)' in red

    green = enter(owner, council, "79", commentary="").status_code
    assert green == 302  # within tolerance: no commentary needed


def test_a_red_draft_reopens_with_its_commentary_required(council):
    factories.observation(council.measure, "2019/20 Q2", 60, status=Status.DRAFT)
    Observation.objects.filter(period="2019/20 Q2").update(commentary="Staff shortages")
    page = signed_in(council.owner).get(entry_url(council)).content.decode()
    assert commentary_label(page) == "Commentary (required)"


def test_a_returned_value_starts_with_its_value_commentary_and_reason(council):
    owner, director = signed_in(council.owner), signed_in(council.director)
    assert enter(owner, council, "77.5", commentary="Survey of 40 staff").status_code == 302
    submitted = Observation.objects.get(measure=council.measure, period="2019/20 Q2")
    director.post(
        reverse("collection:return", args=[submitted.pk]),
        {"version": submitted.version, "reason": "Give the numerator and denominator"},
    )
    page = owner.get(entry_url(council)).content.decode()
    assert 'name="value" type="text" value="77.5"' in page
    assert ">\nSurvey of 40 staff</textarea>" in page
    assert "Returned by the director: Give the numerator and denominator" in page


# Footer, Beta banner and navigation -----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_page_has_the_footer_and_a_feedback_link(client, council, role):
    client.force_login(getattr(council, role))
    page = client.get(reverse("dashboards:guide")).content.decode()
    footer = page[page.index("<footer") :]
    for text, name in (
        ("Accessibility statement", "public:accessibility"),
        ("Privacy notice", "service:privacy"),
        ("Help", "service:help"),
    ):
        assert f'href="{reverse(name)}">{text}</a>' in footer
    feedback = f'href="{reverse("service:help")}#feedback">Feedback</a>'
    assert feedback in footer
    banner = page[page.index("govuk-phase-banner") : page.index("</header>")]
    assert f'href="{reverse("service:help")}#feedback">feedback</a>' in banner


def test_feedback_goes_to_the_configured_address(client, council, settings):
    settings.COUNCILSTAT_FEEDBACK_ADDRESS = "performance@council.example"
    page = client.get(reverse("accounts:login")).content.decode()
    assert page.count('href="mailto:performance@council.example"') == 2  # banner and footer


@pytest.mark.parametrize("name", ["public:accessibility", "service:privacy", "service:help"])
def test_the_footer_pages_open_without_signing_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'aria-current="page"' not in response.content.decode()


def test_the_service_has_one_accessibility_statement(client, db):
    response = client.get(reverse("service:accessibility"))
    assert response.status_code == 301
    assert response["Location"] == reverse("public:accessibility")
    page = client.get(response["Location"]).content.decode()
    for part in ("This statement was prepared on", "Non-accessible content", "Enforcement"):
        assert part in page


def current_items(page: str) -> list[str]:
    return re.findall(r'aria-current="page">\s*<strong[^>]*>([^<]+)</strong>', page)


@pytest.mark.parametrize(
    ("role", "url", "current"),
    [
        ("performance", "/", "Overview"),
        ("performance", "plan:overview", "Overview"),
        ("performance", "/scrutiny/actions/", "Actions"),
        ("performance", "/scrutiny/", "Scrutiny"),
        ("performance", "/guide/statistics/", "Guide"),
        ("performance", "/collect/approvals/", "Collection rounds"),
        ("performance", "plan:progress", "Collection rounds"),
        ("performance", "/manage/users/", "Manage"),
        ("performance", "plan:targets", "Manage"),
        ("performance", "/collect/import/", "Import"),
        ("owner", "plan:due", "My measures"),
        ("owner", "plan:entry", "My measures"),
        ("director", "/collect/approvals/", "Approvals"),
        ("councillor", "/scrutiny/actions/", "Actions"),
        ("councillor", "/benchmarking/", "Benchmarking"),
    ],
)
def test_exactly_one_navigation_item_is_current(client, council, role, url, current):
    plan, quarter = council.plan.pk, Q2
    named = {
        "plan:overview": reverse("dashboards:overview", args=[plan, quarter]),
        "plan:progress": reverse("collection:progress", args=[plan, quarter]),
        "plan:targets": reverse("collection:year_targets", args=[plan]),
        "plan:due": reverse("collection:my_measures_for", args=[plan, quarter]),
        "plan:entry": entry_url(council),
    }
    client.force_login(getattr(council, role))
    response = client.get(named.get(url, url))
    assert response.status_code == 200
    assert current_items(response.content.decode()) == [current]


# API tokens and report downloads --------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_tokens_are_offered_only_to_roles_that_may_have_them(client, council, role):
    client.force_login(getattr(council, role))
    page = client.get(reverse("dashboards:guide")).content.decode()
    offered = f'href="{reverse("api-tokens")}"' in page
    may = role != "councillor"
    assert offered is may
    assert client.get(reverse("api-tokens")).status_code == (200 if may else 403)


def test_a_councillor_cannot_make_a_token_and_one_made_before_stops_working(council):
    with pytest.raises(PermissionError):
        create_token(council.councillor, "Power BI")
    secret = "cs_" + "x" * 43  # a token made when every role could have one
    ApiToken.objects.create(
        user=council.councillor,
        name="Old",
        prefix=secret[:9],
        key_hash=hashlib.sha256(secret.encode()).hexdigest(),
        role=council.councillor.role,
    )
    assert user_for_token(secret) is None
    _, owners = create_token(council.owner, "Spreadsheet")
    assert user_for_token(owners) == council.owner


def test_a_director_downloads_the_committee_report_from_the_overview(client, council):
    client.force_login(council.director)
    overview = client.get(reverse("dashboards:overview", args=[council.plan.pk, Q2]))
    report = reverse("dashboards:report", args=[council.plan.pk, Q2, "html"])
    assert f'href="{report}' in overview.content.decode()
    assert client.get(report).status_code == 302  # to the report's job page
    client.force_login(council.owner)
    assert client.get(report).status_code == 403  # owners still cannot


# The approvals list ---------------------------------------------------------------------------


def test_approvals_show_the_previous_value_the_change_and_flags(council):
    factories.observation(council.measure, "2019/20 Q2", 95, status=Status.SUBMITTED)
    people = council.measure.directorate
    red = factories.measure(council.plan, "1A2", owner=council.owner, directorate_=people)
    factories.target(red, "2019/20", 80)
    factories.observation(red, "2019/20 Q1", 70)
    factories.observation(red, "2019/20 Q2", 66, status=Status.SUBMITTED)  # red, no commentary
    page = signed_in(council.director).get(reverse("collection:approvals")).content.decode()
    rows = page.split('<tr class="govuk-table__row">')[2:]
    first = next(row for row in rows if "1A1" in row)
    second = next(row for row in rows if "1A2" in row)
    assert "70.0%" in first
    assert "up 25.0 points (36%)" in first
    assert "Large change: the owner confirmed it" in first
    assert "Red without commentary" not in first
    assert "down 4.0 points (6%)" in second
    assert "Red without commentary" in second
    assert "Large change" not in second
    # Each code opens its measure's page for the value's quarter.
    measure_page = reverse("dashboards:measure", args=[council.plan.pk, Quarter(2019, 2), "1A2"])
    assert f'<a class="govuk-link" href="{measure_page}">1A2' in second
