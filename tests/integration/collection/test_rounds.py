"""Collection rounds: the performance team opens a quarter for entry with a deadline, extends
or closes it, follows its progress and publishes it; owners land on what is due; publishing
names what is missing and publishing again changes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councilstat.core.periods import Quarter
from councilstat.web.collection import services
from councilstat.web.collection.models import Observation, PeriodReturn, RoundState, Status
from councilstat.web.common.errors import ValidationFailed, WorkflowError
from councilstat.web.scrutiny.reminders import select_reminders
from tests.integration import factories
from tests.integration.factories import PASSWORD

Q1, Q2, Q3 = Quarter(2019, 1), Quarter(2019, 2), Quarter(2019, 3)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def q2_round(council):
    return PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q2")


def entry_url(council, period=Q2, code="1A1"):
    return reverse(
        "collection:entry", kwargs={"plan_id": council.plan.pk, "code": code, "period": period}
    )


def enter(client, council, value, period=Q2, **extra):
    data = {"value": value, "version": "", "action": "submit", "commentary": "", **extra}
    return client.post(entry_url(council, period), data)


def date_fields(day: dt.date, name: str = "deadline") -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_performance_team_opens_the_next_quarter_with_a_deadline(council):
    performance = signed_in(council.performance)
    rounds = performance.get(reverse("collection:periods")).content.decode()
    assert "Open 2019/20 Q3 for entry" in rounds
    assert "Not started: 2" in rounds  # 1A1's and 3B1's Q2 values
    url = reverse("collection:open_round", args=[council.plan.pk])
    form = performance.get(url).content.decode()
    assert '<option value="2019/20 Q3" selected>' in form
    too_early = performance.post(url, {"quarter": "2019/20 Q3", **date_fields(dt.date(2019, 9, 1))})
    assert '<a href="#id_deadline_0">The deadline must be after 2019/20 Q3 starts' in (
        too_early.content.decode()
    )
    opened = performance.post(url, {"quarter": "2019/20 Q3", **date_fields(dt.date(2020, 1, 31))})
    assert opened.status_code == 302
    assert opened.url == reverse(
        "collection:progress", kwargs={"plan_id": council.plan.pk, "quarter": Q3}
    )
    q3 = PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q3")
    assert (q3.deadline, q3.opened_by, q3.state) == (
        dt.date(2020, 1, 31),
        council.performance,
        RoundState.OPEN,
    )
    assert q3.history.get().history_change_reason == "Opened for entry, deadline 31 January 2020"
    # A quarter is opened once.
    again = performance.post(url, {"quarter": "2019/20 Q3", **date_fields(dt.date(2020, 2, 28))})
    assert "Select one of the quarters listed" in again.content.decode()
    with pytest.raises(WorkflowError, match="already been opened"):
        services.open_round(council.performance, council.plan, Q3, dt.date(2020, 2, 28))


def test_an_imported_plan_without_rounds_can_be_opened_and_published(council):
    plan = factories.plan(council.plan.organisation, "Council Plan 2020-21", year=2020)
    measure = factories.measure(
        plan, "1A1", owner=council.owner, directorate_=council.measure.directorate
    )
    factories.target(measure, "2020/21", 80)
    performance = signed_in(council.performance)
    assert (
        "Open 2020/21 Q1 for entry"
        in performance.get(reverse("collection:periods")).content.decode()
    )
    q1 = services.open_round(council.performance, plan, Quarter(2020, 1), dt.date(2020, 7, 31))
    owner = signed_in(council.owner)
    period = Quarter(2020, 1)
    url = reverse("collection:entry", kwargs={"plan_id": plan.pk, "code": "1A1", "period": period})
    data = {"value": "85", "version": "", "action": "submit", "commentary": ""}
    assert owner.post(url, data).status_code == 302
    submitted = Observation.objects.get(measure=measure)
    services.approve_observation(council.director, submitted, expected_version=1)
    assert services.publish_period(council.performance, q1) == 1
    assert Observation.objects.get(measure=measure).status == Status.PUBLISHED


def test_values_are_entered_only_while_their_round_is_open(council):
    owner = signed_in(council.owner)
    # Never opened.
    refused = enter(owner, council, "78", period=Q3)
    assert "2019/20 Q3 is not open for entry yet" in refused.content.decode()
    assert not Observation.objects.filter(period="2019/20 Q3").exists()
    page = owner.get(entry_url(council, Q3)).content.decode()
    assert "Save and submit" not in page
    assert "the performance team opens each quarter" in page
    # Closed.
    services.close_round(council.performance, q2_round(council))
    page = owner.get(entry_url(council)).content.decode()
    assert "Save and submit" not in page
    assert "2019/20 Q2 is closed to entry" in page
    refused = enter(owner, council, "78")
    assert "closed to entry; ask the performance team to extend its deadline" in (
        refused.content.decode()
    )
    assert not Observation.objects.filter(period="2019/20 Q2").exists()
    # Extended: open again.
    services.extend_round(council.performance, q2_round(council), dt.date(2019, 11, 15))
    assert enter(owner, council, "78").status_code == 302


def test_extending_needs_a_later_deadline_and_is_audited(council):
    performance = signed_in(council.performance)
    url = reverse("collection:round", args=[q2_round(council).pk])
    page = performance.get(url).content.decode()
    assert "Extend the deadline" in page
    assert "Close 2019/20 Q2 to entry" in page
    earlier = performance.post(url, date_fields(dt.date(2019, 10, 30)))
    assert "The new deadline must be later than the current one, 31 October 2019" in (
        earlier.content.decode()
    )
    assert performance.post(url, date_fields(dt.date(2019, 11, 15))).status_code == 302
    extended = q2_round(council)
    assert extended.deadline == dt.date(2019, 11, 15)
    assert extended.history.latest().history_change_reason == (
        "Deadline extended from 31 October 2019 to 15 November 2019"
    )
    closed = performance.post(reverse("collection:close", args=[extended.pk]))
    assert closed.status_code == 302
    assert q2_round(council).state == RoundState.CLOSED
    assert "Reopen" in performance.get(reverse("collection:periods")).content.decode()
    with pytest.raises(ValidationFailed):
        services.open_round(council.performance, council.plan, Q3, dt.date(2019, 9, 30))


def test_progress_lists_every_value_due_with_its_state_and_filters(council):
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.DRAFT)
    performance = signed_in(council.performance)
    url = reverse("collection:progress", kwargs={"plan_id": council.plan.pk, "quarter": Q2})
    page = performance.get(url).content.decode()
    assert "Progress of 2019/20 Q2" in page
    assert "2 values due" in page
    assert "Not started</th>" in page
    assert "1A1 <span" in page
    assert "3B1 <span" in page
    assert "The deadline has passed with 2 values not yet submitted" in page
    assert (
        reverse("collection:template", kwargs={"plan_id": council.plan.pk, "quarter": Q2}) in page
    )
    people = council.measure.directorate_id
    filtered = performance.get(url, {"directorate": people}).content.decode()
    assert "1 value due in People" in filtered
    assert "1A1 <span" in filtered
    assert "3B1 <span" not in filtered
    by_owner = performance.get(url, {"owner": council.other_owner.pk}).content.decode()
    assert "3B1 <span" in by_owner
    assert "1A1 <span" not in by_owner
    ignored = performance.get(url, {"directorate": "999", "owner": "x"}).content.decode()
    assert "2 values due" in ignored


def test_the_counts_of_progress(council):
    from councilstat.web.collection.selectors import DueState, measure_filters, progress

    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.SUBMITTED)
    found = progress(council.plan, Q2, measure_filters(council.plan, {}))
    counts = dict(found.counts)
    assert counts[DueState.NOT_STARTED] == 1
    assert counts[DueState.SUBMITTED] == 1
    assert counts[DueState.APPROVED] == 0
    assert (found.total, found.owed) == (2, 1)


def test_each_role_starts_collection_where_it_works(council):
    start = reverse("collection:my_measures")
    performance = signed_in(council.performance).get(start)
    assert performance.url == reverse(
        "collection:progress", kwargs={"plan_id": council.plan.pk, "quarter": Q2}
    )
    assert signed_in(council.director).get(start).url == reverse("collection:approvals")
    assert signed_in(council.councillor).get(start).status_code == 403


def test_the_performance_team_sees_every_submission_waiting_but_does_not_approve(council):
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.SUBMITTED)
    factories.observation(council.other_measure, "2019/20 Q2", 82, status=Status.SUBMITTED)
    page = signed_in(council.performance).get(reverse("collection:approvals")).content.decode()
    assert "Waiting for approval, in every directorate" in page
    assert "1A1" in page
    assert "3B1" in page
    assert "Approve" not in page
    director = signed_in(council.director).get(reverse("collection:approvals")).content.decode()
    assert "Approve<span" in director
    assert "3B1" not in director


def test_owners_land_on_what_is_due_and_by_when(council):
    PeriodReturn.objects.filter(pk=q2_round(council).pk).update(
        deadline=timezone.localdate() + dt.timedelta(days=12)
    )
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "owner", "password": PASSWORD}, follow=True
    )
    due_url = reverse(
        "collection:my_measures_for", kwargs={"plan_id": council.plan.pk, "quarter": Q2}
    )
    assert response.redirect_chain[-1][0] == due_url
    page = response.content.decode()
    assert "You have 1 value to enter by" in page
    assert "(in 12 days)" in page
    other = Client()
    landed = other.post(
        reverse("accounts:login"), {"username": "director", "password": PASSWORD}, follow=True
    )
    assert landed.redirect_chain[-1][0] == reverse("dashboards:home")


def test_my_measures_says_when_values_are_overdue_or_the_round_is_over(council):
    owner = signed_in(council.owner)
    due_url = reverse(
        "collection:my_measures_for", kwargs={"plan_id": council.plan.pk, "quarter": Q2}
    )
    assert "1 value is overdue: the deadline was 31 October 2019" in (
        owner.get(due_url).content.decode()
    )
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.SUBMITTED)
    assert "All your values for 2019/20 Q2 are submitted." in owner.get(due_url).content.decode()
    services.close_round(council.performance, q2_round(council))
    assert "2019/20 Q2 is closed to entry." in owner.get(due_url).content.decode()


def test_publishing_names_what_is_missing_and_needs_that_count_confirmed(council):
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.APPROVED)
    third = factories.measure(council.plan, "1A2", owner=council.owner)
    factories.observation(third, "2019/20 Q2", 60, status=Status.DRAFT)
    performance = signed_in(council.performance)
    url = reverse("collection:publish", args=[q2_round(council).pk])
    page = performance.get(url).content.decode()
    assert "2 of the 3 values due have no approved value" in page
    assert "Drafts and returned values, not submitted (1)" in page
    assert "Not started (1)" in page
    assert "Publish with 2 values due missing" in page
    # A stale count (someone submitted meanwhile) is asked again.
    stale = performance.post(url, {"missing": "3", "confirmed": "on"})
    assert stale.status_code == 200
    assert "2 values due are missing: tick the box" in stale.content.decode()
    assert q2_round(council).published_at is None
    done = performance.post(url, {"missing": "2", "confirmed": "on"})
    assert done.status_code == 302
    assert "2019/20 Q2 published: 1 value." in performance.get(done.url).content.decode()
    assert q2_round(council).state == RoundState.PUBLISHED


def test_republishing_changes_nothing_and_a_double_submission_is_no_error(council):
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.APPROVED)
    factories.observation(council.other_measure, "2019/20 Q2", 82, status=Status.APPROVED)
    performance = signed_in(council.performance)
    url = reverse("collection:publish", args=[q2_round(council).pk])
    assert performance.post(url).status_code == 302
    first = q2_round(council)
    published = Observation.objects.get(measure=council.measure, period="2019/20 Q2")
    second = performance.post(url)  # the same form sent again
    assert second.status_code == 302
    assert "already published" in performance.get(second.url).content.decode()
    again = q2_round(council)
    assert (again.published_at, again.published_by) == (first.published_at, first.published_by)
    assert again.history.count() == first.history.count()
    after = Observation.objects.get(pk=published.pk)
    assert (after.published_at, after.version) == (published.published_at, published.version)
    assert services.publish_period(council.performance, again) == 0
    assert q2_round(council).published_at == first.published_at
    page = performance.get(url).content.decode()
    assert "2019/20 Q2 is published" in page
    assert "Publishing it again would change nothing" in page


def test_a_value_approved_after_publication_is_published_late_on_confirmation(council):
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.APPROVED)
    period_return = q2_round(council)
    services.publish_period(council.performance, period_return, missing_confirmed=1)
    # 3B1's value, missing at publication, is submitted and approved afterwards.
    late = factories.observation(council.other_measure, "2019/20 Q2", 82, status=Status.SUBMITTED)
    services.approve_observation(council.other_director, late, expected_version=late.version)
    performance = signed_in(council.performance)
    rounds = performance.get(reverse("collection:periods")).content.decode()
    assert "Publish 1 late value" in rounds
    url = reverse("collection:publish", args=[period_return.pk])
    page = performance.get(url).content.decode()
    assert "Approved since it was published (1)" in page
    assert "3B1 2019/20 Q2" in page
    # A count that no longer holds (another was approved meanwhile) publishes nothing.
    stale = performance.post(url, {"late": "2"})
    assert stale.url == url
    assert "Nothing was published: 1 value is now waiting" in (
        performance.get(stale.url).content.decode()
    )
    assert Observation.objects.get(pk=late.pk).status == Status.APPROVED
    done = performance.post(url, {"late": "1"})
    assert "1 late value of 2019/20 Q2 published." in performance.get(done.url).content.decode()
    published = Observation.objects.get(pk=late.pk)
    assert (published.status, published.reported_value) == (Status.PUBLISHED, 82)
    assert published.history.first().history_change_reason == "Published late with 2019/20 Q2"
    assert q2_round(council).history.first().history_change_reason == "Published 1 late value"
    assert q2_round(council).published_at == period_return.published_at  # the quarter's date
    # Sent again, the form publishes nothing and says so.
    again = performance.post(url, {"late": "1"})
    assert "nothing changed" in performance.get(again.url).content.decode()
    assert "late value" not in performance.get(reverse("collection:periods")).content.decode()
    # Only the performance team publishes, and only a published quarter has late values.
    with pytest.raises(PermissionDenied):
        services.publish_late_values(council.director, period_return, confirmed=0)
    q3 = factories.period_return(council.plan, "2019/20 Q3")
    with pytest.raises(WorkflowError, match="not published yet"):
        services.publish_late_values(council.performance, q3, confirmed=0)


def test_a_double_submitted_publish_reports_what_the_first_published(council, monkeypatch):
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.APPROVED)
    factories.observation(council.other_measure, "2019/20 Q2", 82, status=Status.APPROVED)
    period_return = q2_round(council)
    # Both submissions loaded the round before either published it.
    from councilstat.web.collection import views

    loaded = PeriodReturn.objects.get(pk=period_return.pk)
    services.publish_period(council.performance, period_return)
    monkeypatch.setattr(views, "_scoped_return", lambda request, pk: loaded)
    performance = signed_in(council.performance)
    second = performance.post(reverse("collection:publish", args=[period_return.pk]))
    assert second.status_code == 302
    assert "2019/20 Q2 published: 2 values." in performance.get(second.url).content.decode()


def test_a_closed_or_published_round_sends_no_value_reminders(council):
    day = dt.date(2019, 11, 5)  # after the deadline: values overdue
    assert any(r.kind == "value_overdue" for r in select_reminders(day))
    services.close_round(council.performance, q2_round(council))
    assert not any(r.kind.startswith("value") for r in select_reminders(day))


def test_an_extended_deadline_reminds_again_from_the_new_date(council):
    services.extend_round(council.performance, q2_round(council), dt.date(2019, 11, 30))
    assert not any(r.kind.startswith("value") for r in select_reminders(dt.date(2019, 11, 5)))
    due = [r for r in select_reminders(dt.date(2019, 11, 23)) if r.kind == "value_due"]
    assert {r.recipient for r in due} == {council.owner, council.other_owner}
    assert "is due on 30 November 2019, in 7 days" in due[0].text


def test_the_collection_settings_page(council):
    performance = signed_in(council.performance)
    page = performance.get(reverse("collection:settings")).content.decode()
    assert "Who approves values the performance team imports?" in page
    assert 'value="separately" checked' in page
    refused = performance.post(reverse("collection:settings"), {})
    assert "Select who approves imported values" in refused.content.decode()
    assert (
        performance.post(reverse("collection:settings"), {"imports": "on_import"}).status_code
        == 302
    )
    assert (
        'value="on_import" checked'
        in performance.get(reverse("collection:settings")).content.decode()
    )


def test_the_api_refuses_a_value_for_a_quarter_not_open_for_entry(council):
    from councilstat.web.api.tokens import create_token

    _, secret = create_token(council.owner, "Spreadsheet")
    services.close_round(council.performance, q2_round(council))
    response = Client().post(
        f"/api/v1/plans/{council.plan.pk}/measures/1A1/observations",
        {"period": "2019/20 Q2", "value": 85},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 409
    assert "closed to entry" in response.json()["detail"]
    assert not Observation.objects.filter(period="2019/20 Q2").exists()


def test_the_progress_and_publish_pages_run_a_fixed_number_of_queries(council):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    performance = signed_in(council.performance)
    progress_url = reverse(
        "collection:progress", kwargs={"plan_id": council.plan.pk, "quarter": Q2}
    )
    publish_url = reverse("collection:publish", args=[q2_round(council).pk])

    def queries() -> tuple[int, int]:
        counted = []
        for address in (progress_url, publish_url):
            with CaptureQueriesContext(connection) as captured:
                assert performance.get(address).status_code == 200
            counted.append(len(captured))
        return counted[0], counted[1]

    few = queries()
    people = council.measure.directorate
    for code in ("1A2", "1A3", "1A4"):
        extra = factories.measure(council.plan, code, owner=council.owner, directorate_=people)
        factories.observation(extra, "2019/20 Q2", 78, status=Status.SUBMITTED)
    assert queries() == few


NAV_ITEM = re.compile(
    r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)<'
)


def _heading(html: str) -> tuple[str, str]:
    """A page's title (without the service name) and its h1, as text."""
    title = re.search(r"<title>(.*?) – ", html, re.S)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert title is not None
    assert heading is not None
    return title.group(1).strip(), re.sub(r"<[^>]+>|\s+", " ", heading.group(1)).strip()


def test_the_navigation_names_collection_rounds_in_users_words_and_titles_agree(council):
    client = signed_in(council.performance)
    home = client.get("/", follow=True).content.decode()
    items = {text.strip(): href for href, text in NAV_ITEM.findall(home)}
    assert "Periods" not in items
    assert items["Collection rounds"] == reverse("collection:periods")
    rounds = client.get(items["Collection rounds"]).content.decode()
    assert _heading(rounds) == ("Collection rounds", "Collection rounds")
    assert 'aria-current="page"' in rounds.split("Collection rounds</strong>")[0][-200:]
    # Every page the navigation leads to, for every role that sees one, has a title that
    # agrees with its heading.
    for user in (council.performance, council.owner, council.director, council.councillor):
        client = signed_in(user)
        home = client.get("/", follow=True).content.decode()
        for href, text in NAV_ITEM.findall(home):
            page = client.get(href, follow=True).content.decode()
            title, heading = _heading(page)
            assert title.startswith(heading) or heading.startswith(title), (text, href)
    # A round's own page too.
    html = signed_in(council.performance).get(
        reverse("collection:round", args=[q2_round(council).pk])
    )
    assert _heading(html.content.decode()) == (
        "2019/20 Q2: its collection round",
        "2019/20 Q2: its collection round",
    )
