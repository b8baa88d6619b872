"""The huey tasks of background jobs: the one task that runs any job, and the daily clean-up.

``manage.py run_huey`` (the worker) finds this module, and every app's ``tasks`` module, by
name. Each kind's work is a handler registered with ``services.handler``; the task only says
which job to run, so the queue carries a job's id and nothing else.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from councilstat.web.jobs import services

__all__ = ["HUEY", "clean_up_jobs", "run_job"]


@db_task(retries=0)
def run_job(job_id: int) -> None:
    """Run the job ``job_id`` (its state and file are on the row, not in huey's results)."""
    services.run(job_id)


@db_periodic_task(crontab(minute="15", hour="3"))
def clean_up_jobs() -> None:
    """Every night: fail jobs whose worker stopped, and delete old finished ones."""
    services.clean_up()
