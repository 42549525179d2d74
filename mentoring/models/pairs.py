"""Mentoring and tutoring pairs and their meetings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import limits
from core.models import TimeStampedModel
from partnerships.models import Agreement
from schools.models import Subject, Teacher


class MentoringPair(TimeStampedModel):
    class Role(models.TextChoices):
        MENTOR = "mentor", _("наставник")
        TUTOR = "tutor", _("тьютор")

    class Form(models.TextChoices):
        TEACHER_TEACHER = "teacher_teacher", _("педагог — педагог")
        GROUP = "group", _("групповое")
        YOUNG = "young", _("молодой специалист")

    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        COMPLETED = "completed", _("завершено")
        STOPPED = "stopped", _("прекращено")

    role = models.CharField(_("сопровождение"), max_length=10, choices=Role.choices, default=Role.MENTOR)
    mentor = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="mentoring_as_mentor",
                               verbose_name=_("наставник / тьютор"))
    mentee = models.ForeignKey(Teacher, on_delete=models.PROTECT, related_name="mentoring_as_mentee",
                               verbose_name=_("наставляемый"))
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="mentoring_pairs", verbose_name=_("по соглашению"))
    form = models.CharField(_("форма"), max_length=20, choices=Form.choices, default=Form.TEACHER_TEACHER)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("предмет"))
    goals = models.TextField(_("цели"), blank=True, max_length=limits.LONG_TEXT)
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    # None: not planned yet — unknown, not «0 meetings planned»
    planned_meetings = models.PositiveSmallIntegerField(_("запланировано встреч"), null=True, blank=True)
    status = models.CharField(_("состояние"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    outcome = models.TextField(_("итог"), blank=True, max_length=limits.LONG_TEXT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("внёс"))

    class Meta:
        verbose_name = _("наставническая пара")
        verbose_name_plural = _("наставнические пары")
        ordering = ["-start", "mentee__full_name"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="pair_end_after_start"),
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="pair_mentor_not_mentee"),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"

    def get_absolute_url(self):
        return reverse("mentoring:pair_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class MentoringMeeting(models.Model):
    pair = models.ForeignKey(MentoringPair, on_delete=models.CASCADE, related_name="meetings",
                             verbose_name=_("пара"))
    date = models.DateField(_("дата"))
    topic = models.CharField(_("тема"), max_length=500)
    notes = models.TextField(_("заметки"), blank=True, max_length=limits.LONG_TEXT)

    class Meta:
        verbose_name = _("встреча наставника")
        verbose_name_plural = _("встречи наставников")
        ordering = ["pair", "date"]

    def __str__(self):
        return f"{self.pair}: {self.topic}"
