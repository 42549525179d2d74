"""The one Celery task base of the portal's jobs, sending a job's task after commit, and the stale-job sweep
(docs/jobs.md).

Services send tasks with `enqueue(task_name, job)` — by name through Celery's task registry — because the task modules
import their services at the top to call them; a service importing its task module back would make an import circle.
This module imports no service and no app, so every service may import it.
"""

import logging
import time
from importlib import import_module

from celery import Task, current_app, shared_task
from celery.exceptions import NotRegistered, Retry, SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from .models import Job, stale_cutoff

logger = logging.getLogger(__name__)

FAILURE_MESSAGE = _("Сбой обработки. Попробуйте ещё раз; если сбой повторится, сообщите администратору.")
QUEUE_DOWN_MESSAGE = _("Очередь задач недоступна, попробуйте позже.")
TIME_LIMIT_MESSAGE = _("Обработка заняла больше %(minutes)s мин и остановлена. Разбейте файл на части или "
                       "попробуйте позже; если повторится, сообщите администратору.")
STALE_MESSAGE = _("Обработка прервалась: больше %(minutes)s мин без движения. Запустите её снова.")
# recording a final failure when the database does not answer: tried again after these pauses (seconds), so that a
# short outage does not leave the job «running» until the stale sweep
FAILURE_RECORD_PAUSES = (0.2, 0.5, 1.0)


class JobTask(Task):
    """Base of every job's task. The task's first argument is the job's primary key; `job_model` (given to
    `shared_task`) is the job's model.

    Transient database errors are retried with backoff (in eager mode at once, up to the same number of times); the
    job is marked failed only when the task fails for good, with a Russian message (the exception goes to the log,
    never to the page); at the soft time limit with its own message. Progress goes to the job's row only
    (`Job.report`), never to Celery's result backend: nothing reads it there."""

    job_model: type[Job] | None = None
    autoretry_for = (OperationalError,)
    retry_backoff = True
    max_retries = 3

    def working_job(self, job_id, *, states=None, select_related=()):
        """The job if there is work to do: None when it has finished (a message redelivered after the job was done,
        failed or answered is ignored). `states`: those this task starts from (default: the kind's working states)."""
        model = self.job_model
        job = model.objects.select_related(*select_related).filter(pk=job_id).first()
        if job is None or job.state not in (states or model.WORKING_STATES):
            logger.info("task %s: job %s is %s, nothing to do", self.name, job_id, job and job.state)
            return None
        return job

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
        args = self.request.args or ()
        if args:
            self.record_failure(args[0], str(message))

    def record_failure(self, job_id, message: str) -> bool:
        """Mark the job failed; when the database does not answer, tried again after short pauses. Whether it was
        recorded (if not, the stale sweep marks the job later)."""
        model = self.job_model
        if model is None:
            return False
        for pause in (*FAILURE_RECORD_PAUSES, None):
            try:
                model.fail(model.objects.filter(pk=job_id), model.failure_text(message))
                return True
            except OperationalError as exc:
                if pause is None:
                    logger.error("task %s: the failure of job %s not recorded: %r", self.name, job_id, exc)
                    return False
                time.sleep(pause)
        return False


def task_named(task_name: str) -> JobTask:
    """The task registered under this name; its module is imported when no one has yet (a web process imports task
    modules only when asked: Celery's autodiscovery runs in workers)."""
    try:
        return current_app.tasks[task_name]
    except NotRegistered:
        import_module(task_name.rpartition(".")[0])
        return current_app.tasks[task_name]


def enqueue(task_name: str, job: Job) -> None:
    """Send the job's task after the current transaction commits. Without a broker (eager mode) it runs there and
    then; with the broker unreachable the job is marked failed at once with «Очередь задач недоступна…» (the
    connection and publish retries are bounded in settings, so the page answers within seconds)."""

    def send():
        task = task_named(task_name)
        if current_app.conf.task_always_eager:
            task.delay(job.pk)
            return
        try:
            task.apply_async(args=(job.pk,))
        except (BrokerError, OSError) as exc:
            logger.error("task %s not queued, the broker is unreachable: %r", task_name, exc)
            task.record_failure(job.pk, str(QUEUE_DOWN_MESSAGE))

    transaction.on_commit(send)


# ---- the stale sweep ----------------------------------------------------------------------------------------------

def job_models() -> list[type[Job]]:
    """Every concrete job model of the installed apps (a kind of job is found by inheriting `Job`)."""
    return [model for model in apps.get_models() if issubclass(model, Job)]


def kind_of(model: type[Job]) -> str:
    return model.job_kind or model._meta.label_lower


@shared_task(ignore_result=True)
def fail_stale_jobs() -> dict[str, int]:
    """Beat, every few minutes: jobs still working whose heartbeat stopped JOB_STALE_MINUTES ago are failed (their
    worker was killed, or the hard time limit ended it). One rule for every kind: the heartbeat."""
    minutes = settings.JOB_STALE_MINUTES
    cutoff = stale_cutoff()
    message = str(STALE_MESSAGE % {"minutes": minutes})
    counts = {kind_of(model): model.fail(model.objects.filter(heartbeat_at__lt=cutoff), message)
              for model in job_models()}
    if any(counts.values()):
        logger.warning("stale jobs marked failed: %s", counts)
    return counts
