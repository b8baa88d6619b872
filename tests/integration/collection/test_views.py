"""Data collection through its pages, with the Django test client: the workflow, the conflict
case, the confirmation step, errors linked to fields, who may do what, and CSRF."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councilstat.core.periods import Month, Quarter
from councilstat.web.accounts.models import Role
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from tests.integration import factories

Q1, Q2 = Quarter(2019, 1), Quarter(2019, 2)


def signed_in(user, **options):
    client = Client(**options)
    client.force_login(user)
    return client


def entry_url(council, period=Q2, code="1A1"):
    return reverse(
        "collection:entry", kwargs={"plan_id": council.plan.pk, "code": code, "period": period}
    )


def q2_value(council, code="1A1"):
    return Observation.objects.filter(measure__plan=council.plan, measure__code=code).get(
        period="2019/20 Q2"
    )


def enter(client, council, value, *, version="", action="draft", **extra):
    data = {"value": value, "version": version, "action": action, "commentary": "", **extra}
    return client.post(entry_url(council), data)


def test_the_whole_workflow_through_the_pages(council):
    owner = signed_in(council.owner)
    start = owner.get(reverse("collection:my_measures"))
    due_url = reverse(
        "collection:my_measures_for", kwargs={"plan_id": council.plan.pk, "quarter": Q2}
    )
    assert start.status_code == 302
    assert start.url == due_url
    due = owner.get(due_url).content.decode()
    assert "1A1" in due
    assert "3B1" not in due  # another owner's measure
    assert "Not started" in due
    assert "31 October 2019" in due
    page = owner.get(entry_url(council)).content.decode()
    assert "80.0%" in page  # the target
    assert "5% of the target" in page
    assert "70.0%" in page  # the previous quarter

    response = enter(owner, council, "78", action="submit", commentary="Nearly there")
    assert response.status_code == 302
    assert response.url == due_url
    assert (q2_value(council).status, q2_value(council).version) == (Status.SUBMITTED, 1)

    director = signed_in(council.director)
    queue = director.get(reverse("collection:approvals")).content.decode()
    assert "78.0%" in queue
    assert "Within tolerance" in queue  # 78 against 80 with a 5% band
    assert "Nearly there" in queue
    pk = q2_value(council).pk
    returned = director.post(
        reverse("collection:return", args=[pk]), {"version": 1, "reason": "Check the denominator"}
    )
    assert returned.status_code == 302
    assert q2_value(council).status == Status.RETURNED
    assert (
        "Returned by the director: Check the denominator"
        in owner.get(entry_url(council)).content.decode()
    )

    assert enter(owner, council, "79", version=2, action="submit").status_code == 302
    approved = director.post(reverse("collection:approve", args=[pk]), {"version": 3})
    assert approved.status_code == 302
    assert q2_value(council).status == Status.APPROVED

    performance = signed_in(council.performance)
    period_return = PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q2")
    assert "Approved: 1" in performance.get(reverse("collection:periods")).content.decode()
    publish_url = reverse("collection:publish", args=[period_return.pk])
    confirm = performance.get(publish_url).content.decode()
    assert "Publish 2019/20 Q2?" in confirm
    assert "1 of the 2 values due has no approved value" in confirm
    assert "3B1 2019/20 Q2: Measure 3B1" in confirm  # not started
    assert q2_value(council).status == Status.APPROVED  # the confirmation page changes nothing
    unconfirmed = performance.post(publish_url, {"missing": "1"})
    assert unconfirmed.status_code == 200
    assert "1 value due is missing: tick the box to publish without them" in (
        unconfirmed.content.decode()
    )
    assert q2_value(council).status == Status.APPROVED
    published = performance.post(publish_url, {"missing": "1", "confirmed": "on"})
    assert published.status_code == 302
    assert q2_value(council).status == Status.PUBLISHED

    restate_url = reverse("collection:restate", args=[pk])
    restated = performance.post(
        restate_url,
        {
            "value": "81",
            "reason": "Late returns from one team",
            "version": q2_value(council).version,
        },
    )
    assert restated.status_code == 302
    value = q2_value(council)
    assert (value.value, value.reported_value, value.is_revised) == (D(81), D(79), True)
    shown = performance.get(restate_url).content.decode()
    assert "79.0%" in shown  # as reported
    assert "81.0%" in shown  # the revision
    assert "Revised since reported" in shown
    assert "Late returns from one team" in shown


def test_a_second_editor_gets_a_conflict_and_nothing_is_overwritten(council):
    first, second = signed_in(council.owner), signed_in(council.owner)
    for client in (first, second):
        form = client.get(entry_url(council)).content.decode()
        assert 'name="version" id="id_version"' in form or 'name="version"' in form
    assert enter(first, council, "78").status_code == 302
    clash = enter(second, council, "85")
    assert clash.status_code == 409
    page = clash.content.decode()
    assert "Someone else saved this value while you were editing: theirs 78.0%" in page
    assert "yours 85.0%" in page
    assert re.search(r'name="version" value="1"', page)  # reloaded at their version
    assert q2_value(council).value == D(78)
    # Having seen both, the second editor may choose to save theirs over it.
    assert enter(second, council, "85", version=1).status_code == 302
    assert (q2_value(council).value, q2_value(council).version) == (D(85), 2)


def test_approving_a_stale_version_is_a_conflict_page(council):
    owner, director = signed_in(council.owner), signed_in(council.director)
    enter(owner, council, "78", action="submit")
    pk = q2_value(council).pk
    response = director.post(reverse("collection:approve", args=[pk]), {"version": 0})
    assert response.status_code == 409
    assert "This value has changed since you loaded the page" in response.content.decode()
    assert q2_value(council).status == Status.SUBMITTED
    stale_return = director.post(
        reverse("collection:return", args=[pk]), {"version": 0, "reason": "Why?"}
    )
    assert stale_return.status_code == 409
    assert q2_value(council).status == Status.SUBMITTED


def test_a_large_change_asks_for_confirmation(council):
    owner = signed_in(council.owner)
    asked = enter(owner, council, "95")  # 70 last quarter: 36% up
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "I confirm this value is correct" in page
    assert "36% away from the previous value (70.0%)" in page
    assert not Observation.objects.filter(period="2019/20 Q2").exists()
    again = enter(owner, council, "95", confirmation_asked="1")
    assert '<a href="#id_confirmed">Confirm the value is correct, or change it</a>' in (
        again.content.decode()
    )
    assert not Observation.objects.filter(period="2019/20 Q2").exists()
    confirmed = enter(owner, council, "95", confirmation_asked="1", confirmed="on")
    assert confirmed.status_code == 302
    assert q2_value(council).value == D(95)


def test_a_red_value_without_commentary_shows_a_linked_error_summary(council):
    response = enter(signed_in(council.owner), council, "66")  # red, and within 25% of 70
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert '<a href="#id_commentary">This value is off target (red)' in page
    assert 'id="id_commentary-error"' in page
    assert not Observation.objects.filter(period="2019/20 Q2").exists()


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ("lots", "value", "Enter the value as a number, like 78.5"),
        ("NaN", "value", "Enter the value as a number, like 78.5"),
        ("1e400", "value", "The value must be less than 1,000,000,000,000"),
        ("0.1234567", "value", "Give the value with no more than 6 decimal places"),
        ("101", "value", "a percentage must be 0 to 100, not 101"),
    ],
)
def test_bad_figures_are_errors_on_their_field(council, typed, field, message):
    response = enter(signed_in(council.owner), council, typed)
    assert response.status_code == 200
    assert f'<a href="#id_{field}">{message}' in response.content.decode()


def test_numerator_and_denominator_give_the_value(council):
    owner = signed_in(council.owner)
    data = {"value": "", "numerator": "39", "denominator": "50", "version": "", "action": "draft"}
    assert owner.post(entry_url(council), data).status_code == 302
    assert q2_value(council).value == D(78)
    mismatch = {**data, "numerator": "51"}
    response = owner.post(entry_url(council), {**mismatch, "version": 1})
    assert '<a href="#id_numerator">' in response.content.decode()


def test_the_value_box_shows_the_measures_unit_and_how_counts_make_it(council):
    owner = signed_in(council.owner)
    page = owner.get(entry_url(council)).content.decode()  # 1A1 is a percentage
    assert '<label class="govuk-label" for="id_value">Value, in per cent</label>' in page
    assert '<div class="govuk-input__suffix" aria-hidden="true">%</div>' in page
    assert "The value is 100 × numerator ÷ denominator." in page
    from councilstat.web.plans.models import Measure

    Measure.objects.filter(pk=council.measure.pk).update(unit="currency")
    page = owner.get(entry_url(council)).content.decode()
    assert "Value, in pounds" in page
    assert '<div class="govuk-input__prefix" aria-hidden="true">£</div>' in page
    assert "100 ×" not in page
    Measure.objects.filter(pk=council.measure.pk).update(unit="number")
    page = owner.get(entry_url(council)).content.decode()
    assert '<label class="govuk-label" for="id_value">Value</label>' in page
    assert "govuk-input__wrapper" not in page


def test_only_the_measures_owner_may_open_its_entry_page(council):
    assert signed_in(council.owner).get(entry_url(council)).status_code == 200
    assert signed_in(council.other_owner).get(entry_url(council)).status_code == 403
    assert signed_in(council.councillor).get(entry_url(council)).status_code == 403
    assert signed_in(council.director).get(entry_url(council)).status_code == 403
    stranger = factories.user(factories.organisation(), Role.OWNER)
    assert signed_in(stranger).get(entry_url(council)).status_code == 404
    assert signed_in(council.owner).get(entry_url(council, code="NOPE")).status_code == 404
    # 1A1 is quarterly: a month is not one of its periods.
    assert signed_in(council.owner).get(entry_url(council, Month(2019, 7))).status_code == 404


def test_a_councillor_cannot_post_a_value(council):
    response = enter(signed_in(council.councillor), council, "78")
    assert response.status_code == 403
    assert not Observation.objects.filter(period="2019/20 Q2").exists()


def test_a_submitted_value_is_shown_but_not_editable(council):
    owner = signed_in(council.owner)
    enter(owner, council, "78", action="submit")
    page = owner.get(entry_url(council)).content.decode()
    assert "This value is submitted, so it cannot be changed here." in page
    assert "Save draft" not in page
    published = owner.get(entry_url(council, Q1)).content.decode()
    assert "A correction to a published value is a restatement" in published


def test_posts_need_a_csrf_token(council):
    client = signed_in(council.owner, enforce_csrf_checks=True)
    refused = enter(client, council, "78")
    assert refused.status_code == 403
    assert not Observation.objects.filter(period="2019/20 Q2").exists()
    client.get(entry_url(council))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        entry_url(council),
        {"value": "78", "version": "", "action": "draft", "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 302
    assert q2_value(council).value == D(78)


def test_state_changing_pages_refuse_get(council):
    enter(signed_in(council.owner), council, "78", action="submit")
    director = signed_in(council.director)
    assert (
        director.get(reverse("collection:approve", args=[q2_value(council).pk])).status_code == 405
    )
    assert q2_value(council).status == Status.SUBMITTED
    period_return = PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q2")
    performance = signed_in(council.performance)
    assert (
        performance.get(reverse("collection:members", args=[period_return.pk])).status_code == 405
    )


def test_returning_needs_a_reason(council):
    enter(signed_in(council.owner), council, "78", action="submit")
    response = signed_in(council.director).post(
        reverse("collection:return", args=[q2_value(council).pk]), {"version": 1, "reason": " "}
    )
    assert '<a href="#id_reason">Say why the value is being returned</a>' in (
        response.content.decode()
    )
    assert q2_value(council).status == Status.SUBMITTED


def test_opening_and_closing_a_quarter_to_members(council):
    period_return = PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q2")
    url = reverse("collection:members", args=[period_return.pk])
    performance = signed_in(council.performance)
    assert performance.post(url, {"opened": "1"}).status_code == 302
    period_return.refresh_from_db()
    assert period_return.opened_to_members
    performance.post(url, {"opened": "0"})
    period_return.refresh_from_db()
    assert not period_return.opened_to_members


def test_my_measures_opens_the_latest_quarter_once_all_are_published(council):
    PeriodReturn.objects.filter(plan=council.plan).update(published_at="2019-11-14T12:00Z")
    factories.period_return(council.plan, "2019/20 Q1", published_at="2019-08-14T12:00Z")
    response = signed_in(council.owner).get(reverse("collection:my_measures"))
    assert response.url.endswith("/2019-20-q2/")


def test_restating_needs_a_reason_and_a_published_value(council):
    performance = signed_in(council.performance)
    published = Observation.objects.get(measure=council.measure, period="2019/20 Q1")
    url = reverse("collection:restate", args=[published.pk])
    response = performance.post(url, {"value": "71", "reason": "", "version": published.version})
    assert '<a href="#id_reason">Say why the published value is being corrected</a>' in (
        response.content.decode()
    )
    published.refresh_from_db()
    assert published.value == D(70)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_approvals_and_due_pages_run_a_fixed_number_of_queries(council):
    owner, director = signed_in(council.owner), signed_in(council.director)
    due_url = reverse(
        "collection:my_measures_for", kwargs={"plan_id": council.plan.pk, "quarter": Q2}
    )
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.SUBMITTED)
    few = queries_for(director, reverse("collection:approvals")), queries_for(owner, due_url)
    people = council.measure.directorate
    for code in ("1A2", "1A3", "1A4"):
        extra = factories.measure(council.plan, code, owner=council.owner, directorate_=people)
        factories.target(extra, "2019/20", 80)
        factories.observation(extra, "2019/20 Q2", 78, status=Status.SUBMITTED)
    many = queries_for(director, reverse("collection:approvals")), queries_for(owner, due_url)
    assert many == few
