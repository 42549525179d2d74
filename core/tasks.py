"""Background work: one task base for every long job, and the import jobs' tasks.

`PortalTask` gives every task the same habits (DESIGN §3): retried on transient database errors with
backoff; progress reported in one shape (`{"done", "total", "percent"}`) to Celery (and, by the caller,
to the job's own row, which the page polls); the job marked failed only when the task fails for good
(not before a retry), with a Russian message for the user and the exception itself in the log, never on
the page. Without a broker (eager mode, the embedded default) a transient error is retried at once in the
request, up to the same number of times.
"""

import logging

from celery import Task, shared_task
from celery.exceptions import Retry
from django.db import OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from .imports import services
from .models import ImportJob

logger = logging.getLogger(__name__)

FAILURE_MESSAGE = _("Сбой обработки. Попробуйте ещё раз; если сбой повторится, сообщите администратору.")


def progress_meta(done: int, total: int) -> dict:
    return {"done": done, "total": total, "percent": int(100 * done / total) if total else 0}


def progress_response(*, state: str, label: str, percent: int, working: bool, text: str, error: str = "",
                      **extra) -> JsonResponse:
    """What a page's progress bar polls (static/js/progress.js): the same keys for every kind of job."""
    return JsonResponse({"state": state, "state_label": label, "percent": percent, "working": working,
                         "text": text, "error": error, **extra})


class PortalTask(Task):
    """Base of the portal's tasks; subclasses say how progress and a final failure are written down."""

    autoretry_for = (OperationalError,)
    retry_backoff = True
    max_retries = 3

    def progress(self, done: int, total: int) -> None:
        if self.request.id:
            self.update_state(state="PROGRESS", meta=progress_meta(done, total))

    def mark_failed(self, *args, message: str, **kwargs) -> None:
        """Record the final failure on the job's row: called with the task's own arguments."""

    def __call__(self, *args, **kwargs):
        eager_retries = 0
        while True:
            try:
                return super().__call__(*args, **kwargs)
            except Retry as retry:  # a worker: Celery runs it again later; the job is not failed yet
                if not self.request.is_eager:
                    raise
                if eager_retries >= self.max_retries:
                    self._failed(retry.exc or retry)
                    raise (retry.exc or retry) from None
                eager_retries += 1
            except Exception as exc:
                self._failed(exc)
                raise

    def _failed(self, exc) -> None:
        logger.error("task %s (%s) failed for good: %r", self.name, self.request.id, exc, exc_info=exc)
        self.mark_failed(*self.request.args or (), message=str(FAILURE_MESSAGE), **self.request.kwargs or {})


class ImportTask(PortalTask):
    def mark_failed(self, job_id, *args, message: str, **kwargs) -> None:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, errors=[{"row": None, "column": "", "value": "", "message": message}])


def _progress(task, job_id):
    def report(done, total):
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total)
        task.progress(done, total)

    return report


@shared_task(bind=True, base=ImportTask)
def validate_import(self, job_id: int) -> str:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status not in (ImportJob.Status.VALIDATING,):
        return job.status  # already validated: a repeated delivery does nothing
    return services.validate_job(job, _progress(self, job_id)).status


@shared_task(bind=True, base=ImportTask)
def apply_import(self, job_id: int) -> str:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status not in (ImportJob.Status.READY, ImportJob.Status.APPLYING):
        return job.status
    return services.apply_job(job, _progress(self, job_id)).status
