"""The committee report from the web: downloads for the performance team and councillors, in
every format, and re-created as the figures stood at a date. Each download is a background job
(run inline here, as on the embedded default): the link leads to the job page, which offers the
file."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from pypdf import PdfReader

from councilstat.core.periods import Quarter
from councilstat.web.collection import services
from councilstat.web.collection.models import Observation
from councilstat.web.collection.services import Figures
from tests.integration import factories

Q2 = Quarter(2019, 2)


def download(client, address):
    """Follow a report link to its job page and download the file the job made."""
    asked = client.get(address)
    assert asked.status_code == 302, asked.content[:500]
    page = client.get(asked.url)
    assert page.status_code == 200
    job_id = int(asked.url.rstrip("/").rsplit("/", 1)[1])
    file = reverse("jobs:download", kwargs={"pk": job_id})
    assert file.encode() in page.content
    return client.get(file)


def url(plan, fmt, **params):
    address = reverse("dashboards:report", kwargs={"plan_id": plan.pk, "quarter": Q2, "fmt": fmt})
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{address}?{query}" if query else address


@pytest.mark.parametrize("role", ["performance", "director", "councillor"])
def test_buttons_for_the_performance_team_directors_and_councillors(client, council, role):
    client.force_login(getattr(council, role))
    page = client.get(
        reverse("dashboards:overview", kwargs={"plan_id": council.plan.pk, "quarter": Q2})
    )
    assert url(council.plan, "pdf").encode() in page.content
    assert reverse("jobs:list").encode() in page.content
    assert download(client, url(council.plan, "html")).status_code == 200


@pytest.mark.parametrize("role", ["owner"])
def test_other_roles_cannot_download(client, council, role):
    client.force_login(getattr(council, role))
    assert client.get(url(council.plan, "html")).status_code == 403


def test_every_format_downloads_for_the_demo(client, demo_plan):
    from councilstat.web.accounts.models import User

    client.force_login(User.objects.get(username="performance"))
    html = download(client, url(demo_plan, "html"))
    assert html["Content-Type"].startswith("text/html")
    assert b"28 (52%) met or exceeded their target, compared with 55% in Quarter 1" in html.content
    pdf = download(client, url(demo_plan, "pdf", exceptions="1"))
    assert pdf["Content-Disposition"] == 'attachment; filename="exceptions-2019-20-q2.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "5D7" in text
    for fmt, magic in (("docx", b"PK"), ("xlsx", b"PK")):
        assert download(client, url(demo_plan, fmt)).content[:2] == magic
    assert client.get(url(demo_plan, "pptx")).status_code == 404


def test_as_at_recreates_the_pack_before_a_restatement(client, demo_plan):
    from councilstat.web.accounts.models import User

    performance = User.objects.get(username="performance")
    published = Observation.objects.get(
        measure__plan=demo_plan, measure__code="5D7", period="2019/20 Q2"
    )
    services.restate_observation(
        performance,
        published,
        Figures(value=D("70"), commentary="Late completions"),
        "Late returns",
        expected_version=published.version,
    )
    client.force_login(performance)
    today = download(client, url(demo_plan, "html", exceptions="1")).content.decode()
    assert "70.0%" in today
    then = download(client, url(demo_plan, "html", exceptions="1", as_at="2019-11-20"))
    then = then.content.decode()
    assert "68.0%" in then
    assert "20 November 2019" in then


def test_the_same_report_is_made_once_until_its_figures_change(client, council):
    client.force_login(council.performance)
    first = client.get(url(council.plan, "pdf"))
    assert client.get(url(council.plan, "pdf")).url == first.url
    assert client.get(url(council.plan, "docx")).url != first.url
    assert client.get(url(council.plan, "pdf", exceptions="1")).url != first.url
    assert client.get(url(council.plan, "pdf", as_at="2019-11-20")).url != first.url
    factories.observation(council.measure, "2019/20 Q2", 75)
    assert client.get(url(council.plan, "pdf")).url != first.url
