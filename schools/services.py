"""Writes to the registry. Callers (pages, API) decide permission with accounts.scoping first;
these functions validate with the models' own rules and record the actor in the audit log."""

from contextlib import nullcontext

from auditlog.context import set_actor
from django.db import transaction

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


@transaction.atomic
def create_school(*, actor, data: dict) -> School:
    school = School(**data)
    return _save(school, actor=actor)


@transaction.atomic
def update_school(*, actor, school: School, data: dict) -> School:
    _assign(school, data)
    return _save(school, actor=actor)


@transaction.atomic
def save_yearly_data(*, actor, school: School, start_year: int, data: dict) -> SchoolYearData:
    """Create or update the school's data for one school year (the year is created on first use)."""
    year, _ = SchoolYear.objects.get_or_create(start_year=start_year)
    record = SchoolYearData.objects.filter(school=school, school_year=year).first()
    if record is None:
        record = SchoolYearData(school=school, school_year=year)
    _assign(record, data)
    return _save(record, actor=actor)


@transaction.atomic
def create_teacher(*, actor, school: School, data: dict) -> Teacher:
    teacher = Teacher(school=school, **data)
    return _save(teacher, actor=actor)


@transaction.atomic
def update_teacher(*, actor, teacher: Teacher, data: dict) -> Teacher:
    _assign(teacher, data)
    return _save(teacher, actor=actor)


@transaction.atomic
def save_grading_scale(*, actor, scale: GradingScale) -> GradingScale:
    return _save(scale, actor=actor)


@transaction.atomic
def save_result(*, actor, result: AssessmentResult, start_year: int, data: dict) -> AssessmentResult:
    """Create or update one school-level result (the school year is created on first use)."""
    result.school_year, _ = SchoolYear.objects.get_or_create(start_year=start_year)
    _assign(result, data)
    return _save(result, actor=actor)
