"""Writes of development routes (ИОМ) and their items (an item linked to an event or a course may be done already)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import ru_date
from core.services import require

from .. import access
from ..models import DevelopmentRoute, Participation, RouteItem
from .common import assign, period_problems


@transaction.atomic
def save_route(*, actor, route: DevelopmentRoute, data: dict, deficits=()) -> DevelopmentRoute:
    teacher = data.get("teacher") or route.teacher
    require(access.can_edit_teacher(actor, teacher), _("Маршрут составляют директор школы педагога и методист."))
    start, end = data.get("start"), data.get("end")
    errors = period_problems(start, end)
    if errors:
        raise ValidationError(errors)
    route.teacher, route.start, route.end, route.goal = teacher, start, end, data.get("goal", "") or ""
    if route.pk is None:
        route.created_by = actor
    route.save()
    route.deficits.set(list(deficits))
    return route


def _item_done_on(item: RouteItem) -> datetime.date | None:
    """The day a linked item was done by itself: the event the teacher attended, the course completed."""
    teacher_id = item.route.teacher_id
    if item.event_id and Participation.objects.filter(event_id=item.event_id, teacher_id=teacher_id,
                                                      attended=True).exists():
        return item.event.date
    if item.course_id and item.course.completed:
        return item.course.end
    return None


@transaction.atomic
def save_route_item(*, actor, item: RouteItem, data: dict) -> RouteItem:
    route = data.get("route") or item.route
    require(access.can_edit_teacher(actor, route.teacher), _("Маршрут меняют директор школы педагога и методист."))
    errors = {}
    if not (data.get("title") or "").strip():
        errors["title"] = _("Опишите пункт маршрута.")
    due = data.get("due")
    if due is None:
        errors["due"] = _("Укажите срок.")
    elif not route.start <= due <= route.end:
        errors["due"] = _("Срок — внутри периода маршрута (%(a)s–%(b)s).") % {"a": ru_date(route.start),
                                                                            "b": ru_date(route.end)}
    course, event, pair = data.get("course"), data.get("event"), data.get("pair")
    if course is not None and course.teacher_id != route.teacher_id:
        errors["course"] = _("Курс другого педагога.")
    if pair is not None and pair.mentee_id != route.teacher_id:
        errors["pair"] = _("Пара, в которой педагог не наставляемый.")
    if event is not None and not access.can_view_event(actor, event):
        errors["event"] = _("Мероприятие не найдено.")
    if errors:
        raise ValidationError(errors)
    item.route = route
    assign(item, data, ("kind", "title", "due", "status", "course", "event", "pair"))
    item.title = item.title.strip()
    if item.status == RouteItem.Status.DONE and not item.done_on:
        item.done_on = timezone.localdate()
    elif item.status != RouteItem.Status.DONE:
        item.done_on = None
    item.save()
    done_on = _item_done_on(item) if item.status != RouteItem.Status.DONE else None
    if done_on is not None:
        item.status, item.done_on = RouteItem.Status.DONE, done_on
        item.save(update_fields=["status", "done_on", "updated_at"])
    return item
