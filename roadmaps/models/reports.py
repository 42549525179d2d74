"""Periodic progress reports on a roadmap, and the log of digests sent."""


from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import limits
from core.models import TimeStampedModel

from .plans import ReviewStates, Roadmap


class ProgressReport(ReviewStates, TimeStampedModel):
    """A periodic report on a roadmap (quarter or half-year) for the methodologist's review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("на проверке")
        ACCEPTED = "accepted", _("принят")
        RETURNED = "returned", _("возвращён на доработку")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="reports",
                                verbose_name=_("дорожная карта"))
    period_start = models.DateField(_("начало отчётного периода"))
    period_end = models.DateField(_("конец отчётного периода"))
    label = models.CharField(_("период"), max_length=60)
    summary = models.TextField(_("итоги периода"), max_length=limits.LONG_TEXT)
    status = models.CharField(_("состояние"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    snapshot = models.JSONField(_("мероприятия на дату отправки"), default=list, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("отправил"))
    submitted_at = models.DateTimeField(_("отправлен"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("проверил"))
    reviewed_at = models.DateTimeField(_("проверен"), null=True, blank=True)
    review_comment = models.TextField(_("замечания"), blank=True, max_length=limits.COMMENT)

    class Meta:
        verbose_name = _("отчёт о ходе выполнения")
        verbose_name_plural = _("отчёты о ходе выполнения")
        ordering = ["roadmap", "-period_start"]
        constraints = [models.UniqueConstraint(fields=["roadmap", "period_start"], name="progress_report_unique")]

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    def __str__(self):
        return _("Отчёт за %(p)s") % {"p": self.label}


    def get_absolute_url(self):
        return reverse("roadmaps:report_detail", args=[self.pk])


class DigestLog(models.Model):
    """One digest per user per day: the daily task may run twice, the e-mail goes once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    activities = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("отправленная сводка")
        verbose_name_plural = _("отправленные сводки")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self):
        return f"{self.user_id}: {self.day:%d.%m.%Y}"
