"""Large browser imports as background jobs: a confirmation of more than
``COUNCILSTAT_IMPORT_JOB_ROWS`` values queues a job that applies it under the synchronous
confirmation's rules (all or nothing, ticks, audit trail), reports its progress, applies an
upload once however often it is confirmed, refuses a value signed off meanwhile, and is seen
only by its owner and the council's performance team. Smaller imports stay synchronous."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councilstat.web.accounts.models import Role
from councilstat.web.collection import tasks
from councilstat.web.collection.imports import stage_upload
from councilstat.web.collection.models import Observation, PendingImport, Status
from councilstat.web.jobs import services
from councilstat.web.jobs.models import Job, Kind, State
from tests.integration import factories

MEASURES = 100
MONTHS = [f"{2013 + (3 + m) // 12}-{(3 + m) % 12 + 1:02d}" for m in range(60)]
ROWS = MEASURES * len(MONTHS)  # 6,000: over the default threshold of 5,000


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def monthly(council):
    """A second plan of the council: 100 monthly measures, no targets (so nothing is red)."""
    plan = factories.plan(council.plan.organisation, title="Monthly plan")
    for i in range(MEASURES):
        factories.measure(plan, f"M{i:03d}", frequency="monthly")
    return plan


def values_csv(rows) -> bytes:
    lines = ["code,period,value,note", *(",".join(map(str, row)) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def every_value():
    return [
        [f"M{i:03d}", month, f"{40 + (i + n) % 50}.5", ""]
        for i in range(MEASURES)
        for n, month in enumerate(MONTHS)
    ]


@pytest.fixture
def recorded(monkeypatch):
    """Every progress report the import job makes, as (done, total, message)."""
    calls: list[tuple[int, int, str]] = []

    def record(job, done, total, message="", **how):
        calls.append((done, total, message))
        services.progress(job, done, total, message, **how)

    monkeypatch.setattr(tasks, "progress", record)
    return calls


@pytest.fixture
def held(monkeypatch):
    """Jobs are queued but not started, as when the worker has not reached them yet."""
    started: list[int] = []
    monkeypatch.setattr(services, "_start", lambda job: started.append(job.pk))
    return started


def confirm(client, pending, **data):
    url = reverse("collection:import_preview", args=[pending.token])
    return client.post(url, {"action": "confirm", **data})


def test_a_large_confirm_becomes_a_job_that_stores_every_value_with_audit_rows(
    council, monthly, recorded
):
    performance = signed_in(council.performance)
    pending = stage_upload(council.performance, monthly, "values.csv", values_csv(every_value()))
    response = confirm(performance, pending)
    job = Job.objects.get(owner=council.performance, kind=Kind.IMPORT)
    assert response.status_code == 302
    assert response.url == reverse("jobs:job", kwargs={"pk": job.pk})
    assert job.state == State.DONE, job.error
    assert job.message == "values.csv was imported (observations: 6000 added, 0 updated)."
    assert (job.progress_done, job.progress_total) == (ROWS, ROWS)
    # Progress: checking first, then the writing, batch by batch, up to every value.
    assert recorded[0] == (0, 0, "Checking the values of values.csv")
    assert recorded[1] == (0, ROWS, "Storing values: 0 of 6,000")
    assert recorded[-1] == (ROWS, ROWS, "Storing values: 6,000 of 6,000")
    rows = Observation.objects.filter(measure__plan=monthly)
    assert rows.count() == ROWS
    one = rows.get(measure__code="M007", period="2014-01")
    assert one.value == D("56.5")
    assert (one.status, one.entered_by, one.approved_by) == (
        Status.SUBMITTED,
        council.performance,
        None,
    )
    history = Observation.history.filter(measure__plan=monthly)
    assert history.count() == ROWS
    assert set(history.values_list("history_user", "history_change_reason")) == {
        (council.performance.pk, "Imported and submitted for approval")
    }
    assert not PendingImport.objects.filter(pk=pending.pk).exists()  # consumed
    # The finished page says what was done and leads back to the collection.
    page = performance.get(response.url).content.decode()
    assert "values.csv was imported (observations: 6000 added, 0 updated)." in page
    assert f'href="{reverse("collection:periods")}"' in page


def test_a_small_confirm_stays_synchronous(council, settings):
    settings.COUNCILSTAT_IMPORT_JOB_ROWS = 2
    content = b"code,period,value,note\r\n1A1,2019/20 Q2,90,\r\n3B1,2019/20 Q2,85,\r\n"
    pending = stage_upload(council.performance, council.plan, "values.csv", content)
    response = confirm(signed_in(council.performance), pending)
    assert response.url == reverse("collection:periods")
    assert not Job.objects.exists()
    assert Observation.objects.get(measure=council.measure, period="2019/20 Q2").value == 90


def test_ticks_and_the_reason_go_with_the_job(council, settings):
    """The job applies the officer's choices: the ticked published value is restated with
    the reason given; an unticked approved one is kept."""
    settings.COUNCILSTAT_IMPORT_JOB_ROWS = 1
    published = Observation.objects.get(measure=council.measure, period="2019/20 Q1")
    approved = Observation.objects.get(measure=council.other_measure, period="2019/20 Q1")
    Observation.objects.filter(pk=approved.pk).update(status=Status.APPROVED, value=71)
    Observation.objects.filter(pk__in=[published.pk, approved.pk]).update(commentary="Why")
    content = b"code,period,value\r\n1A1,2019/20 Q1,77\r\n3B1,2019/20 Q1,79\r\n"
    pending = stage_upload(council.performance, council.plan, "values.csv", content)
    confirm(
        signed_in(council.performance),
        pending,
        replace=["1A1|2019/20 Q1"],
        reason="Late survey returns",
    )
    job = Job.objects.get(kind=Kind.IMPORT)
    assert job.state == State.DONE, job.error
    assert "1 approved or published value kept as they were" in job.message
    published.refresh_from_db()
    approved.refresh_from_db()
    assert (published.value, published.status, published.restatement_reason) == (
        D(77),
        Status.PUBLISHED,
        "Late survey returns",
    )
    assert (approved.value, approved.status) == (D(71), Status.APPROVED)


def test_a_value_approved_meanwhile_fails_the_job_and_stores_nothing(council, settings, held):
    settings.COUNCILSTAT_IMPORT_JOB_ROWS = 1
    content = b"code,period,value,note\r\n1A1,2019/20 Q2,90,\r\n3B1,2019/20 Q2,85,\r\n"
    pending = stage_upload(council.performance, council.plan, "values.csv", content)
    performance = signed_in(council.performance)
    response = confirm(performance, pending)
    job = Job.objects.get(kind=Kind.IMPORT)
    assert held == [job.pk]
    assert job.state == State.QUEUED
    # Before the worker reaches the job, a director approves 1A1's value for the quarter.
    factories.observation(
        council.measure,
        "2019/20 Q2",
        78,
        status=Status.APPROVED,
        approved_by=council.director,
        approved_at=timezone.now(),
    )
    before = list(Observation.objects.values_list("pk", "value", "status", "version"))
    services.run(job.pk)
    job.refresh_from_db()
    assert job.state == State.FAILED
    assert job.error == (
        "Nothing was stored. values.csv: 1A1 2019/20 Q2: the value was approved after the "
        "import was confirmed; nothing was stored: upload the file again to see what would change"
    )
    assert list(Observation.objects.values_list("pk", "value", "status", "version")) == before
    assert PendingImport.objects.filter(pk=pending.pk).exists()  # still there to look again
    page = performance.get(response.url).content.decode()
    assert "This could not be finished" in page
    assert "the value was approved after the import was confirmed" in page
    preview = reverse("collection:import_preview", args=[pending.token])
    assert f'href="{preview}"' in page


def test_a_red_value_without_commentary_fails_the_job_in_words(council, settings):
    settings.COUNCILSTAT_IMPORT_JOB_ROWS = 1
    content = b"code,period,value,note\r\n1A1,2019/20 Q2,90,\r\n3B1,2019/20 Q2,40,\r\n"
    pending = stage_upload(council.performance, council.plan, "values.csv", content)
    # The apply checks the entry form's rules itself: a red value with no note is refused.
    confirm(signed_in(council.performance), pending)
    job = Job.objects.get(kind=Kind.IMPORT)
    assert job.state == State.FAILED
    assert "3B1 2019/20 Q2: the value 40 is off target (red)" in job.error
    assert not Observation.objects.filter(period="2019/20 Q2").exists()


def test_a_double_confirm_applies_once(council, settings, held):
    settings.COUNCILSTAT_IMPORT_JOB_ROWS = 1
    content = b"code,period,value,note\r\n1A1,2019/20 Q2,90,\r\n3B1,2019/20 Q2,85,\r\n"
    pending = stage_upload(council.performance, council.plan, "values.csv", content)
    performance = signed_in(council.performance)
    first, second = confirm(performance, pending), confirm(performance, pending)
    assert first.url == second.url
    assert Job.objects.count() == 1
    job = Job.objects.get()
    services.run(job.pk)
    assert services.run(job.pk) is None  # a job runs once
    third = confirm(performance, pending)  # after it has run: the upload is consumed
    assert third.status_code == 302
    assert third.url == first.url
    assert Job.objects.count() == 1
    job.refresh_from_db()
    assert job.state == State.DONE
    assert Observation.objects.filter(period="2019/20 Q2").count() == 2
    assert Observation.history.filter(period="2019/20 Q2").count() == 2
    # Even a second job for the same upload (as if queued twice) stores nothing more.
    again = Job.objects.create(
        organisation=job.organisation,
        owner=council.performance,
        kind=Kind.IMPORT,
        title="again",
        parameters=job.parameters,
    )
    services.run(again.pk)
    again.refresh_from_db()
    assert again.state == State.FAILED
    assert "already been imported" in again.error
    assert Observation.history.filter(period="2019/20 Q2").count() == 2


def test_only_the_owner_and_the_councils_performance_team_see_the_job(council, settings):
    settings.COUNCILSTAT_IMPORT_JOB_ROWS = 1
    content = b"code,period,value,note\r\n1A1,2019/20 Q2,90,\r\n3B1,2019/20 Q2,85,\r\n"
    pending = stage_upload(council.performance, council.plan, "values.csv", content)
    confirm(signed_in(council.performance), pending)
    job = Job.objects.get(kind=Kind.IMPORT)
    url = reverse("jobs:job", kwargs={"pk": job.pk})
    colleague = factories.user(council.plan.organisation, Role.PERFORMANCE, username="colleague")
    other_council = factories.organisation("Elsewhere Council")
    outsider = factories.user(other_council, Role.PERFORMANCE, username="outsider")
    assert signed_in(council.performance).get(url).status_code == 200
    assert signed_in(colleague).get(url).status_code == 200
    assert signed_in(council.councillor).get(url).status_code == 403
    assert signed_in(council.director).get(url).status_code == 403
    assert signed_in(outsider).get(url).status_code == 404
    # Nor can anyone else confirm (or find the job through) the upload.
    assert confirm(signed_in(colleague), pending).status_code == 404


def test_the_bound_on_jobs_refuses_a_large_confirm_with_a_page(council, settings, held):
    settings.COUNCILSTAT_IMPORT_JOB_ROWS = 1
    settings.COUNCILSTAT_JOBS_PER_USER = 1
    content = b"code,period,value,note\r\n1A1,2019/20 Q2,90,\r\n3B1,2019/20 Q2,85,\r\n"
    performance = signed_in(council.performance)
    first = stage_upload(council.performance, council.plan, "first.csv", content)
    second = stage_upload(council.performance, council.plan, "second.csv", content)
    assert confirm(performance, first).status_code == 302
    refused = confirm(performance, second)
    assert refused.status_code == 429
    assert "You already have 1 imports being prepared" in refused.content.decode()
    assert Job.objects.count() == 1


def test_a_large_whole_plan_is_imported_by_a_job_too(council, settings, tmp_path):
    """A whole plan with more values than the threshold: confirmed, it is applied by a job,
    all or nothing, as the synchronous confirmation applies a small one."""
    from councilstat.web.plans.models import Plan
    from tests.unit.io.plan_files import write_workbook

    settings.COUNCILSTAT_IMPORT_JOB_ROWS = 5  # the workbook holds 6 values
    content = write_workbook(tmp_path / "plan.xlsx").read_bytes()
    pending = stage_upload(council.performance, None, "plan.xlsx", content)
    performance = signed_in(council.performance)
    url = reverse("collection:import_preview", kwargs={"token": pending.token})
    assert "Check the import" in performance.get(url).content.decode()
    assert not Plan.objects.filter(title="Council Plan").exists()  # the preview rehearses
    response = performance.post(url, {"action": "confirm"})
    job = Job.objects.get(kind=Kind.IMPORT)
    assert response.url == reverse("jobs:job", kwargs={"pk": job.pk})
    assert job.state == State.DONE, job.error
    assert job.message.startswith("plan.xlsx was imported")
    plan = Plan.objects.get(organisation=council.plan.organisation, title="Council Plan")
    assert Observation.objects.filter(measure__plan=plan).count() == 6
    assert not PendingImport.objects.filter(pk=pending.pk).exists()
    # Confirmed again (a second click), it finds the job rather than importing twice.
    assert performance.post(url, {"action": "confirm"}).url == response.url
    assert Plan.objects.filter(title="Council Plan").count() == 1
