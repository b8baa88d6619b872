"""Reading jobs, scoped to the user: another council's job is not found (404); a job of the same
council that is neither the user's own nor seen by the performance team is refused (403).
Pages read jobs without their file, which only a download needs."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from councilstat.web.accounts.models import User
from councilstat.web.accounts.policy import Permission, require
from councilstat.web.jobs.models import Job

__all__ = ["get_job", "get_job_with_file", "jobs_of"]


def _council_jobs(user: User) -> QuerySet[Job]:
    if user.organisation_id is None:
        return Job.objects.none()
    return Job.objects.filter(organisation_id=user.organisation_id).select_related("owner")


def _get(jobs: QuerySet[Job], user: User, pk: int) -> Job:
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404("no such job")
    require(user, Permission.VIEW_JOB, job)
    return job


def get_job(user: User, pk: int) -> Job:
    """The job ``pk`` as its page shows it (without its file)."""
    return _get(_council_jobs(user).defer("result"), user, pk)


def get_job_with_file(user: User, pk: int) -> Job:
    """The job ``pk`` with its file, for the download."""
    return _get(_council_jobs(user), user, pk)


def jobs_of(user: User, limit: int = 50) -> list[Job]:
    """The user's own latest jobs, newest first (without their files)."""
    return list(_council_jobs(user).filter(owner=user).defer("result")[:limit])
