"""A roadmap's activities by direction of work, with their progress, evidence files and comment thread."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import limits
from core.models import CatalogueItem, TimeStampedModel
from core.storage import private_storage

from .plans import Roadmap
from .risks import RiskFactor


class Direction(CatalogueItem):
    class Meta(CatalogueItem.Meta):
        verbose_name = _("направление работы")
        verbose_name_plural = _("направления работы")



class Activity(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("запланировано")
        IN_PROGRESS = "in_progress", _("выполняется")
        DONE = "done", _("выполнено")
        NOT_DONE = "not_done", _("не выполнено")
        CANCELLED = "cancelled", _("отменено")

    OPEN = (Status.PLANNED, Status.IN_PROGRESS)

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="activities",
                                verbose_name=_("дорожная карта"))
    number = models.PositiveIntegerField(_("№ п/п"))
    title = models.CharField(_("мероприятие"), max_length=1000)
    direction = models.ForeignKey(Direction, on_delete=models.PROTECT, related_name="activities",
                                  verbose_name=_("направление"))
    risk_factor = models.ForeignKey(RiskFactor, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="activities", verbose_name=_("фактор риска"))
    start = models.DateField(_("начало"))
    due = models.DateField(_("срок исполнения"))
    responsible_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="responsible_activities",
                                         verbose_name=_("ответственный (пользователь)"))
    responsible_text = models.CharField(_("ответственные"), max_length=500, blank=True)
    executors = models.CharField(_("исполнители (организации)"), max_length=1000, blank=True)
    expected_result = models.TextField(_("ожидаемый результат"), blank=True, max_length=limits.LONG_TEXT)
    indicator = models.CharField(_("целевой показатель"), max_length=500, blank=True)
    target_value = models.CharField(_("целевое значение"), max_length=100, blank=True)
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    percent = models.PositiveSmallIntegerField(_("выполнено, %"), default=0)
    report = models.TextField(_("отчёт о выполнении"), blank=True, max_length=limits.LONG_TEXT)
    completed_on = models.DateField(_("дата выполнения"), null=True, blank=True)

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["roadmap", "number"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="activity_number_unique"),
            models.CheckConstraint(condition=Q(due__gte=F("start")), name="activity_due_after_start"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="activity_percent_max_100"),
        ]
        indexes = [models.Index(fields=["due", "status"], name="activity_due_idx")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("roadmaps:activity_detail", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Computed, never entered: the due date passed (in the portal's time zone) and the work is still open."""
        return self.status in self.OPEN and self.due < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_in_progress(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_not_done(self) -> bool:
        return self.status == self.Status.NOT_DONE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def responsible(self) -> str:
        parts = [self.responsible_user.display_name] if self.responsible_user_id else []
        if self.responsible_text:
            parts.append(self.responsible_text)
        return "; ".join(parts)


class Evidence(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence",
                                 verbose_name=_("мероприятие"))
    file = models.FileField(_("файл"), upload_to="evidence/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("имя файла"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("загрузил"))
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("подтверждающий файл")
        verbose_name_plural = _("подтверждающие файлы")
        ordering = ["activity", "uploaded_at"]

    def __str__(self):
        return self.original_name


class Comment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="comments",
                                 verbose_name=_("мероприятие"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                               verbose_name=_("автор"))
    text = models.TextField(_("текст"), max_length=limits.COMMENT)
    created_at = models.DateTimeField(_("написан"), auto_now_add=True)

    class Meta:
        verbose_name = _("комментарий")
        verbose_name_plural = _("комментарии")
        ordering = ["activity", "created_at"]

    def __str__(self):
        return self.text[:60]
