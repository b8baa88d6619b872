"""The performance team changes measures, targets and users; every change is audited and can be
exported."""

import csv
import io
from decimal import Decimal as D

from django.urls import reverse

from councilstat.web.accounts.models import Role, User
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
