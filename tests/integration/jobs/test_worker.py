"""The job queue for real: huey over Redis (database 5 of the local Redis, which ``make test``
starts), with a worker consuming it in threads of this process, as ``manage.py run_huey`` runs
it. A committee report asked for in the browser is queued, not made in the request, and the
worker makes it: the job page shows it waiting, then the download."""

from __future__ import annotations

import signal
import time

import pytest
from django.db import OperationalError, connections
from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.web.jobs.models import Job, Kind, State

REDIS_URL = "redis://127.0.0.1:6379/5"
Q2 = Quarter(2019, 2)


@pytest.fixture
def redis_queue(monkeypatch):
    """The site's huey switched from immediate mode to Redis, emptied, with a worker of one
    thread; put back afterwards."""
    from huey.contrib.djhuey import HUEY

    # Each job's database connection is closed when it ends (as in the worker process), so
    # none is left open in the worker's thread.
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    monkeypatch.setattr(HUEY, "storage_kwargs", {**HUEY.storage_kwargs, "url": REDIS_URL})
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    HUEY.immediate = False
    HUEY.storage.flush_all()
    assert HUEY.storage.conn.ping()
    try:
        yield HUEY, lambda: HUEY.create_consumer(workers=1, worker_type="thread", periodic=False)
    finally:
        HUEY.storage.flush_all()
        HUEY.immediate = True
        for sig, previous in handlers.items():
            signal.signal(sig, previous)


def _state(pk: int) -> str | None:
    for _ in range(50):
        try:
            return Job.objects.filter(pk=pk).values_list("state", flat=True).first()
        except OperationalError:  # SQLite: the worker is writing
            time.sleep(0.1)
    raise AssertionError("the job could not be read")


@pytest.mark.django_db(transaction=True)
def test_a_report_job_goes_through_redis_to_the_worker(client, council, redis_queue):
    huey, make_consumer = redis_queue
    client.force_login(council.councillor)
    address = reverse(
        "dashboards:report", kwargs={"plan_id": council.plan.pk, "quarter": Q2, "fmt": "pdf"}
    )
    asked = client.get(address)
    assert asked.status_code == 302
    job = Job.objects.get(kind=Kind.REPORT)
    # Queued in Redis, not made in the request: nothing has run it yet.
    assert job.state == State.QUEUED
    assert huey.pending_count() == 1
    waiting = client.get(asked.url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert "Waiting to start" in waiting

    consumer = make_consumer()
    consumer.start()
    try:
        deadline = time.monotonic() + 120
        while _state(job.pk) in (State.QUEUED, State.RUNNING) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        consumer.stop(graceful=True)
    job.refresh_from_db()
    assert job.state == State.DONE, job.error
    assert huey.pending_count() == 0
    assert job.started_at is not None
    assert job.finished_at >= job.started_at
    ready = client.get(asked.url).content.decode()
    assert 'http-equiv="refresh"' not in ready
    file = client.get(reverse("jobs:download", kwargs={"pk": job.pk}))
    assert file.content.startswith(b"%PDF")
    assert file["Content-Disposition"] == 'attachment; filename="report-2019-20-q2.pdf"'
