"""Mentoring's part of the start page (`core.registries.register_tasks`): for leader-school staff and methodologists,
past events whose attendance is not marked and the way to log a new one; for methodologists and directors, teachers
with low results (last year's classes) without a diagnostic or a mentor. A fixed number of queries."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as scoping
from core.formats import ru_date
from core.registries import TaskGroup, TaskItem
from schools.models import Teacher

from . import access, selectors
from .models import Event

SHOWN = 5


def _unmarked(user, today) -> TaskGroup | None:
    if not access.can_log_events(user):
        return None
    qs = access.managed_events(user).filter(status=Event.Status.PLANNED, date__lt=today)
    events = list(qs.order_by("date", "pk")[:SHOWN + 1])
    if not events and not scoping.get_scope(user).leader_schools:
        return None  # the empty group with «Внести мероприятие» is the leader-school staff's way in
    items = [TaskItem(text=_("%(k)s «%(t)s» — отметьте посещаемость") % {"k": e.kind.name, "t": e.topic},
                      url=reverse("mentoring:event_edit", args=[e.pk]) + "#participants", tone="warn",
                      note=ru_date(e.date)) for e in events[:SHOWN]]
    return TaskGroup(title=_("Методические мероприятия"), items=items,
                     empty=_("Посещаемость всех прошедших мероприятий отмечена."),
                     empty_url=reverse("mentoring:event_create"), empty_link=_("Внести мероприятие"),
                     more_url=(reverse("mentoring:calendar") + "?view=list&status=planned"
                               if len(events) > SHOWN else ""),
                     more_link=_("Все мероприятия"))


def _low_results(user, today) -> TaskGroup | None:
    if not access.can_view_low_results(user) or not (scoping.is_methodologist(user) or
                                                      scoping.get_scope(user).director_schools):
        return None
    year = selectors.current_start_year(today)
    reach = access.low_results_schools(user).filter(is_active=True)
    schools = list(reach.values_list("pk", flat=True))
    low = selectors.low_result_teacher_ids(start_year=year - 1, school_ids=schools)
    if not low:
        return None
    diagnosed, mentored = selectors.followed_up(low, start_year=year - 1)
    url = reverse("mentoring:low_results")
    items = []
    # one number, one meaning: the title counts every school in reach; the coverage table counts by default only the
    # supported schools, so municipal staff read that count too, in the coverage table's own words
    if access.can_view_coverage(user):
        supported = Teacher.objects.filter(
            pk__in=low, school__in=selectors.supported_schools(reach, start_year=year)).count()
        title = _("Педагоги с низкими результатами во всех школах: %(n)s (в ШНОР/ШССУ и школах с сопровождением, "
                  "как в таблице охвата: %(s)s)") % {"n": len(low), "s": supported}
    else:
        scope = _("в вашей школе") if len(schools) == 1 else _("в ваших школах")
        title = _("Педагоги с низкими результатами %(scope)s: %(n)s") % {"scope": scope, "n": len(low)}
    if low - diagnosed:
        items.append(TaskItem(text=_("Без диагностики профессиональных дефицитов"), url=url,
                              count=len(low - diagnosed), tone="bad"))
    if low - mentored:
        items.append(TaskItem(text=_("Без наставника"), url=url, count=len(low - mentored), tone="warn"))
    return TaskGroup(title=title, items=items,
                     empty=_("У всех педагогов с низкими результатами есть диагностика и наставник."),
                     empty_url=url, empty_link=_("Открыть список"))


def mentoring_tasks(user) -> list[TaskGroup]:
    today = timezone.localdate()
    return [g for g in (_unmarked(user, today), _low_results(user, today)) if g is not None]
