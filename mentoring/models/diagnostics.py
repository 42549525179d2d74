"""Diagnostics of teachers' professional deficits: instruments, their competences, diagnostics and scores."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import limits
from core.formats import ru_date
from core.models import TimeStampedModel
from schools.models import Teacher


class DiagnosticInstrument(TimeStampedModel):
    name = models.CharField(_("название"), max_length=300, unique=True)
    description = models.TextField(_("описание"), blank=True, max_length=limits.LONG_TEXT)
    scale_min = models.PositiveSmallIntegerField(_("шкала: от"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("шкала: до"), default=100)
    deficit_below = models.PositiveSmallIntegerField(
        _("дефицит: балл меньше"), default=50,
        help_text=_("Компетенция с баллом меньше этого значения считается профессиональным дефицитом."))
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("инструмент диагностики")
        verbose_name_plural = _("инструменты диагностики")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="instrument_scale_order"),
            models.CheckConstraint(condition=Q(deficit_below__gte=F("scale_min"), deficit_below__lte=F("scale_max")),
                                   name="instrument_threshold_in_scale"),
        ]

    def __str__(self):
        return self.name


class Competence(models.Model):
    instrument = models.ForeignKey(DiagnosticInstrument, on_delete=models.CASCADE, related_name="competences",
                                   verbose_name=_("инструмент"))
    code = models.CharField(_("код"), max_length=20)
    name = models.CharField(_("компетенция"), max_length=300)
    ordering = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("компетенция")
        verbose_name_plural = _("компетенции")
        ordering = ["instrument", "ordering", "code"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="competence_unique_code")]

    def __str__(self):
        return self.name


class Diagnostic(TimeStampedModel):
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="diagnostics",
                                verbose_name=_("педагог"))
    instrument = models.ForeignKey(DiagnosticInstrument, on_delete=models.PROTECT, related_name="diagnostics",
                                   verbose_name=_("инструмент"))
    date = models.DateField(_("дата"))
    conducted_by = models.CharField(_("кто проводил"), max_length=300, blank=True)
    notes = models.TextField(_("заключение"), blank=True, max_length=limits.LONG_TEXT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("внёс"))

    class Meta:
        verbose_name = _("диагностика профессиональных дефицитов")
        verbose_name_plural = _("диагностики профессиональных дефицитов")
        ordering = ["teacher", "instrument", "date"]
        constraints = [models.UniqueConstraint(fields=["teacher", "instrument", "date"], name="diagnostic_unique_day")]

    def __str__(self):
        return f"{self.teacher} — {self.instrument}, {ru_date(self.date)}"

    def get_absolute_url(self):
        return reverse("mentoring:teacher_detail", args=[self.teacher_id]) + "#diagnostics"


class DiagnosticScore(models.Model):
    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("диагностика"))
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("компетенция"))
    score = models.PositiveSmallIntegerField(_("балл"))
    is_deficit = models.BooleanField(_("дефицит"), default=False)

    class Meta:
        verbose_name = _("балл по компетенции")
        verbose_name_plural = _("баллы по компетенциям")
        ordering = ["diagnostic", "competence__ordering"]
        constraints = [models.UniqueConstraint(fields=["diagnostic", "competence"], name="score_unique_competence")]

    def __str__(self):
        return f"{self.competence}: {self.score}"
