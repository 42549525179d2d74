"""Roadmaps' part of the start page (`core.registries.register_tasks`).

- whoever carries roadmaps out (`notify.executed_by`: the methodologists the municipal roadmap, the director the
  school's programme, leader-school staff their plan): each roadmap's state (what was returned and why), the
  activities overdue or due within a week (the daily digest's `notify.due_activities`), reports to file;
- methodologists: programmes and plans on review, progress reports to accept, ШНОР/ШССУ without a programme;
- department heads: roadmaps waiting for their approval;
- leader-school staff: the programmes of the schools they support;
- administrators: the counts of all territories.

Every group reads in a fixed number of queries, whatever the number of roadmaps, activities and reports; every
link is a page of a roadmap the user sees (`access.visible_roadmaps`) or one the user may start (`access.can_create`).
"""

import datetime

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as scoping
from core.formats import ru_date, ru_percent, school_year_name
from core.registries import TaskGroup, TaskItem
from identification.models import SchoolStatus
from identification.start_page import latest_approved
from partnerships.models import Agreement, Designation

from . import access, selectors
from .models import Level, ProgressReport, Roadmap, WorkflowEvent
from .notify import DIGEST_DAYS, due_activities, executed_by
from .periods import periods

SHOWN = 5
TONES = {Roadmap.Status.APPROVED: "ok", Roadmap.Status.RETURNED: "bad", Roadmap.Status.SUBMITTED: "warn"}


def _overview(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("roadmaps:overview") + (f"?{query}" if query else "")


def _create(**params) -> str:
    return reverse("roadmaps:roadmap_create") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def _name(roadmap: Roadmap) -> str:
    return f"{roadmap.get_level_display().capitalize()}: {roadmap.owner_name}"


def _in_force(roadmap: Roadmap) -> bool:
    """As `notify.in_force`: approved, or approved earlier and now being revised."""
    return roadmap.is_approved or roadmap.revision > 1


# ---- carrying roadmaps out ----------------------------------------------------------------------------

def _state_item(roadmap: Roadmap, comment: str) -> TaskItem:
    if roadmap.is_returned:
        note = _("Замечания: %(c)s") % {"c": comment} if comment else _("Исправьте и отправьте повторно.")
    elif roadmap.is_submitted:
        note = _("Ждёт решения управления образования.")
    elif roadmap.is_editable:
        note = _("Допишите мероприятия и отправьте на согласование.")
    else:
        note = _("Приказ № %(n)s от %(d)s; выполнено %(p)s") % {
            "n": roadmap.order_number, "d": ru_date(roadmap.order_date), "p": ru_percent(roadmap.percent_done or 0)}
    return TaskItem(text=_name(roadmap), url=roadmap.get_absolute_url(), tone=TONES.get(roadmap.status, "warn"),
                    badge=roadmap.get_status_display(), note=note)


def _returned_comments(roadmaps: list[Roadmap]) -> dict[int, str]:
    """The latest return comment of each returned roadmap (one query, none when nothing is returned)."""
    ids = [r.pk for r in roadmaps if r.is_returned]
    out: dict[int, str] = {}
    for roadmap_id, comment in WorkflowEvent.objects.filter(
            roadmap_id__in=ids, action=WorkflowEvent.Action.RETURNED).order_by("-created_at", "-pk").values_list(
            "roadmap_id", "comment"):
        out.setdefault(roadmap_id, comment)
    return out


def _activity_item(activity, today: datetime.date, *, owner: bool) -> TaskItem:
    """An activity overdue or due soon; `owner`: name the roadmap's owner (the user carries out several)."""
    late = activity.is_overdue(today)
    days = (activity.due - today).days
    if late:
        when = _("просрочено: срок был %(d)s") % {"d": ru_date(activity.due)}
    elif days == 0:
        when = _("срок сегодня")
    else:
        when = _("срок %(d)s") % {"d": ru_date(activity.due)}
    return TaskItem(text=f"{activity.number}. {activity.title}", url=activity.get_absolute_url(),
                    tone="bad" if late else "warn", badge=_("просрочено") if late else "",
                    note=f"{when} · {activity.roadmap.owner_name}" if owner else when)


def _report_items(roadmaps: list[Roadmap], today: datetime.date) -> list[TaskItem]:
    """Returned reports, and the latest finished reporting period of each roadmap in force without a report sent
    (one query for all the reports)."""
    in_force = [r for r in roadmaps if _in_force(r)]
    reports: dict[tuple[int, datetime.date], ProgressReport] = {
        (p.roadmap_id, p.period_start): p for p in ProgressReport.objects.filter(roadmap__in=in_force)}
    items = []
    for roadmap in in_force:
        for report in sorted((p for p in reports.values() if p.roadmap_id == roadmap.pk and p.is_returned),
                             key=lambda p: p.period_start):
            items.append(TaskItem(
                text=_("Отчёт за %(p)s: %(o)s") % {"p": report.label, "o": roadmap.owner_name}, tone="bad",
                url=report.get_absolute_url(), badge=report.get_status_display(),
                note=_("Замечания: %(c)s") % {"c": report.review_comment} if report.review_comment else ""))
        finished = [p for p in periods(roadmap.period_start, roadmap.period_end, roadmap.report_period)
                    if p.end < today]
        if not finished:
            continue
        period = finished[-1]
        report = reports.get((roadmap.pk, period.start))
        if report is None:
            items.append(TaskItem(
                text=_("Отчёт о ходе выполнения за %(p)s: %(o)s") % {"p": period.label, "o": roadmap.owner_name},
                url=roadmap.get_absolute_url() + "#reports", tone="warn", badge=_("не подан"),
                note=_("Период закончился %(d)s.") % {"d": ru_date(period.end)}))
        elif report.status == ProgressReport.Status.DRAFT:
            items.append(TaskItem(
                text=_("Отчёт за %(p)s: %(o)s") % {"p": report.label, "o": roadmap.owner_name},
                url=report.get_absolute_url(), tone="warn", badge=report.get_status_display(),
                note=_("Проверьте и отправьте на проверку.")))
    return items


def _missing_items(user, scope, year: int, roadmaps: list[Roadmap]) -> list[TaskItem]:
    """What the user should have started: a programme for a director's school in the latest approved list (of that
    list's year or later), the plan of a leader school's active designation and the municipal roadmap for the school
    year (at most four queries)."""
    items, name = [], school_year_name(year)
    have_munis = {r.municipality_id for r in roadmaps if r.level == Level.MUNICIPAL}
    have_designations = {r.designation_id for r in roadmaps if r.level == Level.SITE}
    if scope.director_schools:
        listed = [row for row in latest_approved(scope.director_schools).values()
                  if row.lrs_included or row.dsc_included]
        later = set(Roadmap.objects.filter(level=Level.SCHOOL, school_id__in=[row.school_id for row in listed])
                    .values_list("school_id", "school_year__start_year"))
        for row in sorted(listed, key=lambda r: r.school.short_name):
            list_year = row.run.school_year.start_year
            if not any((row.school_id, y) in later for y in range(list_year, max(list_year, year) + 1)):
                items.append(TaskItem(
                    text=_("%(s)s: нет программы перехода") % {"s": row.school.short_name},
                    url=_create(level=Level.SCHOOL, school=row.school_id), tone="bad", badge=_("составьте"),
                    note=_("Школа в списке ШНОР/ШССУ на %(y)s.") % {"y": row.run.school_year}))
    if scope.leader_schools:
        for d in Designation.objects.filter(school_id__in=scope.leader_schools, state=Designation.State.ACTIVE,
                                            start__lte=datetime.date(year + 1, 8, 31)).select_related("school",
                                                                                                    "kind"):
            if d.pk not in have_designations:
                items.append(TaskItem(text=_("%(s)s: плана работы на %(y)s нет") % {"s": d.school.short_name,
                                                                                    "y": name},
                                      url=_create(level=Level.SITE, designation=d.pk), tone="warn",
                                      badge=_("составьте"), note=f"{d.kind.short_name}: {d.topic}"))
    for muni in scoping.managed_municipalities(user).filter(pk__in=scope.methodologist_munis).order_by("name"):
        if muni.pk not in have_munis:
            items.append(TaskItem(text=_("%(m)s: муниципальной дорожной карты на %(y)s нет") % {"m": muni.name,
                                                                                             "y": name},
                                  url=_create(level=Level.MUNICIPAL), tone="warn", badge=_("составьте")))
    return items


def _carry_out(user, scope, today: datetime.date, year: int) -> TaskGroup:
    mine = executed_by(scope)
    roadmaps = list(selectors.with_progress(access.visible_roadmaps(user).filter(
        mine, school_year__start_year=year), today).order_by("level", "school__short_name", "pk"))
    comments = _returned_comments(roadmaps)
    items = _missing_items(user, scope, year, roadmaps)
    items += [_state_item(r, comments.get(r.pk, "")) for r in roadmaps]
    due = due_activities(today).filter(roadmap__in=Roadmap.objects.filter(mine))
    shown = list(due.select_related("roadmap__school", "roadmap__municipality").order_by("due", "pk")[:SHOWN])
    several = len({a.roadmap_id for a in shown}) > 1
    items += [_activity_item(a, today, owner=several) for a in shown]
    counted = due.aggregate(overdue=Count("pk", filter=Q(due__lt=today)), total=Count("pk"))
    if counted["total"] > SHOWN:
        items.append(TaskItem(text=_("Все мероприятия: просрочены или срок в ближайшие %(n)s дней") % {
            "n": DIGEST_DAYS}, count=counted["total"], tone="bad" if counted["overdue"] else "warn",
            url=_overview(overdue=1), note=_("просрочено: %(n)s") % {"n": counted["overdue"]}))
    items += _report_items(roadmaps, today)
    titles = [t for roles, t in ((scope.director_schools, _("Программа перехода школы")),
                                 (scope.leader_schools, _("План школы-лидера")),
                                 (scope.methodologist_munis, _("Муниципальная дорожная карта"))) if roles]
    if len(titles) == 1 and scope.director_schools:
        empty = _("Программы перехода на %(y)s у школы нет: её составляют школы из списка ШНОР/ШССУ.")
    else:
        empty = _("Дорожных карт на %(y)s, которые вы выполняете, пока нет.")
    return TaskGroup(
        title=titles[0] if len(titles) == 1 else _("Мои дорожные карты"), items=items,
        empty=empty % {"y": school_year_name(year)}, empty_url=_overview(), empty_link=_("Дорожные карты"))


# ---- reviewing and approving ------------------------------------------------------------------------------

def _submitted_item(roadmap: Roadmap, note: str) -> TaskItem:
    return TaskItem(text=_name(roadmap), url=roadmap.get_absolute_url(), tone="warn",
                    badge=roadmap.get_status_display(), note=note % {"d": ru_date(timezone.localdate(
                        roadmap.updated_at))})


def _without_programme(munis) -> tuple[list[SchoolStatus], int, int | None]:
    """ШНОР/ШССУ of the latest official list of these municipalities without a programme for that school year or a
    later one (the next list may not be approved yet): the first few, how many, the list's year (three queries)."""
    latest = SchoolStatus.objects.filter(school__municipality_id__in=munis).aggregate(
        y=Max("school_year__start_year"))["y"]
    if latest is None:
        return [], 0, None
    programme = Roadmap.objects.filter(level=Level.SCHOOL, school_id=OuterRef("school_id"),
                                       school_year__start_year__gte=latest)
    qs = SchoolStatus.objects.filter(school__municipality_id__in=munis, school_year__start_year=latest).exclude(
        Exists(programme))
    count = qs.values("school_id").distinct().count()
    rows = {}
    for st in qs.select_related("school").order_by("school__short_name", "status")[:SHOWN * 2]:
        rows.setdefault(st.school_id, []).append(st)
    return list(rows.values())[:SHOWN], count, latest


def _review(user, munis, today: datetime.date) -> TaskGroup:
    # not the ones the user sent: checking one's own submission is nobody's task (returning it stays possible — the
    # sender's way to withdraw it)
    submitted = list(access.visible_roadmaps(user).filter(municipality_id__in=munis, status=Roadmap.Status.SUBMITTED)
                     .exclude(level=Level.MUNICIPAL).exclude(submitted_by_id=user.pk).order_by("updated_at", "pk")
                     [:SHOWN + 1])
    items = [_submitted_item(r, _("отправлена %(d)s; проверьте: верните с замечаниями или оставьте руководителю "
                                  "на утверждение")) for r in submitted[:SHOWN]]
    # only the reports this user may accept or return: not the ones the user sent (separation of duties)
    reports = list(access.reviewable_reports(user).filter(roadmap__municipality_id__in=munis).exclude(
        roadmap__level=Level.MUNICIPAL).select_related("roadmap__school", "roadmap__municipality").order_by(
        "submitted_at", "pk")[:SHOWN + 1])
    items += [_report_item(p, _("отправлен %(d)s; примите или верните")) for p in reports[:SHOWN]]
    missing, count, year = _without_programme(munis)
    for statuses in missing:
        school = statuses[0].school
        items.append(TaskItem(
            text=_("%(s)s: нет программы перехода") % {"s": school.short_name},
            url=_create(level=Level.SCHOOL, school=school.pk), tone="bad", badge=", ".join(
                st.get_status_display() for st in statuses),
            note=_("в списке ШНОР/ШССУ на %(y)s") % {"y": school_year_name(year)}))
    if count > len(missing):
        items.append(TaskItem(text=_("Всего ШНОР/ШССУ списка %(y)s без программы перехода") % {
            "y": school_year_name(year)}, count=count, tone="bad", url=_overview(level=Level.SCHOOL)))
    more = len(submitted) > SHOWN or len(reports) > SHOWN
    return TaskGroup(
        title=_("Проверка программ и отчётов"), items=items,
        empty=_("Программ, планов и отчётов на проверке нет; у всех ШНОР/ШССУ есть программы перехода."),
        empty_url=_overview(level=Level.SCHOOL), empty_link=_("Программы перехода"),
        more_url=_overview(status=Roadmap.Status.SUBMITTED) if more else "", more_link=_("Все на согласовании"))


def _report_item(p: ProgressReport, note: str) -> TaskItem:
    return TaskItem(text=_("Отчёт за %(p)s: %(o)s") % {"p": p.label, "o": p.roadmap.owner_name},
                    url=p.get_absolute_url(), tone="warn", badge=p.get_status_display(),
                    note=note % {"d": ru_date(timezone.localdate(p.submitted_at) if p.submitted_at else None)})


def _approve(user, munis) -> TaskGroup:
    submitted = list(access.approvable_roadmaps(user).filter(municipality_id__in=munis).order_by(
        "updated_at", "pk")[:SHOWN + 1])
    items = [_submitted_item(r, _("отправлена %(d)s; ждёт вашего утверждения")) for r in submitted[:SHOWN]]
    # the reports no methodologist may accept: the municipal roadmap's, and those a methodologist sent
    reports = list(access.reports_left_to_head(user).filter(roadmap__municipality_id__in=munis).select_related(
        "roadmap__school", "roadmap__municipality").order_by("submitted_at", "pk")[:SHOWN + 1])
    items += [_report_item(p, _("отправлен %(d)s; принять или вернуть можете только вы")) for p in reports[:SHOWN]]
    return TaskGroup(
        title=_("Дорожные карты на утверждение"), items=items,
        empty=_("Дорожных карт на утверждение нет."), empty_url=_overview(), empty_link=_("Все дорожные карты"),
        more_url=_overview(status=Roadmap.Status.SUBMITTED) if len(submitted) > SHOWN or len(reports) > SHOWN
        else "", more_link=_("Все на согласовании"))


# ---- leader schools: the schools they support -------------------------------------------------------------

def _supported(user, schools, year: int) -> TaskGroup:
    supported = Agreement.objects.filter(designation__school_id__in=schools, state=Agreement.State.ACTIVE).values(
        "supported_school_id")
    programmes = list(selectors.with_progress(access.visible_roadmaps(user).filter(
        level=Level.SCHOOL, school_id__in=supported, school_year__start_year=year)).order_by("school__short_name"))
    items = []
    for r in programmes[:SHOWN * 2]:
        late = r.n_overdue if _in_force(r) else 0  # a plan not yet in force is not late
        note = _("выполнено %(p)s") % {"p": ru_percent(r.percent_done or 0)} if _in_force(r) else _(
            "ещё не утверждена")
        if late:
            note += "; " + _("просрочено мероприятий: %(n)s") % {"n": late}
        items.append(TaskItem(text=r.owner_name, url=r.get_absolute_url(), badge=r.get_status_display(), note=note,
                              tone="bad" if late else TONES.get(r.status, ""), badge_tone=TONES.get(r.status, "")))
    return TaskGroup(
        title=_("Программы сопровождаемых школ"), items=items,
        empty=_("Программ перехода сопровождаемых школ на %(y)s пока нет.") % {"y": school_year_name(year)},
        empty_url=reverse("partnerships:agreement_list"), empty_link=_("Соглашения"),
        more_url=_overview(level=Level.SCHOOL, year=year) if len(programmes) > SHOWN * 2 else "",
        more_link=_("Все программы"))


# ---- administrators ------------------------------------------------------------------------------------------

def _admin(today: datetime.date) -> TaskGroup:
    on_review = Roadmap.objects.filter(status=Roadmap.Status.SUBMITTED).count()
    reports = ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED).count()
    overdue = due_activities(today).filter(due__lt=today).count()
    items = []
    if on_review:
        items.append(TaskItem(text=_("Дорожные карты на согласовании"), count=on_review,
                              tone="warn", url=_overview(status=Roadmap.Status.SUBMITTED)))
    if reports:
        items.append(TaskItem(text=_("Отчёты о ходе выполнения на проверке"), count=reports, tone="warn",
                              url=_overview()))
    if overdue:
        items.append(TaskItem(text=_("Просроченные мероприятия дорожных карт"), count=overdue, tone="bad",
                              url=_overview(overdue=1)))
    return TaskGroup(title=_("Дорожные карты: все территории"), items=items,
                     empty=_("Дорожных карт на согласовании и просроченных мероприятий нет."),
                     empty_url=_overview(), empty_link=_("Дорожные карты"))


def roadmap_tasks(user) -> list[TaskGroup]:
    scope = scoping.get_scope(user)
    today = timezone.localdate()
    if scope.is_admin:
        return [_admin(today)]
    year = selectors.current_start_year(today)
    groups = []
    if scope.head_munis:
        groups.append(_approve(user, scope.head_munis))
    if scope.methodologist_munis:
        groups.append(_review(user, scope.methodologist_munis, today))
    if scope.methodologist_munis or scope.director_schools or scope.leader_schools:
        groups.append(_carry_out(user, scope, today, year))
    if scope.leader_schools:
        groups.append(_supported(user, scope.leader_schools, year))
    return groups
