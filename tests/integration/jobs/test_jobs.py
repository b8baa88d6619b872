"""Background jobs: their life (queued, running, done or failed), the bounds on how many may
be unfinished, who may see them, the pages that show them, and the committee report made by a
job being the report the old synchronous download gave. Jobs run inline here (immediate mode);
``test_worker.py`` runs them through Redis and a worker."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from councilstat.core.periods import Quarter
from councilstat.reports.render import ReportFormat, render
from councilstat.web.accounts.models import Role
from councilstat.web.dashboards import selectors
from councilstat.web.dashboards.presenters import ReportRequest, committee_report
from councilstat.web.jobs import services
from councilstat.web.jobs.models import Job, Kind, State
from councilstat.web.jobs.services import JobError, JobFile, TooManyJobs, enqueue
from tests.integration import factories

Q2 = Quarter(2019, 2)


def report_url(council, fmt="html", **params):
    address = reverse(
        "dashboards:report", kwargs={"plan_id": council.plan.pk, "quarter": Q2, "fmt": fmt}
    )
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{address}?{query}" if query else address


@pytest.fixture
def work(monkeypatch):
    """A handler for import jobs that a test decides: ``work.outcome`` is returned, or raised
    if it is an exception; every call is recorded with the progress seen from the database."""

    class Work:
        outcome: object = "42 values imported"
        calls: list[tuple[str, int, int, str]] = []

        def __call__(self, job):
            services.progress(job, 1, 4, "Checking the rows")
            stored = Job.objects.get(pk=job.pk)
            self.calls.append(
                (
                    stored.state,
                    stored.progress_done,
                    stored.progress_total,
                    stored.progress_message,
                )
            )
            if isinstance(self.outcome, BaseException):
                raise self.outcome
            return self.outcome

    handler = Work()
    monkeypatch.setitem(services._handlers, Kind.IMPORT.value, handler)
    return handler


def queued(owner, *, created_at=None, kind=Kind.IMPORT):
    """An unfinished job of ``owner``'s, as the worker has not yet started it."""
    job = Job.objects.create(
        organisation=owner.organisation, owner=owner, kind=kind, title="Waiting"
    )
    if created_at is not None:
        Job.objects.filter(pk=job.pk).update(created_at=created_at)
    return job


# Life ------------------------------------------------------------------------------------


def test_a_job_runs_through_its_states_and_keeps_its_message(council, work):
    before = timezone.now()
    job = enqueue(council.performance, Kind.IMPORT, "Import of values.xlsx", {"upload": 7})
    assert work.calls == [(State.RUNNING, 1, 4, "Checking the rows")]
    assert job.state == State.DONE
    assert job.message == "42 values imported"
    assert job.organisation == council.plan.organisation
    assert job.parameters == {"upload": 7}
    assert before <= job.created_at <= job.started_at <= job.finished_at
    assert job.percent == 100
    assert services.run(job.pk) is None  # a finished job is never run again
    assert len(work.calls) == 1


def test_a_job_that_makes_a_file_offers_it_to_its_owner(client, council, work):
    work.outcome = JobFile(b"a,b\n1,2\n", "values.csv", "text/csv")
    job = enqueue(council.councillor, Kind.IMPORT, "Values", {})
    client.force_login(council.councillor)
    page = client.get(reverse("jobs:job", kwargs={"pk": job.pk}))
    assert b"Download values.csv" in page.content
    assert b'http-equiv="refresh"' not in page.content
    assert b"job-progress.js" not in page.content
    file = client.get(reverse("jobs:download", kwargs={"pk": job.pk}))
    assert file.content == b"a,b\n1,2\n"
    assert file["Content-Type"] == "text/csv"
    assert file["Content-Disposition"] == 'attachment; filename="values.csv"'


def test_an_unfinished_job_shows_its_progress_and_refreshes_itself(client, council):
    job = queued(council.councillor)
    services.progress(job, 2, 5, "Drawing the charts")
    client.force_login(council.councillor)
    page = client.get(reverse("jobs:job", kwargs={"pk": job.pk})).content.decode()
    # Kept up to date by a script file, or, without JavaScript, by a refresh every 2 seconds.
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "councilstat/job-progress.js" in page
    assert '<progress id="job-progress" max="100" value="40">40%</progress>' in page
    assert "Drawing the charts" in page
    assert "Step 2 of 5." in page
    assert not re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script (CSP)
    assert client.get(reverse("jobs:download", kwargs={"pk": job.pk})).status_code == 404


@pytest.mark.parametrize(
    ("raised", "shown"),
    [
        (JobError("Row 12, column value: “abc” is not a number."), "Row 12, column value"),
        (
            RuntimeError("disk full at /srv/secret-path"),
            "Something went wrong while this was being",
        ),
    ],
)
def test_a_failure_is_shown_in_words_on_a_styled_page(client, council, work, raised, shown):
    work.outcome = raised
    job = enqueue(council.councillor, Kind.IMPORT, "Import", {})
    assert job.state == State.FAILED
    client.force_login(council.councillor)
    response = client.get(reverse("jobs:job", kwargs={"pk": job.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "This could not be finished" in page
    assert shown in page
    assert "/srv/secret-path" not in page  # an unexpected error's details stay in the log
    if not isinstance(raised, JobError):
        assert f"quote job {job.pk}" in page
    assert "govuk-template__body" in page  # the service's layout


def test_a_queue_that_cannot_be_reached_fails_the_job_with_words(client, council, monkeypatch):
    from redis.exceptions import ConnectionError as RedisDown

    from councilstat.web.jobs import tasks

    def unreachable(job_id):
        raise RedisDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks, "run_job", unreachable)
    client.force_login(council.councillor)
    asked = client.get(report_url(council, "pdf"))
    assert asked.status_code == 302
    page = client.get(asked.url).content.decode()
    assert "could not start this just now" in page
    assert "Connection refused" not in page
    assert Job.objects.get().state == State.FAILED


def test_my_jobs_lists_only_the_users_own(client, council, work):
    mine = enqueue(council.councillor, Kind.IMPORT, "My import", {})
    enqueue(council.performance, Kind.IMPORT, "Someone else's import", {})
    client.force_login(council.councillor)
    page = client.get(reverse("jobs:list")).content.decode()
    assert "My import" in page
    assert reverse("jobs:job", kwargs={"pk": mine.pk}) in page
    assert "Someone else" not in page


# Bounds ----------------------------------------------------------------------------------


def test_a_user_over_the_bound_gets_a_page_that_says_so(client, council, settings):
    settings.COUNCILSTAT_JOBS_PER_USER = 3
    for _ in range(3):
        queued(council.councillor)
    client.force_login(council.councillor)
    response = client.get(report_url(council, "pdf"))
    assert response.status_code == 429
    assert b"You already have 3 jobs being prepared" in response.content  # imports among them
    assert Job.objects.filter(kind=Kind.REPORT).count() == 0
    Job.objects.filter(owner=council.councillor).update(kind=Kind.REPORT)
    response = client.get(report_url(council, "docx"))
    assert response.status_code == 429
    assert b"You already have 3 reports being prepared" in response.content
    client.force_login(council.performance)  # another user is not held up
    assert client.get(report_url(council, "pdf")).status_code == 302


def test_the_service_over_its_overall_bound_refuses_everyone(council, settings, work):
    settings.COUNCILSTAT_JOBS_OVERALL = 2
    queued(council.councillor)
    queued(factories.user(factories.organisation(), Role.COUNCILLOR))
    with pytest.raises(TooManyJobs, match="already preparing 2 jobs") as refused:
        enqueue(council.performance, Kind.IMPORT, "Import", {})
    assert not refused.value.own
    assert work.calls == []


def test_jobs_whose_worker_stopped_are_failed_and_old_ones_deleted(council, settings, work):
    settings.COUNCILSTAT_JOBS_PER_USER = 1
    long_ago = timezone.now() - dt.timedelta(hours=2)
    stuck = queued(council.performance, created_at=long_ago)
    # A job stuck for longer than the limit no longer counts against the bound.
    enqueue(council.performance, Kind.IMPORT, "Import", {})
    old = enqueue(council.councillor, Kind.IMPORT, "Old", {})
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))
    assert services.clean_up() == (1, 1)
    stuck.refresh_from_db()
    assert stuck.state == State.FAILED
    assert "did not finish in time" in stuck.error
    assert not Job.objects.filter(pk=old.pk).exists()
    assert Job.objects.count() == 2


# Access ----------------------------------------------------------------------------------


def test_only_the_owner_and_the_performance_team_see_a_job(client, council, work):
    job = enqueue(council.councillor, Kind.IMPORT, "Import", {})
    for pages in ("jobs:job", "jobs:download"):
        address = reverse(pages, kwargs={"pk": job.pk})
        client.force_login(council.owner)
        assert client.get(address).status_code == 403
        stranger = factories.user(factories.organisation(), Role.PERFORMANCE)
        client.force_login(stranger)
        assert client.get(address).status_code == 404
    client.force_login(council.performance)
    assert client.get(reverse("jobs:job", kwargs={"pk": job.pk})).status_code == 200


def test_a_report_job_checks_its_owner_may_still_download(council):
    job = enqueue(council.performance, Kind.REPORT, "Report", _request(council).parameters())
    assert job.state == State.DONE
    council.performance.role = Role.OWNER
    council.performance.save()
    again = enqueue(council.performance, Kind.REPORT, "Report", _request(council).parameters())
    assert again.state == State.FAILED


# Reports ---------------------------------------------------------------------------------


def _request(council, fmt=ReportFormat.HTML, exceptions_only=False):
    return ReportRequest(council.plan.pk, Q2, fmt, exceptions_only=exceptions_only, as_at=None)


@pytest.mark.parametrize("role", ["performance", "councillor"])
def test_the_report_job_makes_the_report_the_download_used_to_give(client, council, role):
    user = getattr(council, role)
    factories.observation(council.measure, "2019/20 Q2", 75, status="submitted")
    wanted = _request(council, exceptions_only=False)
    # The old synchronous download: read what the user may see, assemble, render.
    inputs = selectors.report_inputs(user, council.plan, None, Q2)
    expected = render(committee_report(inputs, wanted, council.plan.organisation.name), wanted.fmt)
    client.force_login(user)
    asked = client.get(report_url(council, "html"))
    job = Job.objects.get(kind=Kind.REPORT, owner=user)
    assert asked.url == reverse("jobs:job", kwargs={"pk": job.pk})
    assert job.state == State.DONE
    assert job.title == "Performance report, Quarter 2 2019/20 (HTML)"
    assert job.result_name == "report-2019-20-q2.html"
    assert bytes(job.result) == expected


def test_a_change_to_a_target_measure_or_action_makes_a_new_report(client, council):
    from councilstat.web.plans.models import Target

    client.force_login(council.performance)
    first = client.get(report_url(council)).url
    assert client.get(report_url(council)).url == first
    target = Target.objects.get(measure=council.measure)
    target.value = 85
    target.save()
    second = client.get(report_url(council)).url
    assert second != first
    council.measure.title = "A clearer title"
    council.measure.save()
    third = client.get(report_url(council)).url
    assert third not in (first, second)


# Reminders -------------------------------------------------------------------------------


def test_the_reminders_command_runs_the_reminders_job(council):
    from io import StringIO

    from councilstat.web.accounts.invitations import site_url

    out = StringIO()
    call_command("send_reminders", "--date", "2020-02-01", "--dry-run", stdout=out)
    job = Job.objects.get(kind=Kind.REMINDERS)
    assert job.state == State.DONE
    assert job.owner is None
    # Links in reminders are absolute: the setting's address, else the local default.
    assert job.parameters == {"date": "2020-02-01", "site_url": site_url(), "dry_run": True}
    assert job.parameters["site_url"].startswith("http")
    assert out.getvalue().strip() == job.message
    assert job.message.startswith("2020-02-01: Would send")


# Settings --------------------------------------------------------------------------------


def test_production_queues_jobs_in_redis_and_refuses_to_start_without_it(monkeypatch):
    from tests.security.conftest import fresh_production_settings

    monkeypatch.setenv("DJANGO_SECRET_KEY", "s" * 60)
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(RuntimeError, match="REDIS_URL must be set"):
        fresh_production_settings()
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/2")
    production = fresh_production_settings()
    assert production.HUEY["huey_class"] == "huey.RedisHuey"
    assert production.HUEY["immediate"] is False
    assert production.HUEY["url"] == "redis://cache.internal:6379/2"


def test_everywhere_else_jobs_run_inline_with_no_broker(settings):
    from huey.contrib.djhuey import HUEY
    from huey.storage import MemoryStorage

    assert settings.HUEY["immediate"] is True
    assert HUEY.immediate
    assert isinstance(HUEY.storage, MemoryStorage)
