"""Registry: regions, municipalities, schools, school years, yearly data and teachers.

These models know nothing about users (docs/architecture.md): who may see what is decided in `accounts.access`.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.formats import parse_school_year
from core.models import TimeStampedModel


class Region(TimeStampedModel):
    name = models.CharField(_("название"), max_length=200, unique=True)
    code = models.CharField(_("код"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(TimeStampedModel):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities",
                               verbose_name=_("регион"))
    name = models.CharField(_("название"), max_length=200)
    code = models.CharField(_("код"), max_length=20, unique=True,
                            validators=[RegexValidator(r"^[A-Za-z0-9_-]+$",
                                                       _("Код: латинские буквы, цифры, «-» и «_»."))])

    class Meta:
        verbose_name = _("муниципалитет")
        verbose_name_plural = _("муниципалитеты")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name_in_region"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schools:municipality_detail", args=[self.pk])


class SchoolKind(models.TextChoices):
    NOSH = "nosh", _("НОШ")
    OOSH = "oosh", _("ООШ")
    SOSH = "sosh", _("СОШ")
    GYMNASIUM = "gymnasium", _("гимназия")
    LYCEUM = "lyceum", _("лицей")
    EDUCATION_CENTER = "center", _("центр образования")
    EVENING = "evening", _("вечерняя (сменная) школа")
    BOARDING = "boarding", _("школа-интернат")
    CORRECTIONAL = "correctional", _("коррекционная школа")
    OTHER = "other", _("иная")


class Location(models.TextChoices):
    URBAN = "urban", _("городская")
    RURAL = "rural", _("сельская")


def validate_inn(value: str):
    """ИНН of a legal entity: 10 digits with a check digit (ФНС algorithm)."""
    if not re.fullmatch(r"\d{10}", value or ""):
        raise ValidationError(_("ИНН организации — 10 цифр."), code="inn_format")
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(d) * w for d, w in zip(value, weights, strict=False)) % 11 % 10
    if check != int(value[9]):
        raise ValidationError(_("Неверная контрольная цифра ИНН."), code="inn_checksum")


class School(TimeStampedModel):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="schools",
                                     verbose_name=_("муниципалитет"))
    code = models.CharField(_("код ОО"), max_length=32, unique=True,
                            help_text=_("Код образовательной организации, как в файлах оценочных процедур."),
                            validators=[RegexValidator(r"^[0-9A-Za-z_-]+$",
                                                       _("Код: цифры, латинские буквы, «-» и «_»."))])
    full_name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=200)
    inn = models.CharField(_("ИНН"), max_length=10, blank=True, validators=[validate_inn])
    kind = models.CharField(_("вид"), max_length=20, choices=SchoolKind.choices, default=SchoolKind.SOSH)
    location = models.CharField(_("местность"), max_length=10, choices=Location.choices,
                                default=Location.URBAN)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    director_name = models.CharField(_("директор"), max_length=200, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    website = models.URLField(_("сайт"), blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("школа")
        verbose_name_plural = _("школы")
        ordering = ["short_name"]
        indexes = [
            models.Index(fields=["municipality", "short_name"], name="school_muni_name_idx"),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("schools:school_detail", args=[self.pk])


class SchoolYear(models.Model):
    """A school year such as 2024/2025, identified by the calendar year it starts in."""

    start_year = models.PositiveSmallIntegerField(_("год начала"), unique=True,
                                                  validators=[MinValueValidator(2000)])

    class Meta:
        verbose_name = _("учебный год")
        verbose_name_plural = _("учебные годы")
        ordering = ["start_year"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @staticmethod
    def parse(text: str) -> int:
        """'2024/2025', '2024-2025' or '2024' → 2024; ValueError on anything else."""
        return parse_school_year(text)


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
    experience_years = models.PositiveSmallIntegerField(_("педагогический стаж, лет"), default=0)
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


# ---- assessment results (ВПР, ОГЭ, ЕГЭ) ---------------------------------------------------------

class Procedure(models.TextChoices):
    VPR = "vpr", _("ВПР")
    OGE = "oge", _("ОГЭ")
    EGE = "ege", _("ЕГЭ")


PROCEDURE_GRADES = {Procedure.VPR: range(4, 12), Procedure.OGE: (9,), Procedure.EGE: (11,)}


class Subject(models.Model):
    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("предмет"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("учебный предмет")
        verbose_name_plural = _("учебные предметы")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AssessmentResult(TimeStampedModel):
    """Results of one school in one procedure, subject and grade in one school year.

    For ЕГЭ `mark2` counts participants below the minimum score and `mean_score` is the mean test score;
    marks 3–5 and the journal comparison are not used.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="results", verbose_name=_("школа"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    procedure = models.CharField(_("процедура"), max_length=3, choices=Procedure.choices)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("предмет"))
    grade = models.PositiveSmallIntegerField(_("класс"))
    participants = models.PositiveIntegerField(_("участников"))
    mark2 = models.PositiveIntegerField(_("«2» (ЕГЭ: ниже минимального балла)"), default=0)
    mark3 = models.PositiveIntegerField(_("«3»"), default=0)
    mark4 = models.PositiveIntegerField(_("«4»"), default=0)
    mark5 = models.PositiveIntegerField(_("«5»"), default=0)
    mean_score = models.DecimalField(_("средний балл"), max_digits=6, decimal_places=2, null=True, blank=True,
                                     help_text=_("Средний первичный балл (ЕГЭ: средний тестовый балл)."))
    lowered = models.PositiveIntegerField(_("понизили отметку по журналу"), null=True, blank=True)
    confirmed = models.PositiveIntegerField(_("подтвердили отметку по журналу"), null=True, blank=True)
    raised = models.PositiveIntegerField(_("повысили отметку по журналу"), null=True, blank=True)

    class Meta:
        verbose_name = _("результат оценочной процедуры")
        verbose_name_plural = _("результаты оценочных процедур")
        ordering = ["school", "school_year", "procedure", "subject", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "procedure", "subject", "grade"],
                                    name="result_unique_unit"),
            models.CheckConstraint(condition=Q(mark2__lte=F("participants")), name="result_mark2_le_participants"),
            models.CheckConstraint(
                condition=Q(mark2__lte=F("participants") - F("mark3") - F("mark4") - F("mark5")),
                name="result_marks_le_participants"),
            models.CheckConstraint(condition=Q(grade__gte=4, grade__lte=11), name="result_grade_4_11"),
        ]
        indexes = [models.Index(fields=["school_year", "procedure", "subject", "grade"], name="result_unit_idx")]

    def __str__(self):
        return f"{self.school} — {self.get_procedure_display()} {self.subject} {self.grade} кл. {self.school_year}"

    def clean(self):
        errors = {}
        marks = sum(v or 0 for v in (self.mark2, self.mark3, self.mark4, self.mark5))
        if self.participants is not None and marks > self.participants:
            errors["mark2"] = _("Сумма отметок (%(m)s) больше числа участников (%(n)s).") % {
                "m": marks, "n": self.participants}
        journal = [v for v in (self.lowered, self.confirmed, self.raised) if v is not None]
        if self.participants is not None and sum(journal) > self.participants:
            errors["confirmed"] = _("Понизили + подтвердили + повысили (%(m)s) больше числа участников (%(n)s).") % {
                "m": sum(journal), "n": self.participants}
        if self.procedure and self.grade and self.grade not in PROCEDURE_GRADES[Procedure(self.procedure)]:
            errors["grade"] = _("Класс %(g)s не подходит для процедуры %(p)s.") % {
                "g": self.grade, "p": Procedure(self.procedure).label}
        if errors:
            raise ValidationError(errors)

    @property
    def failing_share(self) -> float | None:
        return 100 * self.mark2 / self.participants if self.participants else None


class GradingScale(models.Model):
    """Primary score → mark bands (ВПР, ОГЭ) or the minimum test score (ЕГЭ) for one year.

    Scales change every year, so they are reference data, never constants in code.
    """

    procedure = models.CharField(_("процедура"), max_length=3, choices=Procedure.choices)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("предмет"))
    grade = models.PositiveSmallIntegerField(_("класс"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    max_score = models.PositiveSmallIntegerField(_("максимальный первичный балл"))
    min_score_3 = models.PositiveSmallIntegerField(_("первичный балл для «3»"), null=True, blank=True)
    min_score_4 = models.PositiveSmallIntegerField(_("первичный балл для «4»"), null=True, blank=True)
    min_score_5 = models.PositiveSmallIntegerField(_("первичный балл для «5»"), null=True, blank=True)
    min_passing_score = models.PositiveSmallIntegerField(_("минимальный балл ЕГЭ"), null=True, blank=True,
                                                         help_text=_("Только для ЕГЭ: минимальный тестовый балл."))

    class Meta:
        verbose_name = _("шкала перевода баллов")
        verbose_name_plural = _("шкалы перевода баллов")
        ordering = ["-school_year", "procedure", "subject", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "subject", "grade", "school_year"],
                                    name="grading_scale_unique"),
        ]

    def __str__(self):
        return f"{self.get_procedure_display()} {self.subject} {self.grade} кл. {self.school_year}"

    def clean(self):
        if self.procedure == Procedure.EGE:
            if self.min_passing_score is None:
                raise ValidationError({"min_passing_score": _("Для ЕГЭ укажите минимальный балл.")})
            return
        bands = [self.min_score_3, self.min_score_4, self.min_score_5]
        if any(b is None for b in bands):
            raise ValidationError(_("Укажите границы для отметок «3», «4» и «5»."))
        if not (0 < bands[0] < bands[1] < bands[2] <= (self.max_score or 0)):
            raise ValidationError(_("Границы должны возрастать: 0 < «3» < «4» < «5» ≤ максимального балла."))

    def mark_for(self, score: int | float) -> int:
        """The mark for a primary score (ЕГЭ: 2 below the minimum, otherwise 5 — ЕГЭ has no marks)."""
        if self.procedure == Procedure.EGE:
            return 2 if score < self.min_passing_score else 5
        if score >= self.min_score_5:
            return 5
        if score >= self.min_score_4:
            return 4
        if score >= self.min_score_3:
            return 3
        return 2


def class_key(name: str) -> str:
    """A class name as files write it («5 а», «5А», «5-а») → one key «5А», so a teaching assignment and a per-student
    file name the same class."""
    return re.sub(r"[\s\-.«»\"]+", "", str(name or "")).upper().replace("A", "А").replace("B", "В")


class ClassResult(TimeStampedModel):
    """One class's results in one ВПР (subject) of a school year, kept by the per-student import (`vpr-individual`):
    what teacher-level results are computed from (a teacher's results are their classes' results)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="class_results",
                               verbose_name=_("школа"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    procedure = models.CharField(_("процедура"), max_length=3, choices=Procedure.choices, default=Procedure.VPR)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("предмет"))
    class_name = models.CharField(_("класс"), max_length=10, help_text=_("Например, «5А»."))
    grade = models.PositiveSmallIntegerField(_("параллель"))
    participants = models.PositiveIntegerField(_("участников"))
    mark2 = models.PositiveIntegerField(_("«2»"), default=0)
    mark3 = models.PositiveIntegerField(_("«3»"), default=0)
    mark4 = models.PositiveIntegerField(_("«4»"), default=0)
    mark5 = models.PositiveIntegerField(_("«5»"), default=0)
    mean_score = models.DecimalField(_("средний первичный балл"), max_digits=6, decimal_places=2, null=True,
                                     blank=True)

    class Meta:
        verbose_name = _("результат класса")
        verbose_name_plural = _("результаты классов")
        ordering = ["school", "school_year", "procedure", "subject", "class_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "procedure", "subject", "class_name"],
                                    name="class_result_unique_unit"),
            models.CheckConstraint(
                condition=Q(participants__gte=F("mark2") + F("mark3") + F("mark4") + F("mark5")),
                name="class_result_marks_le_participants"),
        ]
        indexes = [models.Index(fields=["school_year", "school", "subject"], name="class_result_year_idx")]

    def __str__(self):
        return f"{self.school} — {self.get_procedure_display()} {self.subject} {self.class_name} {self.school_year}"
