"""Teachers' class load and the thresholds of «low results»: whose results a class's results are, and when they
are low (mentoring.selectors.results reads them)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from schools.models import Municipality, SchoolYear, Subject, Teacher

# A teacher with less than this many years of teaching experience (Teacher.experience_years) is a young specialist
# (молодой специалист: the first three years of work after graduation, as regional support measures count them).
YOUNG_SPECIALIST_YEARS = 3


class TeachingAssignment(TimeStampedModel):
    """Teacher × school year × class × subject: whose results a class's results are."""

    teacher = models.ForeignKey(Teacher, on_delete=models.CASCADE, related_name="assignments",
                                verbose_name=_("педагог"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    class_name = models.CharField(_("класс"), max_length=10, help_text=_("Например, «5А»."))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("предмет"))

    class Meta:
        verbose_name = _("учебная нагрузка")
        verbose_name_plural = _("учебная нагрузка")
        ordering = ["teacher", "school_year", "class_name", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["teacher", "school_year", "class_name", "subject"],
                                    name="assignment_unique"),
        ]
        indexes = [models.Index(fields=["school_year", "subject", "class_name"], name="assignment_year_idx")]

    def __str__(self):
        return f"{self.teacher} — {self.class_name}, {self.subject} ({self.school_year})"


class LowResultsRule(TimeStampedModel):
    """The explicit, editable thresholds of "a teacher with low results" in a municipality."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="low_results_rule",
                                        verbose_name=_("муниципалитет"))
    failing_share = models.DecimalField(
        _("доля «2» не меньше, %"), max_digits=5, decimal_places=1, default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    mean_mark = models.DecimalField(
        _("средняя отметка меньше"), max_digits=3, decimal_places=2, default=3.3,
        validators=[MinValueValidator(2), MaxValueValidator(5)],
        help_text=_("Средняя отметка (2–5) по всем классам педагога: сравнима между классами и предметами, в "
                    "отличие от первичного балла."))
    min_students = models.PositiveSmallIntegerField(
        _("малая выборка: меньше обучающихся"), default=10,
        help_text=_("Результат с меньшим числом обучающихся показывается как ненадёжный."))

    class Meta:
        verbose_name = _("пороги «педагог с низкими результатами»")
        verbose_name_plural = _("пороги «педагог с низкими результатами»")

    def __str__(self):
        return str(self.municipality)

    # the thresholds of a municipality without its own row (the fields' defaults, as the selectors compare them)
    DEFAULTS = {"failing_share": Decimal("20"), "mean_mark": Decimal("3.3"), "min_students": 10}
