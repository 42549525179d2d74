"""Monitoring's part of the start page (`core.registries.register_tasks`): the director's indicator values of the
year that the school still owes (the built-in entered indicators, `progress_report_section.owed`), each with its due
date (the end of the programme's year, when the report closing it is due) and a link straight to its form in the
programme's progress report. A fixed number of queries per programme (a director has one school, seldom two)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as scoping
from core.formats import ru_date
from core.registries import TaskGroup, TaskItem
from roadmaps import access as roadmap_access
from roadmaps.models import Level, ProgressReport
from roadmaps.selectors import current_start_year

from . import progress_report_section as section
from .models import ReportValue, Source, Value

EDITABLE = ProgressReport.EDITABLE


def _filed(programme, report) -> dict:
    """indicator id → filed value: what the latest report files, over the school's accepted values of the year."""
    out = {v.indicator_id: v for v in Value.objects.filter(
        school_id=programme.school_id, school_year_id=programme.school_year_id, source=Source.ENTERED).select_related(
        "indicator")}
    if report is not None:
        out.update({v.indicator_id: v for v in ReportValue.objects.filter(report=report).select_related("indicator")})
    return out


def _owed_items(programme, today) -> list[TaskItem]:
    report = programme.reports.order_by("-period_start").first()
    owed = section.owed(_filed(programme, report))
    if not owed:
        return []
    due = programme.period_end
    if report is not None and report.is_editable:
        where, url = _("в отчёте за %(p)s") % {"p": report.label}, report.get_absolute_url()
    elif report is not None and report.is_submitted:
        where, url = _("отчёт за %(p)s на проверке") % {"p": report.label}, report.get_absolute_url()
    else:
        where, url = _("начните отчёт о ходе выполнения"), f"{programme.get_absolute_url()}#reports"
    linked = report is not None and report.is_editable
    names = {code: str(label) for code, (label, _help) in section.LABELS.items()}
    return [TaskItem(text=names.get(ind.code, ind.name), url=f"{url}#ind-{ind.code}" if linked else url,
                     tone="bad" if due < today else "warn",
                     note=_("срок — %(d)s; %(w)s") % {"d": ru_date(due), "w": where}) for ind in owed]


def monitoring_tasks(user) -> list[TaskGroup]:
    scope = scoping.get_scope(user)
    if not scope.director_schools:
        return []
    today = timezone.localdate()
    programmes = list(roadmap_access.visible_roadmaps(user).filter(
        level=Level.SCHOOL, school_id__in=scope.director_schools,
        school_year__start_year=current_start_year(today)).order_by("school__short_name"))
    groups = []
    for programme in programmes:
        if not roadmap_access.can_manage(user, programme):
            continue
        items = _owed_items(programme, today)
        title = _("Показатели мониторинга за %(y)s") % {"y": programme.school_year.name}
        if len(programmes) > 1:
            title += f": {programme.school.short_name}"
        groups.append(TaskGroup(title=title, items=items,
                                empty=_("Все значения показателей за год внесены."),
                                empty_url=reverse("monitoring:dashboard"), empty_link=_("Открыть мониторинг")))
    return groups
