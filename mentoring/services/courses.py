"""Writes of courses (КПК): a completed course ticks off the route items linked to it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import require

from .. import access
from ..models import Course, RouteItem
from .common import assign, file_problems, period_problems


@transaction.atomic
def save_course(*, actor, course: Course, data: dict) -> Course:
    teacher = data.get("teacher") or course.teacher
    require(access.can_edit_teacher(actor, teacher), _("Курсы вносят директор школы педагога и методист."))
    errors = {}
    for name, message in (("title", _("Укажите программу.")), ("provider", _("Укажите организацию."))):
        if not (data.get(name) or "").strip():
            errors[name] = message
    if not data.get("hours"):
        errors["hours"] = _("Укажите число часов (больше нуля).")
    errors.update(period_problems(data.get("start"), data.get("end")))
    errors.update(file_problems("certificate", data.get("certificate")))
    if errors:
        raise ValidationError(errors)
    course.teacher = teacher
    assign(course, data, ("title", "provider", "hours", "start", "end", "topic_area", "completed"))
    if course.pk is None:
        course.created_by = actor
    upload = data.get("certificate")
    if upload:
        course.certificate.save(upload.name, upload, save=False)
    course.save()
    if course.completed:  # the route items of this course are done
        RouteItem.objects.filter(course=course).exclude(status=RouteItem.Status.DONE).update(
            status=RouteItem.Status.DONE, done_on=course.end, updated_at=timezone.now())
    return course
