"""Assessment results (ВПР, ОГЭ, ЕГЭ) per school, procedure, subject, grade and year; per class for ВПР; the
grading scales that turn primary scores into marks, year by year."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .registry import School, SchoolYear


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


class TaskLevel(models.TextChoices):
    """The level of a ВПР task as the work's description («обобщённый план варианта») gives it."""

    BASIC = "Б", _("базовый")
    ADVANCED = "П", _("повышенный")
    HIGH = "В", _("высокий")


class TaskResult(TimeStampedModel):
    """One task of one ВПР work at one school and grade in a school year, summed over the pupils who wrote it: kept by
    the per-student import (`vpr-individual`) from the file's task columns («1 (2б)», «3 (2б) П»), read by the task
    pattern signal (identification/criteria/task_pattern.py). A task without a known level keeps an empty level."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="task_results", verbose_name=_("школа"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))
    procedure = models.CharField(_("процедура"), max_length=3, choices=Procedure.choices, default=Procedure.VPR)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("предмет"))
    grade = models.PositiveSmallIntegerField(_("класс"))
    task = models.CharField(_("задание"), max_length=10, help_text=_("Номер задания, например «1» или «2.1»."))
    level = models.CharField(_("уровень"), max_length=1, choices=TaskLevel.choices, blank=True)
    max_points = models.PositiveSmallIntegerField(_("максимальный балл"))
    points = models.PositiveIntegerField(_("набрано баллов"), help_text=_("Сумма баллов участников за задание."))
    participants = models.PositiveIntegerField(_("участников"), help_text=_("Участники с баллом за задание."))

    class Meta:
        verbose_name = _("результат задания")
        verbose_name_plural = _("результаты заданий")
        ordering = ["school", "school_year", "procedure", "subject", "grade", "task"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "procedure", "subject", "grade", "task"],
                                    name="task_result_unique_unit"),
            models.CheckConstraint(condition=Q(points__lte=F("max_points") * F("participants")),
                                   name="task_result_points_le_max"),
        ]
        indexes = [models.Index(fields=["school_year", "procedure", "subject", "grade"], name="task_result_unit_idx")]

    def __str__(self):
        return (f"{self.school} — {self.get_procedure_display()} {self.subject} {self.grade} кл., задание {self.task} "
                f"{self.school_year}")
