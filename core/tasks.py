"""Background work: one task base for every long job, and the import jobs' tasks.

`PortalTask` gives every task the same habits (DESIGN §3): retried on transient database errors with
backoff; progress reported in one shape (`{"done", "total", "percent"}`) to Celery (and, by the caller,
to the job's own row, which the page polls); the job marked failed only when the task fails for good
(not before a retry), with a Russian message for the user and the exception itself in the log, never on
the page. Without a broker (eager mode, the embedded default) a transient error is retried at once in the
request, up to the same number of times.

Jobs never stick (issue 16): every task has a soft and a hard time limit (settings: CELERY_TASK_SOFT_TIME_LIMIT,
CELERY_TASK_TIME_LIMIT; the broker's visibility timeout is longer than the hard one, so a message is redelivered only
when its worker is gone); at the soft limit the job is marked failed with its own message; a worker killed mid-task
(or by the hard limit) leaves a row that no longer moves, which the beat task `fail_stale_jobs` marks failed after
JOB_STALE_MINUTES; a failed job can be started again from its page. Work is queued with `PortalTask.enqueue` after
commit: with the broker down, the job row is marked failed at once with «Очередь задач недоступна…» (the page shows
it and offers to start again), never left «в очереди».
"""

import datetime
import logging

from celery import Task, shared_task
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from .imports import services
from .models import ImportJob
from .registries import stale_job_markers

logger = logging.getLogger(__name__)

FAILURE_MESSAGE = _("Сбой обработки. Попробуйте ещё раз; если сбой повторится, сообщите администратору.")
QUEUE_DOWN_MESSAGE = _("Очередь задач недоступна, попробуйте позже.")
TIME_LIMIT_MESSAGE = _("Обработка заняла больше %(minutes)s мин и остановлена. Разбейте файл на части или "
                       "попробуйте позже; если повторится, сообщите администратору.")
STALE_MESSAGE = _("Обработка прервалась: больше %(minutes)s мин без движения. Запустите её снова.")


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

    def enqueue(self, *args) -> None:
        """Queue the task after the current transaction commits. Without a broker (eager mode) it runs there and
        then; with the broker unreachable the job is marked failed at once (the connection and publish retries are
        bounded in settings, so the page answers within seconds) and the error goes to the log."""

        def send():
            if self.app.conf.task_always_eager:
                self.delay(*args)
                return
            try:
                self.apply_async(args=args)
            except (BrokerError, OSError) as exc:
                logger.error("task %s not queued, the broker is unreachable: %r", self.name, exc)
                self.mark_failed(*args, message=str(QUEUE_DOWN_MESSAGE))

        transaction.on_commit(send)

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
        message = FAILURE_MESSAGE
        if isinstance(exc, SoftTimeLimitExceeded):
            message = TIME_LIMIT_MESSAGE % {"minutes": round(settings.CELERY_TASK_SOFT_TIME_LIMIT / 60)}
        self.mark_failed(*self.request.args or (), message=str(message), **self.request.kwargs or {})


class ImportTask(PortalTask):
    def mark_failed(self, job_id, *args, message: str, **kwargs) -> None:
        services.fail_job(ImportJob.objects.filter(pk=job_id), message)


def _progress(task, job_id):
    def report(done, total):
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total, updated_at=timezone.now())
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


# ---- stale jobs ---------------------------------------------------------------------------------------------

def fail_stale_imports(cutoff, message: str) -> int:
    working = ImportJob.objects.filter(status__in=(ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING),
                                       updated_at__lt=cutoff)
    return services.fail_job(working, message)



@shared_task(ignore_result=True)
def fail_stale_jobs() -> dict[str, int]:
    """Beat, every few minutes: jobs still «working» whose rows have not moved for JOB_STALE_MINUTES are failed
    (their worker was killed, or the hard time limit ended it); each kind of job is registered by its app."""
    minutes = settings.JOB_STALE_MINUTES
    cutoff = timezone.now() - datetime.timedelta(minutes=minutes)
    message = str(STALE_MESSAGE % {"minutes": minutes})
    counts = {name: mark(cutoff, message) for name, mark in stale_job_markers().items()}
    if any(counts.values()):
        logger.warning("stale jobs marked failed: %s", counts)
    return counts
