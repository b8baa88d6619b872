"""Public pages: no sign-in; only published values of public measures; no commentary, no
personal data; licence and as-at date; cached with no query per request; invalidated when a
period is published or a value restated; and axe-core finds nothing on them."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from councilstat.web.collection import services
from councilstat.web.collection.models import PeriodReturn, Status
from councilstat.web.common.published import published_figures_changed
from tests.integration import factories

MARKERS = (
    "CANARY",  # commentary, return and restatement reasons, a private measure's title
    "Ownerperson",  # an owner's name
    "@council.example",  # officers' e-mail addresses
    "87.7%",  # a draft value, as a page would show it
    "76.5%",  # a submitted value
    "65.4%",  # an approved but unpublished value
    "54.3%",  # a private measure's published value
)
RAW_MARKERS = ("87.654", "76.543", "65.432", "54.321")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached page (the cache outlives each test's database)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_council(council):
    """The council with 2019/20 Q1 published, and canaries everywhere the public must not look."""
    plan = council.plan
    factories.period_return(
        plan, "2019/20 Q1", published_at=timezone.make_aware(dt.datetime(2019, 8, 15, 12))
    )
    owner = council.owner
    owner.first_name, owner.last_name = "Canary", "Ownerperson"
    owner.save()
    published = council.measure.observations.get(period="2019/20 Q1")
    published.commentary = "CANARY-COMMENTARY: a named resident complained"
    published.return_reason = "CANARY-RETURN-REASON"
    published.save()
    factories.observation(
        council.measure, "2019/20 Q2", "87.654", Status.DRAFT, commentary="CANARY-DRAFT"
    )
    factories.observation(council.other_measure, "2019/20 Q2", "76.543", Status.SUBMITTED)
    extra = factories.measure(plan, "1A2", owner=owner)
    factories.observation(extra, "2019/20 Q1", 70)
    factories.observation(extra, "2019/20 Q2", "65.432", Status.APPROVED)
    private = factories.measure(plan, "9Z9", priority_code="9", outcome_code="9.Z")
    private.title, private.is_public = "CANARY-PRIVATE measure", False
    private.save()
    factories.observation(private, "2019/20 Q1", "54.321")
    return council


def public_urls(org_id: int) -> list[str]:
    return [
        reverse("public:index"),
        reverse("public:accessibility"),
        reverse("public:glance", args=[org_id]),
        reverse("public:priority", args=[org_id, "1"]),
        reverse("public:priority", args=[org_id, "3"]),
        reverse("public:measure", args=[org_id, "1A1"]),
        reverse("public:measure", args=[org_id, "1A2"]),
        reverse("public:measure", args=[org_id, "3B1"]),
        reverse("public:data_csv", args=[org_id]),
        reverse("public:data_json", args=[org_id]),
        reverse("public:measure_csv", args=[org_id, "1A1"]),
        reverse("public:measure_json", args=[org_id, "3B1"]),
        reverse("public:quarters", args=[org_id]),
        f"/public/{org_id}/quarters/2019-20-q1/",
        f"/public/{org_id}/quarters/2019-20-q1/priorities/1/",
        f"/public/{org_id}/quarters/2019-20-q1/measures/1A1/",
    ]


def test_every_public_page_works_without_signing_in(client, public_council):
    for address in public_urls(public_council.plan.organisation_id):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "Sign in" not in response.content.decode() or address.endswith(".csv")


def test_no_draft_unpublished_private_or_personal_data_appears(client, public_council):
    org_id = public_council.plan.organisation_id
    for address in public_urls(org_id):
        text = client.get(address).content.decode()
        for marker in (*MARKERS, *RAW_MARKERS):
            assert marker not in text, (marker, address)
    glance = client.get(reverse("public:glance", args=[org_id])).content.decode()
    assert "Performance at a glance: 2019/20 Q1" in glance
    for code in ("9Z9",):
        assert client.get(reverse("public:measure", args=[org_id, code])).status_code == 404
        assert client.get(reverse("public:measure_csv", args=[org_id, code])).status_code == 404
    assert client.get(reverse("public:priority", args=[org_id, "9"])).status_code == 404


def test_a_signed_in_visitor_never_puts_their_name_in_a_cached_page(client, public_council):
    client.force_login(public_council.owner)
    address = reverse("public:glance", args=[public_council.plan.organisation_id])
    signed_in = client.get(address).content.decode()
    assert "Ownerperson" not in signed_in
    client.logout()
    assert "Ownerperson" not in client.get(address).content.decode()


def test_the_licence_and_as_at_date_appear_on_pages_and_downloads(client, public_council):
    org_id = public_council.plan.organisation_id
    for name, args in (("glance", []), ("priority", ["1"]), ("measure", ["1A1"])):
        html = client.get(reverse(f"public:{name}", args=[org_id, *args])).content.decode()
        assert "Open Government Licence v3.0" in html
        assert "Figures as at 15 August 2019" in html
    csv_response = client.get(reverse("public:data_csv", args=[org_id]))
    assert csv_response["Content-Disposition"] == f'attachment; filename="performance-{org_id}.csv"'
    assert 'rel="license"' in csv_response["Link"]
    lines = csv_response.content.decode().splitlines()
    assert lines[0].endswith("first_published_value,licence,as_at")
    assert lines[1].endswith(",Open Government Licence v3.0,2019-08-15")
    data = json.loads(client.get(reverse("public:data_json", args=[org_id])).content)
    assert data["licence"]["name"] == "Open Government Licence v3.0"
    assert data["as_at"] == "2019-08-15"
    assert data["latest_quarter"] == "2019/20 Q1"
    assert {m["code"] for m in data["measures"]} == {"1A1", "1A2", "3B1"}


def test_the_csv_escapes_formulas(client, public_council):
    measure = public_council.measure
    measure.title = "=HYPERLINK(1)"
    measure.save()
    org_id = public_council.plan.organisation_id
    text = client.get(reverse("public:measure_csv", args=[org_id, "1A1"])).content.decode()
    assert ",'=HYPERLINK(1)," in text


def test_the_second_request_for_a_cached_page_makes_no_query(
    client, public_council, django_assert_num_queries
):
    for address in public_urls(public_council.plan.organisation_id):
        first = client.get(address)
        with django_assert_num_queries(0):
            second = client.get(address)
        assert second.content == first.content
        assert "public" in second["Cache-Control"]


def test_publishing_a_period_shows_after_invalidation(client, public_council):
    org = public_council.plan.organisation
    measure_page = reverse("public:measure", args=[org.pk, "1A1"])
    glance = reverse("public:glance", args=[org.pk])
    assert "81.0%" not in client.get(measure_page).content.decode()
    client.get(glance)
    draft = public_council.measure.observations.get(period="2019/20 Q2")
    draft.value, draft.status = D("81"), Status.APPROVED
    draft.save()
    q2 = PeriodReturn.objects.get(plan=public_council.plan, period="2019/20 Q2")
    published = services.publish_period(public_council.performance, q2, missing_confirmed=2)
    assert published == 2  # with 1A2's
    assert "81.0%" not in client.get(measure_page).content.decode()  # still the cached page
    published_figures_changed(org)
    assert "81.0%" in client.get(measure_page).content.decode()
    assert "Performance at a glance: 2019/20 Q2" in client.get(glance).content.decode()


def test_a_restatement_shows_after_invalidation_with_the_first_published_value(
    client, public_council
):
    org = public_council.plan.organisation
    measure_page = reverse("public:measure", args=[org.pk, "3B1"])
    assert "72.5%" not in client.get(measure_page).content.decode()
    published = public_council.other_measure.observations.get(period="2019/20 Q1")
    services.restate_observation(
        public_council.performance,
        published,
        services.Figures(value=D("72.5"), commentary="CANARY-RESTATED"),
        "CANARY-RESTATEMENT-REASON",
        expected_version=published.version,
    )
    published_figures_changed(org.pk)
    html = client.get(measure_page).content.decode()
    assert "72.5%" in html
    assert "First published as 70.0%" in html
    assert "CANARY" not in html
    data = json.loads(client.get(reverse("public:measure_json", args=[org.pk, "3B1"])).content)
    assert data["measures"][0]["values"][0]["first_published_value"] == 70


def test_a_council_with_nothing_published_has_no_public_pages(client, council):
    org_id = council.plan.organisation_id
    assert client.get(reverse("public:glance", args=[org_id])).status_code == 404
    assert client.get(reverse("public:glance", args=[org_id + 1000])).status_code == 404
    assert client.post(reverse("public:glance", args=[org_id])).status_code == 405


# Accessibility ----------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_pass_axe(live_server):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from councilstat.web.demo.council import load_demo
    from councilstat.web.plans.models import Plan

    load_demo()
    org_id = Plan.objects.get().organisation_id
    pages = [
        reverse("public:index"),
        reverse("public:accessibility"),
        reverse("public:glance", args=[org_id]),
        reverse("public:priority", args=[org_id, "2"]),
        reverse("public:measure", args=[org_id, "2B6"]),
        reverse("public:quarters", args=[org_id]),
        f"/public/{org_id}/quarters/2019-20-q1/",
        f"/public/{org_id}/quarters/2019-20-q1/measures/2B6/",
    ]
    failures: list[str] = []
    # Its own thread: the browser tests in tests/e2e keep Playwright's event loop running in
    # the main thread, and the sync API refuses to start a second one there.
    worker = threading.Thread(target=_axe_check, args=(live_server.url, pages, failures))
    worker.start()
    worker.join(timeout=300)
    assert not worker.is_alive(), "the browser check did not finish"
    assert not failures, "\n\n".join(failures)


def _axe_check(base_url: str, pages: list[str], failures: list[str]) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update"]  # fmt: skip
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=args
            )
            page = browser.new_page()
            for address in pages:
                page.goto(f"{base_url}{address}")
                html = page.content()
                if html.count("<table") < html.count("<figure"):
                    failures.append(f"{address}: a chart without its table")
                results = Axe().run(page)
                if results.violations_count:
                    failures.append(f"{address}: {results.generate_report()}")
            browser.close()
    except Exception as error:  # noqa: BLE001  reported to the test's thread
        failures.append(f"browser check failed: {error!r}")


# History: every published quarter stays reachable --------------------------------------------


def publish_q2(council, missing: int = 3) -> None:
    """Publish 2019/20 Q2 as it stands: only 1A2's approved value is published."""
    q2 = PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q2")
    services.publish_period(council.performance, q2, missing_confirmed=missing)


def test_the_public_never_sees_an_unpublished_quarter(client, public_council):
    org = public_council.plan.organisation_id
    glance = client.get(reverse("public:glance", args=[org])).content.decode()
    assert "Performance at a glance: 2019/20 Q1" in glance  # Q2 is open, not published
    for quarter in ("2019-20-q2", "2019-20-q3"):
        address = f"/public/{org}/quarters/{quarter}/"
        assert client.get(address).status_code == 404
        assert client.get(f"{address}measures/1A1/").status_code == 404


def test_every_published_quarter_stays_reachable_with_quarter_navigation(client, public_council):
    from councilstat.core.periods import Quarter

    org = public_council.plan.organisation_id
    publish_q2(public_council)
    published_figures_changed(org)
    latest = client.get(reverse("public:glance", args=[org])).content.decode()
    assert "Performance at a glance: 2019/20 Q2" in latest
    q1_url = reverse("public:glance_quarter", args=[org, Quarter(2019, 1)])
    assert f'href="{q1_url}">Earlier quarter: 2019/20 Q1</a>' in latest
    earlier = client.get(q1_url).content.decode()
    assert "Performance at a glance: 2019/20 Q1" in earlier
    assert "The latest published quarter is" in earlier
    q2_url = reverse("public:glance_quarter", args=[org, Quarter(2019, 2)])
    assert f'href="{q2_url}">Later quarter: 2019/20 Q2</a>' in earlier
    # The quarter's pages link within that quarter, and show its figures as published.
    q1_measure = reverse("public:measure_quarter", args=[org, Quarter(2019, 1), "1A2"])
    assert (
        q1_measure
        in client.get(
            reverse("public:priority_quarter", args=[org, Quarter(2019, 1), "1"])
        ).content.decode()
    )
    measure = client.get(q1_measure).content.decode()
    assert "In 2019/20 Q1 the value was 70.0%" in measure
    assert "65.4%" not in measure  # 1A2's Q2 value, published later
    assert "65.4%" in client.get(reverse("public:measure", args=[org, "1A2"])).content.decode()
    listed = client.get(reverse("public:quarters", args=[org])).content.decode()
    assert listed.index("2019/20 Q2") < listed.index("2019/20 Q1")
    assert "15 August 2019" in listed


def test_a_published_incomplete_quarter_is_provisional_on_the_public_pages(client, public_council):
    org = public_council.plan.organisation_id
    glance = client.get(reverse("public:glance", args=[org])).content.decode()
    assert "Provisional" not in glance  # Q1: every public measure reported
    publish_q2(public_council)
    published_figures_changed(org)
    glance = client.get(reverse("public:glance", args=[org])).content.decode()
    note = "Provisional: 1 of 3 measures due have reported."
    assert f'<span class="govuk-visually-hidden">Warning</span>{note}</strong>' in glance
    assert f'<p class="govuk-body">{note}</p>' in glance  # the headline sentences say so too


def test_the_public_site_is_joined_across_plan_years(client, public_council):
    """Next year's plan: its first published quarter is the latest, the quarter navigation
    crosses back into last year's plan, every quarter of both years stays reachable, a measure
    carried over (renamed) shows its history from both years, and a quarter of last year's plan
    published late does not displace the new year's."""
    from councilstat.core.periods import Quarter
    from councilstat.web.plans.next_year import Carry, start_next_year

    council = public_council
    org = council.plan.organisation_id
    publish_q2(council)
    old_1a1 = council.measure
    carries = [
        Carry(m, title="Families contacted within three days") if m.pk == old_1a1.pk else Carry(m)
        for m in council.plan.measures.all()
    ]
    new_plan = start_next_year(
        council.performance, council.plan, title="Council Plan 2020-21", carries=carries
    )
    new_1a1 = new_plan.measures.get(code="1A1")
    factories.target(new_1a1, "2020/21", 80)
    factories.observation(new_1a1, "2020/21 Q1", "81.2")
    PeriodReturn.objects.create(
        plan=new_plan,
        period="2020/21 Q1",
        deadline=dt.date(2020, 7, 31),
        published_at=timezone.make_aware(dt.datetime(2020, 8, 14, 12)),
    )
    published_figures_changed(org)

    latest = client.get(reverse("public:glance", args=[org])).content.decode()
    assert "Performance at a glance: 2020/21 Q1" in latest
    q2_url = reverse("public:glance_quarter", args=[org, Quarter(2019, 2)])
    assert f'href="{q2_url}">Earlier quarter: 2019/20 Q2</a>' in latest  # across the year
    last_year = client.get(q2_url).content.decode()
    assert "Performance at a glance: 2019/20 Q2" in last_year
    new_q1 = reverse("public:glance_quarter", args=[org, Quarter(2020, 1)])
    assert f'href="{new_q1}">Later quarter: 2020/21 Q1</a>' in last_year
    for quarter in (Quarter(2019, 1), Quarter(2019, 2), Quarter(2020, 1)):
        address = reverse("public:glance_quarter", args=[org, quarter])
        assert client.get(address).status_code == 200, address
    listed = client.get(reverse("public:quarters", args=[org])).content.decode()
    assert listed.index("2020/21 Q1") < listed.index("2019/20 Q2") < listed.index("2019/20 Q1")
    assert "Council Plan 2020-21" in listed

    # The renamed measure's page: this year's value beside last year's, with direction of
    # travel against 2019/20's last published quarter.
    measure = client.get(reverse("public:measure", args=[org, "1A1"])).content.decode()
    assert "Families contacted within three days" in measure
    history = measure.split("Every published value and its target")[1]
    assert history.index("2019/20 Q1") < history.index("2020/21 Q1")
    assert "70.0%" in history  # 2019/20 Q1, published under last year's plan
    assert "81.2%" in history
    assert "87.7%" not in measure  # last year's Q2 draft never reaches the public

    # Last year's Q3 published late: reachable, but the public still starts at 2020/21 Q1.
    q3 = PeriodReturn.objects.create(
        plan=council.plan, period="2019/20 Q3", deadline=dt.date(2020, 1, 31)
    )
    services.publish_period(council.performance, q3, missing_confirmed=4)
    published_figures_changed(org)
    latest = client.get(reverse("public:glance", args=[org])).content.decode()
    assert "Performance at a glance: 2020/21 Q1" in latest
    q3_url = reverse("public:glance_quarter", args=[org, Quarter(2019, 3)])
    assert f'href="{q3_url}">Earlier quarter: 2019/20 Q3</a>' in latest
    assert "Performance at a glance: 2019/20 Q3" in client.get(q3_url).content.decode()
