"""Models every app builds on: the time-stamped base, the catalogue entry, and the import job of the imports
framework (a kind of job: core/jobs, docs/jobs.md)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import limits
from .jobs.models import Job, JobState
from .storage import private_storage
from .templatetags.portal import ru_plural


class CatalogueItem(models.Model):
    """A configurable list entry (directions of work, risk factors): data, not code; retired, never deleted."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=300, unique=True)
    description = models.TextField(_("пояснение"), blank=True, max_length=limits.LONG_TEXT)
    ordering = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        abstract = True
        ordering = ["ordering", "name"]

    def __str__(self):
        return self.name


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        abstract = True


class ImportJob(Job):
    """One uploaded file going through the two-phase import: check → preview → apply (a job, docs/jobs.md).

    The file is kept in private storage; progress and results are stored here so that a page can poll them whether
    the work runs in a Celery worker or eagerly in the request. Its two working phases are two states: `running`
    (the file is being checked) and `applying` (being written); between them the job waits for the user.
    """

    class State(models.TextChoices):
        QUEUED = JobState.QUEUED, _("в очереди")
        RUNNING = JobState.RUNNING, _("проверяется")
        NEEDS_MAPPING = "mapping", _("нужно сопоставить столбцы")
        NEEDS_ANSWER = "question", _("нужно уточнить")
        INVALID = "invalid", _("отклонён: есть ошибки")
        READY = "ready", _("проверен, ждёт подтверждения")
        APPLYING = "applying", _("загружается")
        DONE = JobState.DONE, _("загружен")
        FAILED = JobState.FAILED, _("сбой обработки")

    job_kind = "imports"
    task_name = "core.tasks.validate_import"  # a restart checks the stored file again
    apply_task_name = "core.tasks.apply_import"
    WORKING_STATES = (State.QUEUED, State.RUNNING, State.APPLYING)

    kind = models.CharField(_("вид данных"), max_length=40)
    file = models.FileField(_("файл"), upload_to="imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("имя файла"), max_length=255)
    state = models.CharField(_("состояние"), max_length=20, choices=State.choices, default=State.QUEUED)
    total_rows = models.PositiveIntegerField(_("строк"), default=0)
    processed_rows = models.PositiveIntegerField(_("обработано строк"), default=0)
    summary = models.JSONField(_("итог"), default=dict, blank=True)
    errors = models.JSONField(_("ошибки"), default=list, blank=True)
    preview = models.JSONField(_("предпросмотр"), default=list, blank=True)
    mapping = models.JSONField(_("сопоставление столбцов"), default=dict, blank=True,
                               help_text=_("Наш столбец → столбец файла, для файлов с другими заголовками."))
    file_header = models.JSONField(_("заголовки файла"), default=list, blank=True)
    options = models.JSONField(_("параметры"), default=dict, blank=True,
                               help_text=_("Куда загружать, для видов с целью загрузки (например, дорожная карта)."))

    class Meta:
        verbose_name = _("импорт файла")
        verbose_name_plural = _("импорт файлов")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("imports:detail", args=[self.pk])

    # states as the pages ask about them (templates never compare state strings)
    @property
    def needs_mapping(self) -> bool:
        return self.state == self.State.NEEDS_MAPPING

    @property
    def needs_answer(self) -> bool:
        return self.state == self.State.NEEDS_ANSWER

    @property
    def question(self) -> dict:
        """What the file lacks and the user is asked: {"name", "label", "example"}."""
        return self.summary.get("question") or {} if self.needs_answer else {}

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def is_invalid(self) -> bool:
        return self.state == self.State.INVALID

    @property
    def progress_text(self) -> str:
        # «из 1 строки», «из 21 строки», but «из 2 строк», «из 11 строк»
        total = self.total_rows
        return f"{self.processed_rows} {_('из')} {total} {ru_plural(total, str(_('строки,строк,строк')))}"

    def status_extra(self) -> dict:
        return {"processed": self.processed_rows, "total": self.total_rows}

    def restart_values(self) -> dict:
        return {"processed_rows": 0, "errors": [], "summary": {}, "preview": []}
