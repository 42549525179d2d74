"""Writes to the registry. Every function takes the acting user and decides permission itself with
schools.access, so the pages, the API and any other caller keep the same rules: a refusal is
PermissionDenied (with a reason in Russian), a value the actor may not set is a ValidationError on its
field. `actor=None` is the system (management commands, demo seeding): all rights, no audit actor.

The models' own rules (full_clean) validate the rest; the actor is recorded in the audit log."""

from contextlib import nullcontext

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import require_actor

from . import access
from .models import AssessmentResult, GradingScale, School, SchoolYear, SchoolYearData, Teacher


def _actor_context(actor):
    return set_actor(actor) if actor is not None and actor.is_authenticated else nullcontext()



def _assign(instance, data: dict):
    for field, value in data.items():
        setattr(instance, field, value)


def _save(instance, *, actor, exclude=None):
    instance.full_clean(exclude=exclude)
    with _actor_context(actor):
        instance.save()
    return instance


def _same(instance, field: str, value) -> bool:
    if field == "municipality":  # compare ids: no query for the current municipality
        return getattr(value, "pk", value) == instance.municipality_id
    return getattr(instance, field) == value


@transaction.atomic
def create_school(*, actor, data: dict) -> School:
    require_actor(actor, lambda actor: access.can_create_school(actor),
             _("Добавлять школы может только методист или администратор."))
    municipality = data.get("municipality")
    if actor is not None and municipality is not None and not access.can_create_school_in(actor, municipality.pk):
        raise ValidationError({"municipality": _("Нет прав добавлять школы в этот муниципалитет.")})
    school = School(**data)
    return _save(school, actor=actor)


@transaction.atomic
def update_school(*, actor, school: School, data: dict) -> School:
    """Change a school: its methodologists everything, its director all but access.MUNICIPAL_ONLY_FIELDS.

    The rules are checked against the school as stored (a model form has already set its values on the
    instance it was given)."""
    if actor is not None:
        stored = School.objects.get(pk=school.pk)
        require_actor(actor, lambda actor: access.can_edit_school(actor, stored), _("Нет прав изменять эту школу."))
        locked = access.locked_fields(actor, stored)
        refused = [f for f in data if f in locked and not _same(stored, f, data[f])]
        if refused:
            raise ValidationError({f: str(access.LOCKED_FIELD_MESSAGE) for f in refused})
        target = data.get("municipality")
        if target is not None and not _same(stored, "municipality", target) and not (
                access.can_manage_municipality(actor, target.pk)):
            raise ValidationError({"municipality": _("Нет прав переносить школу в этот муниципалитет.")})
    _assign(school, data)
    return _save(school, actor=actor)


@transaction.atomic
def save_yearly_data(*, actor, school: School, start_year: int, data: dict, new: bool = False) -> SchoolYearData:
    """Create or update the school's data for one school year (the year is created on first use).

    new=True: the caller means to add the year (API POST), so existing data for it is an error."""
    require_actor(actor, lambda actor: access.can_edit_private(actor, school), _("Нет прав вносить данные этой школы."))
    year, _created = SchoolYear.objects.get_or_create(start_year=start_year)
    record = SchoolYearData.objects.filter(school=school, school_year=year).first()
    if record is not None and new:
        raise ValidationError({"school_year": _("Данные за %(year)s учебный год уже внесены: измените их.")
                               % {"year": year.name}})
    if record is None:
        record = SchoolYearData(school=school, school_year=year)
    _assign(record, data)
    return _save(record, actor=actor)


def _teacher_problems(teacher: Teacher) -> dict:
    """The constraint `teacher_unique_name_in_school` (the teacher import's natural key), at its field."""
    if teacher.full_name and Teacher.objects.filter(school_id=teacher.school_id, full_name=teacher.full_name).exclude(
            pk=teacher.pk).exists():
        return {"full_name": _("В школе уже есть педагог «%(n)s»: откройте его запись или уточните ФИО.") % {
            "n": teacher.full_name}}
    return {}


@transaction.atomic
def create_teacher(*, actor, school: School, data: dict) -> Teacher:
    require_actor(actor, lambda actor: access.can_edit_private(actor, school),
                  _("Нет прав изменять педагогов этой школы."))
    teacher = Teacher(school=school, **data)
    if errors := _teacher_problems(teacher):
        raise ValidationError(errors)
    return _save(teacher, actor=actor)


@transaction.atomic
def update_teacher(*, actor, teacher: Teacher, data: dict) -> Teacher:
    require_actor(actor, lambda actor: access.can_edit_private(actor, teacher.school),
             _("Нет прав изменять педагогов этой школы."))
    data = dict(data)
    if "school" in data and data.pop("school") != teacher.school:
        raise ValidationError({"school": _("Педагога нельзя перенести в другую школу: добавьте его заново.")})
    _assign(teacher, data)
    if errors := _teacher_problems(teacher):
        raise ValidationError(errors)
    return _save(teacher, actor=actor)


@transaction.atomic
def save_grading_scale(*, actor, scale: GradingScale) -> GradingScale:
    require_actor(actor, access.can_edit_grading_scales,
                  access.SCALES_REFUSAL)
    if scale.school_year_id and scale.subject_id and scale.procedure and scale.grade and GradingScale.objects.filter(
            procedure=scale.procedure, subject_id=scale.subject_id, grade=scale.grade,
            school_year_id=scale.school_year_id).exclude(pk=scale.pk).exists():  # `grading_scale_unique`
        raise ValidationError({"grade": _("Шкала «%(s)s» уже существует: откройте её в списке шкал.") % {"s": scale}})
    return _save(scale, actor=actor)


@transaction.atomic
def save_result(*, actor, result: AssessmentResult, start_year: int, data: dict) -> AssessmentResult:
    """Create or update one school-level result (the school year is created on first use).

    Written by methodologists of the school's municipality — of the school it had and the one it gets."""
    refusal = _("Результаты вносит методист муниципалитета школы.")
    if result.pk is not None:
        require_actor(actor, lambda actor: access.can_edit_results(actor, result.school), refusal)
    school = data.get("school") or (result.school if result.school_id else None)
    if school is not None:
        require_actor(actor, lambda actor: access.can_edit_results(actor, school), refusal)
    if result.pk is None:
        key = {f: data[f] for f in ("school", "procedure", "subject", "grade") if f in data}
        if len(key) == 4 and AssessmentResult.objects.filter(school_year__start_year=start_year, **key).exists():
            raise ValidationError({"grade": _("Результат этой процедуры, предмета и класса за год уже есть.")})
    result.school_year, _created = SchoolYear.objects.get_or_create(start_year=start_year)
    _assign(result, data)
    return _save(result, actor=actor)
