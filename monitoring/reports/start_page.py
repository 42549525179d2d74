"""The start page's part («Мои задачи»): for municipal staff, the annual report of the year last reported on (the one
the report form asks for by default, schedule.report_year: in November, the year that is over) in each of their
municipalities — not yet made, being made, ready or failed — linking to the archive or the report (two queries).
Administrators see no line per municipality of the whole deployment: they open the archive from the menu."""

from django.urls import reverse
from django.utils import timezone

from accounts.access import get_scope
from core.formats import ru_date, school_year_name
from core.registries import TaskGroup, TaskItem
from schools.models import Municipality

from . import selectors
from .schedule import report_year


def report_tasks(user) -> list[TaskGroup]:
    own = get_scope(user).municipal_munis
    if not own:
        return []
    munis = list(Municipality.objects.filter(pk__in=own).order_by("name"))
    year = report_year(timezone.localdate())
    latest = selectors.latest_by_municipality(user, year)
    items = []
    for m in munis:
        report = latest.get(m.pk)
        if report is None:
            items.append(TaskItem(text=f"{m.name}: годовой отчёт за {school_year_name(year)} ещё не сформирован",
                                  url=reverse("monitoring_reports:report_list")))  # news, not a task that waits
        elif report.is_done:
            items.append(TaskItem(text=f"{m.name}: годовой отчёт за {school_year_name(year)}, версия {report.version}",
                                  url=report.get_absolute_url(), tone="ok",
                                  note=f"готов {ru_date(timezone.localtime(report.finished_at).date())}, "
                                       f"{report.pages} стр."))
        else:
            items.append(TaskItem(text=f"{m.name}: годовой отчёт за {school_year_name(year)}",
                                  url=report.get_absolute_url(), badge=report.get_state_display(),
                                  tone="bad" if report.is_failed else ""))
    return [TaskGroup(title="Годовой отчёт", items=items)]
