"""Import jobs in the background: thin tasks over schools.imports.services, reporting progress."""

from celery import shared_task
from django.db import OperationalError

from .imports import services
from .models import ImportJob


def _progress(task, job_id):
    def report(done, total):
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total)
        task.update_state(state="PROGRESS", meta={"done": done, "total": total})

    return report


def _fail(job_id, exc):
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED,
                                               errors=[{"row": None, "column": "", "value": "",
                                                        "message": f"Сбой обработки: {exc.__class__.__name__}"}])


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def validate_import(self, job_id: int) -> str:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status not in (ImportJob.Status.VALIDATING,):
        return job.status  # already validated: a repeated delivery does nothing
    try:
        return services.validate_job(job, _progress(self, job_id)).status
    except OperationalError:
        raise
    except Exception as exc:
        _fail(job_id, exc)
        raise


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def apply_import(self, job_id: int) -> str:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status not in (ImportJob.Status.READY, ImportJob.Status.APPLYING):
        return job.status
    try:
        return services.apply_job(job, _progress(self, job_id)).status
    except OperationalError:
        raise
    except Exception as exc:
        _fail(job_id, exc)
        raise
