"""A series break set in the browser or by a plan import: stored, audited, carried into next
year's plan, and the measure's SPC chart starts new limits there and says so."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.web.plans.adapters import core_measure
from councilstat.web.plans.models import Measure
from councilstat.web.plans.next_year import start_next_year
from tests.integration import factories
from tests.unit.io.plan_files import MEASURES, write_workbook

Q2 = Quarter(2019, 2)
FORM = {
    "title": "Measure 1A1",
    "polarity": "higher",
    "aggregation": "last",
    "tolerance": "2",
    "definition": "",
    "source": "",
    "is_public": "on",
    "reason": "The definition changed in April 2018",
}


def edit(council, breaks: str):
    client = Client()
    client.force_login(council.performance)
    url = reverse("plans:edit_measure", kwargs={"plan_id": council.plan.pk, "code": "1A1"})
    return client.post(url, {**FORM, "series_breaks": breaks})


def test_the_performance_team_sets_a_break_in_the_browser(council):
    assert edit(council, "Q1 2018/19").status_code == 302
    measure = Measure.objects.get(pk=council.measure.pk)
    assert measure.series_breaks == ["2018/19 Q1"]
    assert core_measure(measure).breaks == (Quarter(2018, 1),)
    assert measure.history.first().history_change_reason == "The definition changed in April 2018"
    client = Client()
    client.force_login(council.performance)
    audit = reverse("audit:measure", kwargs={"plan_id": council.plan.pk, "code": "1A1"})
    assert "Series breaks: (none) → 2018/19 Q1" in client.get(audit).content.decode()


def test_a_bad_break_is_an_error_on_its_field(council):
    for typed, message in [
        ("soon", "&#x27;soon&#x27; is not a period"),
        ("2019/20 Q1; 2018/19 Q1", "Write the series breaks in time order"),
    ]:
        page = edit(council, typed).content.decode()
        assert f'<a href="#id_series_breaks">{message}' in page
    assert Measure.objects.get(pk=council.measure.pk).series_breaks == []


def test_the_measure_page_draws_new_limits_from_the_break(council):
    for index, value in enumerate([70, 71, 69, 70, 71, 70, 40, 41, 39, 40, 41]):
        quarter = Quarter(2016 + index // 4, index % 4 + 1)
        if quarter != Quarter(2019, 1):  # the fixture has 2019/20 Q1 already
            factories.observation(council.measure, str(quarter), value)
    client = Client()
    client.force_login(council.performance)
    url = reverse(
        "dashboards:measure", kwargs={"plan_id": council.plan.pk, "quarter": Q2, "code": "1A1"}
    )
    before = client.get(url).content.decode()
    assert "The series breaks at" not in before
    assert edit(council, "2017/18 Q3").status_code == 302
    after = client.get(url).content.decode()
    assert "The series breaks at 2017/18 Q3: limits start again there" in after


def test_a_plan_import_stores_the_breaks(council, tmp_path):
    measures = [MEASURES[0] + ",breaks"] + [
        f"{line},{cell}" for line, cell in zip(MEASURES[1:], ["2019-02", "", "", ""], strict=True)
    ]
    content = write_workbook(tmp_path / "plan.xlsx", measures=measures).read_bytes()
    client = Client()
    client.force_login(council.performance)
    upload = {"kind": "plan", "file": SimpleUploadedFile("plan.xlsx", content)}
    preview = client.post(reverse("collection:import"), upload)
    assert client.post(preview.url, {"action": "confirm"}).status_code == 302
    imported = Measure.objects.get(plan__title="Council Plan", code="1A1")
    assert imported.series_breaks == ["2019-02"]
    assert Measure.objects.get(plan__title="Council Plan", code="1A2").series_breaks == []


def test_next_years_plan_keeps_the_breaks(council):
    assert edit(council, "2018/19 Q1").status_code == 302
    next_plan = start_next_year(council.performance, council.plan, title="Plan 2020-21", carries=[])
    carried = Measure.objects.get(plan=next_plan, code="1A1")
    assert carried.series_breaks == ["2018/19 Q1"]


def test_the_api_lists_a_measures_breaks(council):
    assert edit(council, "2018/19 Q1; 2019-02").status_code == 302
    client = Client()
    client.force_login(council.performance)
    items = client.get(f"/api/v1/plans/{council.plan.pk}/measures").json()["items"]
    breaks = {item["code"]: item["series_breaks"] for item in items}
    assert breaks == {"1A1": ["2018/19 Q1", "2019-02"], "3B1": []}
