"""Professional development courses (КПК)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage
from schools.models import Teacher


class TopicArea(models.TextChoices):
    QUALITY = "quality", _("качество образования")
    SUBJECT = "subject", _("предметная подготовка")
    ASSESSMENT = "assessment", _("оценивание и объективность")
    MANAGEMENT = "management", _("управление")
    INCLUSION = "inclusion", _("инклюзивное образование")
    UPBRINGING = "upbringing", _("воспитание")
    OTHER = "other", _("иное")


class Course(TimeStampedModel):
    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="courses", verbose_name=_("педагог"))
    title = models.CharField(_("программа"), max_length=500)
    provider = models.CharField(_("организация"), max_length=300)
    hours = models.PositiveSmallIntegerField(_("часов"))
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    topic_area = models.CharField(_("направление"), max_length=20, choices=TopicArea.choices,
                                  default=TopicArea.QUALITY)
    completed = models.BooleanField(_("завершён"), default=False)
    certificate = models.FileField(_("удостоверение"), upload_to="certificates/%Y/", storage=private_storage,
                                   blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("внёс"))

    class Meta:
        verbose_name = _("курс повышения квалификации")
        verbose_name_plural = _("курсы повышения квалификации")
        ordering = ["teacher", "-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="course_end_after_start"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="course_hours_positive"),
        ]

    def __str__(self):
        return f"{self.title} ({self.hours} ч.)"

    def get_absolute_url(self):
        return reverse("mentoring:teacher_detail", args=[self.teacher_id]) + "#courses"
