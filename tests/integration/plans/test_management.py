"""The performance team changes measures, targets and users; every change is audited and can be
exported."""

import csv
import io
import re
from decimal import Decimal as D

from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.web.accounts.models import Role, User
from councilstat.web.api.tokens import create_token
from councilstat.web.plans.models import Measure, Target


def measure_url(council, name):
    return reverse(name, kwargs={"plan_id": council.plan.pk, "code": council.measure.code})


def test_changing_a_tolerance_needs_a_reason_and_is_audited(client, council):
    client.force_login(council.performance)
    url = measure_url(council, "plans:edit_measure")
    form = {
        "title": "Families contacted within 3 days",
        "polarity": "higher",
        "aggregation": "last",
        "tolerance": "2",
        "owner": council.owner.pk,
        "directorate": council.measure.directorate_id,
        "definition": "",
        "source": "",
        "is_public": "on",
    }
    missing_reason = client.post(url, form)
    assert missing_reason.status_code == 200
    assert b"govuk-error-summary" in missing_reason.content
    assert client.post(url, {**form, "reason": "Agreed at Cabinet, 4 November"}).status_code == 302
    measure = Measure.objects.get(pk=council.measure.pk)
    assert (measure.tolerance_kind, measure.tolerance_amount) == ("absolute", D(2))
    history = client.get(measure_url(council, "audit:measure"))
    assert history.status_code == 200
    assert b"Agreed at Cabinet, 4 November" in history.content
    assert b"Tolerance amount: 5 \xe2\x86\x92 2" in history.content


def test_a_measure_declares_its_decimal_places_and_every_page_shows_them(client, council):
    client.force_login(council.performance)
    url = measure_url(council, "plans:edit_measure")
    form = {
        "title": council.measure.title,
        "polarity": "higher",
        "aggregation": "last",
        "tolerance": "5%",
        "owner": council.owner.pk,
        "directorate": council.measure.directorate_id,
        "definition": "",
        "source": "",
        "is_public": "on",
        "reason": "Shown to two places, as the return gives it",
    }
    too_many = client.post(url, {**form, "decimal_places": "7"})
    assert too_many.status_code == 200
    assert b"govuk-error-summary" in too_many.content
    assert client.post(url, {**form, "decimal_places": "2"}).status_code == 302
    assert Measure.objects.get(pk=council.measure.pk).decimal_places == 2
    overview = reverse("dashboards:overview", args=[council.plan.pk, Quarter(2019, 1)])
    page = client.get(overview).content.decode()
    row = page[page.index(f">{council.measure.code}</a>") :]
    row = row[: row.index("</tr>")]
    assert re.findall(r"\b\d+\.\d\d%", row)  # two places
    assert not re.findall(r"\b\d+\.\d%", row)  # never the unit's one
    _, secret = create_token(council.performance, "test")
    api = client.get(
        f"/api/v1/plans/{council.plan.pk}/measures/{council.measure.code}",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert api.status_code == 200
    assert (api.json()["decimal_places"], api.json()["can_exceed_100"]) == (2, False)


def test_a_target_is_checked_by_the_plan_file_rules(client, council):
    client.force_login(council.performance)
    url = measure_url(council, "plans:edit_target")
    bad = client.post(url, {"period": "2019-07", "target": "85", "reason": "Profiled"})
    assert b"so a target cannot be set for a month" in bad.content
    too_big = client.post(url, {"period": "2019/20 Q3", "target": "120", "reason": "Profiled"})
    assert b"a percentage must be 0 to 100" in too_big.content
    assert (
        client.post(url, {"period": "Q3 2019/20", "target": "85", "reason": "Profiled"}).status_code
        == 302
    )
    assert Target.objects.get(measure=council.measure, period="2019/20 Q3").value == D(85)


def test_a_band_measures_target_band_is_set_in_the_browser(client, council):
    measure = council.measure
    measure.polarity = "band"
    measure.save()
    client.force_login(council.performance)
    url = measure_url(council, "plans:edit_target")
    form = {"period": "2019/20 Q3", "target": "60", "upper": "70", "reason": "Agreed range"}
    assert client.post(url, form).status_code == 302
    target = Target.objects.get(measure=measure, period="2019/20 Q3")
    assert (target.value, target.upper) == (D(60), D(70))
    assert "60.0% to 70.0%" in client.get(url).content.decode()
    upside_down = client.post(url, {**form, "target": "75"}).content.decode()
    assert "the top of the target band (70) is below its bottom (75)" in upside_down
    measure.polarity = "higher"
    measure.save()
    not_a_band = client.post(url, form).content.decode()
    assert "govuk-error-summary" in not_a_band
    target.refresh_from_db()
    assert (target.value, target.upper) == (D(60), D(70))


def test_audit_export_is_csv_with_formulas_escaped(client, council):
    client.force_login(council.performance)
    url = measure_url(council, "plans:edit_target")
    client.post(url, {"period": "2019/20 Q3", "target": "85", "reason": '=HYPERLINK("http://x")'})
    response = client.get(measure_url(council, "audit:measure_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    reasons = {row["reason"] for row in rows}
    assert '\'=HYPERLINK("http://x")' in reasons
    assert any(
        row["what"] == "Target for 1A1, 2019/20 Q3"
        and row["change"].startswith("Target for 1A1, 2019/20 Q3: 85.0%, created by")
        for row in rows
    )
    assert all(row["who"] for row in rows)


def test_adding_a_user_of_the_same_council(client, council):
    client.force_login(council.performance)
    response = client.post(
        reverse("plans:new_user"),
        {
            "username": "newowner",
            "first_name": "New",
            "last_name": "Owner",
            "email": "new@council.example",
            "role": "owner",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="newowner")
    assert (person.role, person.organisation) == (Role.OWNER, council.plan.organisation)
    assert not person.has_usable_password()


def test_a_target_period_that_reads_two_ways_is_read_by_the_frequency_or_refused(client, council):
    """2011-12 is December 2011 or the year 2011/12: a quarterly measure's target can only be the
    year; a monthly measure's could be either, so it is refused naming both."""
    client.force_login(council.performance)
    url = measure_url(council, "plans:edit_target")
    assert (
        client.post(url, {"period": "2011-12", "target": "80", "reason": "Old"}).status_code == 302
    )
    assert Target.objects.filter(measure=council.measure, period="2011/12").exists()
    Measure.objects.filter(pk=council.measure.pk).update(frequency="monthly")
    refused = client.post(url, {"period": "2010-11", "target": "80", "reason": "Old"})
    assert (
        "&#x27;2010-11&#x27; could be November 2010 or the financial year 2010/11, and either "
        "could be a target for 1A1 (collected monthly)" in refused.content.decode()
    )
    assert not Target.objects.filter(measure=council.measure, period__in=["2010-11", "2010/11"])
