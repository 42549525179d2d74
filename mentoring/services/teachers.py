"""Writes of a teacher's class load and of the municipality's thresholds of «low results»."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import require
from schools.models import SchoolYear, Teacher, class_key

from .. import access
from ..models import LowResultsRule, TeachingAssignment


@transaction.atomic
def save_assignment(*, actor, teacher: Teacher, school_year: SchoolYear, class_name: str,
                    subject) -> TeachingAssignment:
    require(access.can_edit_teacher(actor, teacher), _("Вы не можете менять нагрузку этого педагога."))
    key = class_key(class_name)
    if not key or not key[0].isdigit():
        raise ValidationError({"class_name": _("Класс записывается как «5А» или «11».")})
    if school_year.pk is None:
        school_year = SchoolYear.objects.get_or_create(start_year=school_year.start_year)[0]
    assignment, created = TeachingAssignment.objects.get_or_create(teacher=teacher, school_year=school_year,
                                                                   class_name=key, subject=subject)
    if not created:
        raise ValidationError({"class_name": _("Этот класс и предмет у педагога в этом году уже есть.")})
    return assignment


@transaction.atomic
def delete_assignment(*, actor, assignment: TeachingAssignment) -> None:
    require(access.can_edit_teacher(actor, assignment.teacher), _("Вы не можете менять нагрузку этого педагога."))
    assignment.delete()


@transaction.atomic
def save_rule(*, actor, municipality, data: dict) -> LowResultsRule:
    require(access.can_edit_rule(actor, municipality.pk), _("Пороги меняет методист муниципалитета."))
    errors = {}
    share, mean, minimum = data.get("failing_share"), data.get("mean_mark"), data.get("min_students")
    if share is None or not 0 <= share <= 100:
        errors["failing_share"] = _("Доля — от 0 до 100 %.")
    if mean is None or not 2 <= mean <= 5:
        errors["mean_mark"] = _("Средняя отметка — от 2 до 5.")
    if minimum is None or not 1 <= minimum <= 1000:
        errors["min_students"] = _("Малая выборка — от 1 до 1000 обучающихся.")
    if errors:
        raise ValidationError(errors)
    rule, _created = LowResultsRule.objects.update_or_create(
        municipality=municipality, defaults={"failing_share": share, "mean_mark": mean, "min_students": minimum})
    return rule
