"""Partnerships' part of the start page (`core.registries.register_tasks`): for the methodologist, designations and
agreements ending within 30 days, drafts to bring into force and ШНОР/ШССУ without a partner; for leader-school
staff, their agreements. A fixed number of queries, whatever the number of objects."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as scoping
from core.formats import ru_date
from core.registries import TaskGroup, TaskItem

from . import access, selectors
from .models import Agreement, Designation

SHOWN = 5
NOTICE_DAYS = 30  # as the daily life-cycle task warns (services.run_lifecycle)


def _ending(qs, today: datetime.date):
    horizon = today + datetime.timedelta(days=NOTICE_DAYS)
    return qs.filter(state=qs.model.State.ACTIVE, end__gte=today, end__lte=horizon).order_by("end", "pk")


def _designation_item(d: Designation) -> TaskItem:
    return TaskItem(text=_("Статус «%(k)s»: %(s)s — заканчивается %(d)s") % {
        "k": d.kind.short_name, "s": d.school.short_name, "d": ru_date(d.end)},
        url=d.get_absolute_url(), tone="warn", note=_("приказ № %(n)s от %(d)s; подготовьте продление или отчёт") % {
            "n": d.order_number, "d": ru_date(d.order_date)})


def _agreement_item(a: Agreement, today: datetime.date, *, leader: bool = False) -> TaskItem:
    """An agreement as a line; `leader`: for the leader school's own staff, named by the supported school only."""
    ends_soon = a.is_active and a.end <= today + datetime.timedelta(days=NOTICE_DAYS)
    if a.is_draft:
        note, tone = _("черновик: приложите подписанный PDF и введите в действие"), "warn"
    else:
        note = (_("заканчивается %(d)s") if ends_soon else _("действует до %(d)s")) % {"d": ru_date(a.end)}
        tone = "warn" if ends_soon else "ok"
    text = _("Соглашение № %(n)s с %(s)s") if leader else _("Соглашение № %(n)s: %(l)s → %(s)s")
    return TaskItem(text=text % {"n": a.number, "l": a.designation.school.short_name,
                                 "s": a.supported_school.short_name},
        url=a.get_absolute_url(), tone=tone, note=note)


def _methodologist(user, munis, today) -> TaskGroup:
    designations = list(_ending(access.managed_designations(user), today)[:SHOWN + 1])
    agreements = list(_ending(access.visible_agreements(user).filter(
        Q(designation__school__municipality_id__in=munis) | Q(supported_school__municipality_id__in=munis)),
        today)[:SHOWN + 1])
    ending = sorted([(d.end, 0, d.pk, _designation_item(d)) for d in designations]
                    + [(a.end, 1, a.pk, _agreement_item(a, today)) for a in agreements])
    items = [item for *_key, item in ending[:SHOWN]]
    drafts = access.visible_agreements(user).filter(designation__school__municipality_id__in=munis,
                                                    state=Agreement.State.DRAFT).count()
    if drafts:
        items.append(TaskItem(text=_("Черновики соглашений: приложите подписанный PDF и введите в действие"),
                              count=drafts, tone="warn",
                              url=reverse("partnerships:agreement_list") + "?state=" + Agreement.State.DRAFT))
    coverage = selectors.coverage(user)
    if coverage["uncovered"]:
        items.append(TaskItem(text=_("ШНОР/ШССУ без действующего партнёрского соглашения"), count=coverage["uncovered"],
                              tone="bad", url=reverse("partnerships:coverage"),
                              note=_("по списку %(y)s/%(z)s") % {"y": coverage["year"], "z": coverage["year"] + 1}))
    more = len(ending) > SHOWN
    return TaskGroup(
        title=_("Сопровождение: сроки и партнёры"), items=items,
        empty=_("В ближайшие 30 дней статусы и соглашения не заканчиваются; у всех ШНОР/ШССУ есть партнёры."),
        empty_url=reverse("partnerships:coverage"), empty_link=_("Покрытие ШНОР/ШССУ"),
        more_url=reverse("partnerships:agreement_list") + "?state=active" if more else "",
        more_link=_("Все действующие соглашения"))


def _leader(user, schools, today) -> TaskGroup:
    agreements = list(access.visible_agreements(user).filter(
        designation__school_id__in=schools, state__in=[Agreement.State.DRAFT, Agreement.State.ACTIVE]).order_by(
        "end", "pk")[:SHOWN + 1])
    items = [_agreement_item(a, today, leader=True) for a in agreements[:SHOWN]]
    designations = list(_ending(access.visible_designations(user).filter(school_id__in=schools), today)[:SHOWN])
    items += [_designation_item(d) for d in designations]
    return TaskGroup(
        title=_("Соглашения школы-лидера"), items=items,
        empty=_("Действующих соглашений нет: их заключает методист управления образования по статусу школы."),
        empty_url=reverse("partnerships:designation_list"), empty_link=_("Статусы школы"),
        more_url=reverse("partnerships:agreement_list") if len(agreements) > SHOWN else "",
        more_link=_("Все соглашения"))


def partnership_tasks(user) -> list[TaskGroup]:
    scope = scoping.get_scope(user)
    today = timezone.localdate()
    groups = []
    if scope.methodologist_munis and not scope.is_admin:
        groups.append(_methodologist(user, scope.methodologist_munis, today))
    if scope.leader_schools and not scope.is_admin:
        groups.append(_leader(user, scope.leader_schools, today))
    return groups
