"""The abstract job row (docs/jobs.md): one state vocabulary, progress and stage on the row, a heartbeat that the
running work moves (its task's heartbeat thread and every progress report), the claim that lets one execution at a
time work on the job, and the failure text a user reads.

Every write of the work's progress goes straight to the row with `update()` (outside the work's own transaction), so a
page polling the row sees it whether the work runs in a worker, eagerly in the request or from a command."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import limits


class JobState:
    """The states every kind of job shares; a kind's own `State` (TextChoices) uses these values, with its own Russian
    labels, and may add states of its own (an import's «ждёт подтверждения», a run's «утверждён»)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def stale_cutoff() -> datetime.datetime:
    """A working job that no execution holds (queued: its message waits in the broker) and whose heartbeat is older
    than this has lost its message (JOB_STALE_MINUTES exceeds the hard time limit: a queue behind a long task moves)."""
    return timezone.now() - datetime.timedelta(minutes=settings.JOB_STALE_MINUTES)


def heartbeat_cutoff() -> datetime.datetime:
    """A job held by an execution whose heartbeat is older than this has lost its worker: the execution's heartbeat
    thread beats every JOB_HEARTBEAT_SECONDS, a few times within JOB_HEARTBEAT_STALE_SECONDS."""
    return timezone.now() - datetime.timedelta(seconds=settings.JOB_HEARTBEAT_STALE_SECONDS)


class JobLost(Exception):
    """The execution no longer holds its job: the stale sweep failed it, or a restart or a redelivered message took it
    over. The work stops without writing (core.jobs.tasks.JobTask does not record it as a failure)."""


class Job(models.Model):
    """A background job's row. Subclasses override `state` with their own choices (values from `JobState`), set
    `job_kind` (the key of the stale sweep's counts) and `task_name` (the Celery task that (re)starts the job)."""

    job_kind = ""
    task_name = ""
    WORKING_STATES: tuple[str, ...] = (JobState.QUEUED, JobState.RUNNING)
    RESTART_REFUSAL = _("Запустить заново можно только прерванную обработку.")

    # the same two stamps as core.models.TimeStampedModel (not inherited: core.models imports this module)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    state = models.CharField(_("состояние"), max_length=20, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("готовность, %"), default=0)
    stage = models.CharField(_("этап"), max_length=200, blank=True)
    error = models.TextField(_("причина сбоя"), blank=True, max_length=limits.COMMENT)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("запустил"))
    started_at = models.DateTimeField(_("начато"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("последний признак работы"), default=timezone.now,
                                        help_text=_("Обновляется, пока задача работает, и при каждом сообщении о ходе "
                                                    "работы."))
    task_id = models.CharField(_("сообщение задачи"), max_length=64, blank=True, editable=False,
                               help_text=_("Сообщение очереди, которому разрешено выполнять задание; другие (старые, "
                                           "повторно доставленные после перезапуска) ничего не делают."))
    claim = models.CharField(_("исполнение"), max_length=64, blank=True, editable=False,
                             help_text=_("Исполнение задачи, которое сейчас держит задание («повтор:номер»); пусто — "
                                         "никто."))

    class Meta:
        abstract = True

    # ---- what the state means (templates and views read these, never the state's strings) ----

    @property
    def is_working(self) -> bool:
        return self.state in self.WORKING_STATES

    @property
    def is_done(self) -> bool:
        return self.state == JobState.DONE

    @property
    def is_failed(self) -> bool:
        return self.state == JobState.FAILED

    @property
    def is_stale(self) -> bool:
        """Working by its state, but its heartbeat stopped: the worker is gone (the sweep will mark it failed). Held by
        an execution: JOB_HEARTBEAT_STALE_SECONDS; waiting in the queue: JOB_STALE_MINUTES."""
        if not self.is_working or self.heartbeat_at is None:
            return False
        return self.heartbeat_at < (heartbeat_cutoff() if self.claim else stale_cutoff())

    @property
    def can_restart(self) -> bool:
        return self.is_failed or self.is_stale

    @property
    def state_label(self) -> str:
        return str(self.get_state_display())

    @property
    def progress_text(self) -> str:
        """The line under the progress bar."""
        text = f"{self.progress}\u00a0%"
        return f"{text} — {self.stage}" if self.is_working and self.stage else text

    def status_extra(self) -> dict:
        """Kind-specific keys of the status JSON (e.g. an import's rows)."""
        return {}

    def status_payload(self) -> dict:
        """The JSON every progress page polls (static/js/progress.js); the shape is described in docs/jobs.md."""
        return {"state": self.state, "state_label": self.state_label, "percent": self.progress,
                "working": self.is_working, "text": self.progress_text,
                "error": self.error if self.is_failed else "", "stage": self.stage, "stale": self.is_stale,
                "restartable": self.can_restart, **self.status_extra()}

    @classmethod
    def failure_text(cls, message: str) -> str:
        """The failure message as this kind words it (a report prefixes «Отчёт не сформирован.»)."""
        return message

    def restart_values(self) -> dict:
        """Fields of the kind's own to reset when the job is started again."""
        return {}

    # ---- writes the work makes: straight to the row, each one a heartbeat ----

    def _write(self, **values) -> None:
        """Straight to the row. An instance that an execution claimed (`JobTask.working_job`) writes only while it
        still holds the row: otherwise JobLost, and the work stops (a restart or the sweep took the job from it)."""
        now = timezone.now()
        values = {"heartbeat_at": now, "updated_at": now, **values}
        rows = type(self).objects.filter(pk=self.pk)
        if self.claim:
            rows = rows.filter(claim=self.claim)
        if not rows.update(**values) and self.claim:
            raise JobLost(f"{type(self).__name__} {self.pk}: claim {self.claim} lost")
        for name, value in values.items():
            setattr(self, name, value)

    def mark_running(self, *, stage: str = "", **values) -> None:
        self._write(**{"state": JobState.RUNNING, "progress": 0, "stage": stage, "error": "",
                       "started_at": timezone.now(), "finished_at": None, **values})

    def report(self, percent: int, *, stage: str | None = None, **values) -> None:
        """Progress (0–100), optionally the stage, and the kind's own figures; moves the heartbeat."""
        if stage is not None:
            values["stage"] = stage
        self._write(progress=max(0, min(100, int(percent))), **values)

    def mark_finished(self, *, state: str = JobState.DONE, **values) -> None:
        """The work is over (done, or a kind's own end such as «ждёт подтверждения»); `values` may override."""
        self._write(**{"state": state, "progress": 100, "stage": "", "error": "", "finished_at": timezone.now(),
                       "claim": "", **values})

    @classmethod
    def fail(cls, jobs, message: str) -> int:
        """Mark the working jobs of the queryset failed with a message for the user; how many were marked. A job that
        already finished keeps its state (a late failure of a redelivered task does not undo a result)."""
        now = timezone.now()
        return jobs.filter(state__in=cls.WORKING_STATES).update(
            state=JobState.FAILED, error=message[: limits.COMMENT], stage="", finished_at=now, heartbeat_at=now,
            updated_at=now, claim="")
