"""The one Celery task base of the portal's jobs, sending a job's task after commit, and the stale-job sweep
(docs/jobs.md).

Services send tasks with `enqueue(task_name, job)` — by name through Celery's task registry — because the task modules
import their services at the top to call them; a service importing its task module back would make an import circle.
This module imports no service and no app, so every service may import it.
"""

import contextlib
import logging
import threading
import time
import uuid
from importlib import import_module

from celery import Task, current_app, shared_task
from celery.exceptions import NotRegistered, Retry, SoftTimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from .models import Job, JobLost, heartbeat_cutoff, stale_cutoff

logger = logging.getLogger(__name__)

FAILURE_MESSAGE = _("Сбой обработки. Попробуйте ещё раз; если сбой повторится, сообщите администратору.")
QUEUE_DOWN_MESSAGE = _("Очередь задач недоступна, попробуйте позже.")
TIME_LIMIT_MESSAGE = _("Обработка заняла больше %(minutes)s мин и остановлена. Разбейте файл на части или "
                       "попробуйте позже; если повторится, сообщите администратору.")
STALE_MESSAGE = _("Обработка прервалась: больше %(minutes)s мин без движения. Запустите её снова.")
# recording a final failure when the database does not answer (a PostgreSQL restart outlasts the task's own retries):
# tried again after these pauses, about 3 minutes in all, so that the job does not stay «running»; past them the stale
# sweep records it (the heartbeat stopped with the task)
FAILURE_RECORD_PAUSES = (0.5, 1, 2, 4, 8, 15, 30, 30, 30, 30, 30)
DATABASE_DOWN = (OperationalError, InterfaceError)


def _reconnect() -> None:
    """Drop this thread's database connection after an error: the next query opens a new one (a connection that
    PostgreSQL closed stays broken, and Django reopens one only between requests and tasks). Not inside a transaction
    (an eager task in a test or a command's atomic block): closing would break it, and it cannot be resumed anyway."""
    if connection.in_atomic_block:
        return
    with contextlib.suppress(*DATABASE_DOWN):
        connection.close()


class Heartbeat(threading.Thread):
    """Moves the held job's `heartbeat_at` every JOB_HEARTBEAT_SECONDS while its task runs, whatever the work is doing
    (a long PDF layout reports no progress); only while the execution holds the job. Its own database connection,
    closed at the end; a database that does not answer is skipped until the next beat."""

    def __init__(self, model: type[Job], pk, claim: str):
        super().__init__(daemon=True, name=f"heartbeat-{model._meta.label_lower}-{pk}")
        self.model, self.pk, self.claim, self.stopped = model, pk, claim, threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                if not self.beat():
                    return  # the job was finished, failed or taken over: nothing to keep alive
        finally:
            _reconnect()

    def beat(self) -> bool:
        """One beat; False once the execution no longer holds the job. The database down: skipped (True)."""
        try:
            return bool(self.model.objects.filter(pk=self.pk, claim=self.claim).update(heartbeat_at=timezone.now()))
        except DATABASE_DOWN as exc:
            logger.warning("heartbeat of %s %s skipped: %r", self.model.__name__, self.pk, exc)
            _reconnect()
            return True

    def stop(self) -> None:
        self.stopped.set()


class JobTask(Task):
    """Base of every job's task. The task's first argument is the job's primary key; `job_model` (given to
    `shared_task`) is the job's model.

    Transient database errors are retried with backoff (in eager mode at once, up to the same number of times); the
    job is marked failed only when the task fails for good, with a Russian message (the exception goes to the log,
    never to the page); at the soft time limit with its own message. Progress goes to the job's row only
    (`Job.report`), never to Celery's result backend: nothing reads it there.

    One execution at a time: `working_job` claims the row under a lock (docs/jobs.md, «Захват»), and a message that
    may not run the job (superseded by a restart, the job finished, or held by a live execution) does nothing. While
    it holds the job, a heartbeat thread moves `heartbeat_at` (workers only; in eager mode the request's own progress
    reports do)."""

    job_model: type[Job] | None = None
    autoretry_for = (OperationalError,)
    retry_backoff = True
    max_retries = 3

    def working_job(self, job_id, *, states=None, select_related=()):
        """The job, claimed for this execution, if there is work to do; None when the message may not run it — the
        job has finished (done, failed, answered), a restart sent a newer message, or a live execution holds it.
        `states`: those this task starts from (default: the kind's working states)."""
        model = self.job_model
        execution = getattr(self.request, "job_execution", None) or uuid.uuid4().hex
        claim = f"{self.request.retries or 0}:{execution}"
        with transaction.atomic():
            row = (model.objects.select_for_update().filter(pk=job_id)
                   .values("state", "task_id", "claim", "heartbeat_at").first())
            refusal = claim_refusal(row, states or model.WORKING_STATES, self.request.id, claim)
            if refusal:
                logger.info("task %s (%s): job %s not taken: %s", self.name, self.request.id, job_id, refusal)
                return None
            model.objects.filter(pk=job_id).update(claim=claim, heartbeat_at=timezone.now())
        job = model.objects.select_related(*select_related).get(pk=job_id)
        if not self.request.is_eager and self.request.id and settings.JOB_HEARTBEAT_SECONDS:
            beat = Heartbeat(model, job_id, claim)
            beat.start()
            self.request.job_heartbeat = beat
        return job

    def __call__(self, *args, **kwargs):
        # one execution id for this call (the eager loop below retries within it), on the request, not the shared task
        self.push_request(job_execution=uuid.uuid4().hex, job_heartbeat=None)
        try:
            return self._call(*args, **kwargs)
        finally:
            if self.request.job_heartbeat is not None:
                self.request.job_heartbeat.stop()
            self.pop_request()

    def _call(self, *args, **kwargs):
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
            except JobLost as lost:  # a restart or the sweep took the job: this execution stops without a word
                logger.warning("task %s (%s) stopped: %s", self.name, self.request.id, lost)
                return None
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
        """Mark the job failed; when the database does not answer, tried again with growing pauses
        (FAILURE_RECORD_PAUSES, about 3 minutes), each time on a new connection. Whether it was recorded (if not, the
        stale sweep marks the job: its heartbeat stopped with this task)."""
        model = self.job_model
        if model is None:
            return False
        for attempt, pause in enumerate((*FAILURE_RECORD_PAUSES, None), start=1):
            try:
                model.fail(model.objects.filter(pk=job_id), model.failure_text(message))
                if attempt > 1:
                    logger.warning("task %s: the failure of job %s recorded at attempt %s", self.name, job_id, attempt)
                return True
            except DATABASE_DOWN as exc:
                _reconnect()
                if pause is None:
                    logger.error("task %s: the failure of job %s not recorded: %r", self.name, job_id, exc)
                    return False
                time.sleep(pause)
        return False


def claim_refusal(row: dict | None, states, message_id: str | None, claim: str) -> str:
    """Why this execution (`claim` = «retries:execution id» of the message `message_id`) may not take the job whose
    row (state, task_id, claim, heartbeat_at) is given; empty when it may. Taken: a job in a starting state that no
    one holds; one this execution holds already (the eager retry loop); one a previous try of the same message held
    (Celery's retry runs only after that try ended); one whose holder's heartbeat stopped (its worker is gone: the
    job is resumed, once, by whichever message comes first — the sweep's failure clears the claim)."""
    if row is None:
        return "no such job"
    if row["state"] not in states:
        return f"job is {row['state']}"
    if message_id and row["task_id"] and row["task_id"] != message_id:
        return "a newer message runs the job (it was started again)"
    held = row["claim"]
    if not held or held == claim:
        return ""
    held_retries, _sep, _execution = held.partition(":")
    retries = claim.partition(":")[0]
    if held_retries.isdigit() and retries.isdigit() and int(held_retries) < int(retries):
        return ""
    if row["heartbeat_at"] is not None and row["heartbeat_at"] < heartbeat_cutoff():
        return ""
    return "a live execution holds the job"


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

    # the message's id, known before it is sent, is the only one allowed to run the job: an older message delivered
    # again (after a restart, or after the worker was lost) finds another id on the row and does nothing
    message_id = str(uuid.uuid4())
    type(job).objects.filter(pk=job.pk).update(task_id=message_id, claim="")
    job.task_id, job.claim = message_id, ""

    def send():
        task = task_named(task_name)
        if current_app.conf.task_always_eager:
            task.apply_async(args=(job.pk,), task_id=message_id)
            return
        try:
            task.apply_async(args=(job.pk,), task_id=message_id)
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


def stale_minutes() -> dict[str, int]:
    """The two thresholds in whole minutes, as the failure message says them: a held job, a queued one."""
    return {"held": max(1, round(settings.JOB_HEARTBEAT_STALE_SECONDS / 60)), "queued": settings.JOB_STALE_MINUTES}


@shared_task(ignore_result=True)
def fail_stale_jobs() -> dict[str, int]:
    """Beat, every minute: jobs still working whose heartbeat stopped are failed (their worker was killed, or the hard
    time limit ended it). One rule for every kind, by the heartbeat: a job an execution holds is judged by
    JOB_HEARTBEAT_STALE_SECONDS (its heartbeat thread beats far more often), one waiting in the queue by
    JOB_STALE_MINUTES (a queue behind a long task may wait that long)."""
    minutes = stale_minutes()
    held, queued = heartbeat_cutoff(), stale_cutoff()
    counts = {}
    for model in job_models():
        rows = model.objects
        counts[kind_of(model)] = (
            model.fail(rows.exclude(claim="").filter(heartbeat_at__lt=held),
                       str(STALE_MESSAGE % {"minutes": minutes["held"]}))
            + model.fail(rows.filter(claim="", heartbeat_at__lt=queued),
                         str(STALE_MESSAGE % {"minutes": minutes["queued"]})))
    if any(counts.values()):
        logger.warning("stale jobs marked failed: %s", counts)
    return counts
