"""A school's data for a school year: contingent and social context, each «of them» count within its base."""


from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .registry import School, SchoolYear

# Counts kept per school and school year. Each "of them" count is a subset of its base count. The base counts
# (students, teachers) are required; every other count may be unknown — NULL, shown as «нет данных» and left out
# of averages and indices, never read as 0 (docs/methodology.md, C6).
STUDENT_SUBSET_FIELDS = (
    "students_disabled",
    "students_low_income",
    "students_single_parent",
    "students_parents_no_higher_ed",
    "students_non_native",
    "students_preventive_register",
    "students_unexcused_absences",
)
OPTIONAL_FIELDS = (*STUDENT_SUBSET_FIELDS, "young_specialists", "vacancies")


class SchoolYearData(TimeStampedModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="yearly_data",
                               verbose_name=_("школа"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    students = models.PositiveIntegerField(_("обучающихся"))
    students_disabled = models.PositiveIntegerField(_("из них с ОВЗ"), null=True, blank=True)
    students_low_income = models.PositiveIntegerField(_("из малоимущих семей"), null=True, blank=True)
    students_single_parent = models.PositiveIntegerField(_("из неполных семей"), null=True, blank=True)
    students_parents_no_higher_ed = models.PositiveIntegerField(
        _("родители без высшего образования"), null=True, blank=True)
    students_non_native = models.PositiveIntegerField(_("русский язык не родной"), null=True, blank=True)
    students_preventive_register = models.PositiveIntegerField(_("на профилактическом учёте"), null=True, blank=True)
    students_unexcused_absences = models.PositiveIntegerField(
        _("с пропусками без уважительной причины"), null=True, blank=True,
        help_text=_("Число обучающихся, систематически пропускающих занятия без уважительной причины."))
    teachers = models.PositiveIntegerField(_("педагогов"))
    young_specialists = models.PositiveIntegerField(_("из них молодых специалистов"), null=True, blank=True)
    vacancies = models.PositiveIntegerField(_("вакансий"), null=True, blank=True)

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

    @property
    def missing(self) -> list[str]:
        """Labels of the values not entered (unknown), in the form's order."""
        return [str(self._meta.get_field(f).verbose_name) for f in OPTIONAL_FIELDS if getattr(self, f) is None]

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
