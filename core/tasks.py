"""The import jobs' tasks: thin, beside their services (the task base and the stale sweep: core/jobs, docs/jobs.md).

They import the services at the top; the services send them by name (`core.jobs.tasks.enqueue`), so neither module
imports the other from inside a function."""

from celery import shared_task

from .imports import services
from .jobs.tasks import JobTask
from .models import ImportJob

S = ImportJob.State


@shared_task(bind=True, base=JobTask, job_model=ImportJob)
def validate_import(self, job_id: int) -> str | None:
    job = self.working_job(job_id, states=(S.QUEUED, S.RUNNING), select_related=["requested_by"])
    if job is None:
        return None  # already checked (or failed): a repeated delivery does nothing
    return services.validate_job(job).state


@shared_task(bind=True, base=JobTask, job_model=ImportJob)
def apply_import(self, job_id: int) -> str | None:
    job = self.working_job(job_id, states=(S.APPLYING,), select_related=["requested_by"])
    if job is None:
        return None
    return services.apply_job(job).state
