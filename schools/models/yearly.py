"""A school's data for a school year: contingent and social context, each «of them» count within its base."""


from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .registry import School, SchoolYear

# Counts kept per school and school year. Each "of them" count is a subset of its base count.
STUDENT_SUBSET_FIELDS = (
    "students_disabled",
    "students_low_income",
    "students_single_parent",
    "students_parents_no_higher_ed",
    "students_non_native",
    "students_preventive_register",
    "students_unexcused_absences",
)


class SchoolYearData(TimeStampedModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="yearly_data",
                               verbose_name=_("школа"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    students = models.PositiveIntegerField(_("обучающихся"))
    students_disabled = models.PositiveIntegerField(_("из них с ОВЗ"), default=0)
    students_low_income = models.PositiveIntegerField(_("из малоимущих семей"), default=0)
    students_single_parent = models.PositiveIntegerField(_("из неполных семей"), default=0)
    students_parents_no_higher_ed = models.PositiveIntegerField(
        _("родители без высшего образования"), default=0)
    students_non_native = models.PositiveIntegerField(_("русский язык не родной"), default=0)
    students_preventive_register = models.PositiveIntegerField(_("на профилактическом учёте"), default=0)
    students_unexcused_absences = models.PositiveIntegerField(
        _("с пропусками без уважительной причины"), default=0,
        help_text=_("Число обучающихся, систематически пропускающих занятия без уважительной причины."))
    teachers = models.PositiveIntegerField(_("педагогов"))
    young_specialists = models.PositiveIntegerField(_("из них молодых специалистов"), default=0)
    vacancies = models.PositiveIntegerField(_("вакансий"), default=0)

    class Meta:
        verbose_name = _("данные школы за год")
        verbose_name_plural = _("данные школ за год")
        ordering = ["school", "school_year__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="yearly_data_unique_school_year"),
            models.CheckConstraint(condition=Q(young_specialists__lte=F("teachers")),
                                   name="yearly_data_young_le_teachers"),
            *[
                models.CheckConstraint(condition=Q(**{f"{f}__lte": F("students")}),
                                       name=f"yearly_data_{f}_le_students")
                for f in STUDENT_SUBSET_FIELDS
            ],
        ]

    def __str__(self):
        return f"{self.school} — {self.school_year}"

    def get_absolute_url(self):
        return reverse("schools:school_detail", args=[self.school_id]) + "#yearly"

    def clean(self):
        errors = {}
        if self.students is not None:
            for f in STUDENT_SUBSET_FIELDS:
                value = getattr(self, f)
                if value is not None and value > self.students:
                    errors[f] = _("Не может быть больше общего числа обучающихся (%(n)s).") % {
                        "n": self.students}
        if (self.teachers is not None and self.young_specialists is not None
                and self.young_specialists > self.teachers):
            errors["young_specialists"] = _("Не может быть больше числа педагогов (%(n)s).") % {
                "n": self.teachers}
        if errors:
            raise ValidationError(errors)
