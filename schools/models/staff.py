"""Teachers: the staff registry of each school (personal data, seen only within scope)."""


from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .registry import School


class QualificationCategory(models.TextChoices):
    NONE = "none", _("без категории")
    CONFORMITY = "conformity", _("соответствие занимаемой должности")
    FIRST = "first", _("первая")
    HIGHEST = "highest", _("высшая")


class Teacher(TimeStampedModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="teachers",
                               verbose_name=_("школа"))
    full_name = models.CharField(_("ФИО"), max_length=200)
    position = models.CharField(_("должность"), max_length=200, default="учитель")
    subjects = models.CharField(_("предметы"), max_length=500, blank=True,
                                help_text=_("Через запятую: «математика, физика»."))
    # None: not entered — unknown, not a beginner (a 0 would count the teacher a young specialist)
    experience_years = models.PositiveSmallIntegerField(_("педагогический стаж, лет"), null=True, blank=True)
    qualification_category = models.CharField(_("квалификационная категория"), max_length=20,
                                              choices=QualificationCategory.choices,
                                              default=QualificationCategory.NONE)
    is_active = models.BooleanField(_("работает"), default=True)

    class Meta:
        verbose_name = _("педагог")
        verbose_name_plural = _("педагоги")
        ordering = ["full_name"]
        constraints = [
            # natural key of the teacher import: one person's name is unique within a school
            models.UniqueConstraint(fields=["school", "full_name"], name="teacher_unique_name_in_school"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("schools:teacher_edit", args=[self.pk])
