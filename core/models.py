"""Models every app builds on: the time-stamped base, the catalogue entry, and the import job of the imports
framework."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .storage import private_storage


class CatalogueItem(models.Model):
    """A configurable list entry (directions of work, risk factors): data, not code; retired, never deleted."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("название"), max_length=300, unique=True)
    description = models.TextField(_("пояснение"), blank=True)
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


class ImportJob(TimeStampedModel):
    """One uploaded file going through the two-phase import: validate → preview → apply.

    The file is kept in private storage; progress and results are stored here so that a page can
    poll them whether the work runs in a Celery worker or eagerly in the request.
    """

    class Status(models.TextChoices):
        VALIDATING = "validating", _("проверяется")
        NEEDS_MAPPING = "mapping", _("нужно сопоставить столбцы")
        NEEDS_ANSWER = "question", _("нужно уточнить")
        INVALID = "invalid", _("отклонён: есть ошибки")
        READY = "ready", _("проверен, ждёт подтверждения")
        APPLYING = "applying", _("загружается")
        DONE = "done", _("загружен")
        FAILED = "failed", _("сбой обработки")

    kind = models.CharField(_("вид данных"), max_length=40)
    file = models.FileField(_("файл"), upload_to="imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("имя файла"), max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("загрузил"))
    status = models.CharField(_("состояние"), max_length=20, choices=Status.choices,
                              default=Status.VALIDATING)
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
    finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)

    class Meta:
        verbose_name = _("импорт файла")
        verbose_name_plural = _("импорт файлов")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("imports:detail", args=[self.pk])

    # states as the pages ask about them (templates never compare state strings)
    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.VALIDATING, self.Status.APPLYING)

    @property
    def needs_mapping(self) -> bool:
        return self.status == self.Status.NEEDS_MAPPING

    @property
    def needs_answer(self) -> bool:
        return self.status == self.Status.NEEDS_ANSWER

    @property
    def question(self) -> dict:
        """What the file lacks and the user is asked: {"name", "label", "example"}."""
        return self.summary.get("question") or {} if self.needs_answer else {}

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_invalid(self) -> bool:
        return self.status == self.Status.INVALID

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.INVALID, self.Status.READY, self.Status.NEEDS_MAPPING,
                           self.Status.NEEDS_ANSWER):
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
