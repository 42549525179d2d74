"""Identification's part of the start page (`core.registries.register_tasks`): lists waiting for the
methodologist's review and for the head's approval, the director's school status with its reasons, and for
administrators the runs of every territory. Each group reads in one or two queries, whatever the number of runs."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as scoping
from core.formats import ru_date, school_year_name, school_year_of
from core.registries import TaskGroup, TaskItem

from . import access, selectors
from .models import Run, RunSchool, Status

SHOWN = 5
FAILED_DAYS = 30


def _open_runs(munis, exclude=None) -> list[Run]:
    """Computed lists that can still be approved (official, and no list of their year approved yet) of these
    municipalities, oldest first (without those matching `exclude`)."""
    qs = Run.objects.filter(municipality_id__in=munis)
    if exclude is not None:
        qs = qs.exclude(exclude)
    return list(selectors.open_for_approval(qs)
                .select_related("municipality", "school_year").order_by("created_at")[:SHOWN + 1])


def _run_item(run: Run, text: str) -> TaskItem:
    return TaskItem(text=f"{run.territory}, {run.school_year}: {text}", url=run.get_absolute_url(), tone="warn",
                    note=_("расчёт № %(n)s от %(d)s") % {"n": run.pk, "d": ru_date(
                        timezone.localdate(run.finished_at or run.created_at))})


def _more(runs: list) -> dict:
    return {"more_url": reverse("identification:run_list"), "more_link": _("Все расчёты")} if len(runs) > SHOWN else {}


def _methodologist(user, munis) -> TaskGroup:
    runs = _open_runs(munis)
    items = [_run_item(r, _("ждёт проверки и решений, затем утверждения руководителем")) for r in runs[:SHOWN]]
    since = timezone.now() - datetime.timedelta(days=FAILED_DAYS)
    failed = Run.objects.filter(state=Run.State.FAILED, municipality_id__in=munis, created_at__gte=since).count()
    if failed:
        items.append(TaskItem(text=_("Расчёты со сбоем за 30 дней: запустите заново"), count=failed, tone="bad",
                              url=reverse("identification:run_list")))
    text, url, link = idle_hint(timezone.localdate())
    return TaskGroup(title=_("Выявление ШНОР/ШССУ"), items=items,
                     empty=_("Расчётов, ожидающих проверки, нет.") + " " + text, empty_url=url, empty_link=link,
                     **_more(runs))


def idle_hint(today: datetime.date) -> tuple[str, str, str]:
    """What a methodologist with no list to review does next, by the phase of the school year (docs/domain.md,
    «Годовой цикл»): September–October the list of this year is computed; November–March it is in force; April–August
    the results of the year arrive, the next list's data."""
    year = school_year_name(school_year_of(today))
    if today.month in (9, 10):
        return (_("Начало учебного года — время запустить расчёт выявления на %(y)s.") % {"y": year},
                reverse("identification:run_create"), _("Запустить расчёт"))
    if today.month in (11, 12, 1, 2, 3):
        return (_("Список на %(y)s — в официальных списках; следующий расчёт — в сентябре.") % {"y": year},
                reverse("identification:official_list"), _("Официальные списки"))
    return (_("Весной и летом приходят результаты ВПР, ОГЭ и ЕГЭ: загрузите их, чтобы в сентябре запустить расчёт."),
            reverse("imports:start"), _("Загрузить результаты"))


def _head(user, munis) -> TaskGroup:
    # the lists the head computed or decided in are approved by someone else (access.can_approve)
    runs = [r for r in _open_runs(munis, exclude=access.authored_q(user)) if access.approves_by_role(user, r)]
    return TaskGroup(title=_("Списки ШНОР/ШССУ на утверждение"),
                     items=[_run_item(r, _("список ждёт вашего утверждения")) for r in runs[:SHOWN]],
                     empty=_("Списков на утверждение нет. Утверждённые списки — в разделе «Выявление»."),
                     empty_url=reverse("identification:official_list"), empty_link=_("Официальные списки"),
                     **_more(runs))


def _admin(user) -> TaskGroup:
    since = timezone.now() - datetime.timedelta(days=FAILED_DAYS)
    waiting = selectors.open_for_approval(Run.objects.all()).count()
    failed = Run.objects.filter(state=Run.State.FAILED, created_at__gte=since).count()
    url = reverse("identification:run_list")
    items = [TaskItem(text=_("Списки ждут проверки и утверждения"), count=waiting, tone="warn",
                      url=url)] if waiting else []
    if failed:
        items.append(TaskItem(text=_("Расчёты со сбоем за 30 дней"), count=failed, tone="bad", url=url))
    return TaskGroup(title=_("Выявление: все территории"), items=items,
                     empty=_("Расчётов, ожидающих решений, и сбоев нет."), empty_url=url, empty_link=_("Расчёты"))


def latest_approved(school_ids) -> dict[int, RunSchool]:
    """Each school's row in the latest approved list that covered it (one query)."""
    rows = (RunSchool.objects.filter(school_id__in=school_ids, run__state=Run.State.APPROVED)
            .select_related("school", "run__school_year", "run__municipality", "run__region")
            .order_by("-run__school_year__start_year", "-run__approved_at"))
    out: dict[int, RunSchool] = {}
    for row in rows:
        out.setdefault(row.school_id, row)
    return out


def _director(user, school_ids) -> TaskGroup:
    labels = dict(Status.choices)
    items = []
    for row in sorted(latest_approved(school_ids).values(), key=lambda r: r.school.short_name):
        run = row.run
        statuses = [str(labels[s]) for s in (Status.LRS, Status.DSC) if row.included(s)]
        order = _("приказ № %(n)s от %(d)s") % {"n": run.order_number, "d": ru_date(run.order_date)}
        url = reverse("identification:why", args=[run.pk, row.school_id])
        note = f"{row.school.short_name}; {order}"
        if statuses:
            items.append(TaskItem(text=_("Почему школа в списке %(st)s на %(y)s") % {
                "st": " и ".join(statuses), "y": run.school_year}, url=url, tone="bad", badge=", ".join(statuses),
                note=note))
        else:
            items.append(TaskItem(text=_("Школа не в списке ШНОР/ШССУ на %(y)s") % {"y": run.school_year}, url=url,
                                  tone="ok", note=note))
    return TaskGroup(title=_("Статус школы"), items=items,
                     empty=_("Утверждённого списка ШНОР/ШССУ с вашей школой пока нет."),
                     empty_url=reverse("identification:official_list"), empty_link=_("Официальные списки"))


def identification_tasks(user) -> list[TaskGroup]:
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return [_admin(user)]
    groups = []
    if scope.methodologist_munis:
        groups.append(_methodologist(user, scope.methodologist_munis))
    if scope.head_munis:
        groups.append(_head(user, scope.head_munis))
    if scope.director_schools:
        groups.append(_director(user, scope.director_schools))
    return groups
