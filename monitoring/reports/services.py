"""Writes of the annual reports: asking for a report (a new version, built by the Celery task after the commit),
building it (the task and `manage.py build_report` call the same `build`), building again after a failure, and the
yearly scheduled build.

Building is idempotent: a version's PDF and XLSX are written under temporary names beside their final names and moved
into place with `os.replace`, so a worker killed mid-build leaves the previous file (or none), never half a file, and
the retried task writes the same names again.

A report is a job (docs/jobs.md): its task (tasks.py) imports this module at the top, so it is sent by name with
`core.jobs.tasks.enqueue`.
"""

import datetime
import logging
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role
from core.formats import ru_date, school_year_name
from core.jobs import tasks as job_tasks
from core.jobs.services import restart_job
from core.mail import send_after_commit
from core.pdf import html_to_pdf_pages
from core.storage import private_storage
from schools.models import Municipality, Region, School, SchoolYear

from . import access, sections, xlsx
from .models import AnnualReport, Level
from .sections import BUILD_ORDER, PLACE

logger = logging.getLogger(__name__)

STAGE_LABELS = {
    "identification": _("выявление ШНОР и ШССУ"), "infrastructure": _("инфраструктура сопровождения"),
    "roadmaps": _("дорожные карты"), "mentoring": _("наставничество и методическая работа"),
    "indicators": _("показатели"), "effect": _("эффект программы"), "recommendations": _("рекомендации"),
    "summary": _("краткие итоги"), "appendix": _("приложение"), "pdf": _("вёрстка PDF"), "xlsx": _("таблицы XLSX"),
}
STEPS = (*BUILD_ORDER, "pdf", "xlsx")


def territory_key(territory) -> str:
    if isinstance(territory, School):
        return f"school:{territory.pk}"
    if isinstance(territory, Municipality):
        return f"municipality:{territory.pk}"
    if isinstance(territory, Region):
        return f"region:{territory.pk}"
    raise TypeError(territory)


def _fields(territory) -> dict:
    if isinstance(territory, School):
        return {"level": Level.SCHOOL, "school": territory, "municipality_id": territory.municipality_id,
                "region_id": territory.municipality.region_id}
    if isinstance(territory, Municipality):
        return {"level": Level.MUNICIPALITY, "municipality": territory, "region_id": territory.region_id}
    return {"level": Level.REGION, "region": territory}


def school_year(start_year: int) -> SchoolYear:
    return SchoolYear.objects.get_or_create(start_year=start_year)[0]


# ---- asking ------------------------------------------------------------------------------------------------------


def request_report(*, actor, territory, school_year: SchoolYear, scheduled: bool = False,
                   enqueue: bool = True) -> AnnualReport:
    """A new version of the territory's report for the year, queued for the worker (after the commit). `actor` None:
    the yearly schedule. Earlier versions are kept. While a version of the same territory and year is being built, a
    request joins it (`report.joined`) instead of starting a second build; a person asks for at most
    ANNUAL_REPORT_VERSIONS_PER_DAY versions a day."""
    if actor is not None and not access.can_request(actor, territory):
        raise PermissionDenied(_("Годовой отчёт этой территории формируют только те, кто видит её данные."))
    for _attempt in range(3):  # two requests at once: the constraints make the second join or take the next number
        working = _in_work(territory, school_year)
        if working is not None:
            working.joined = True
            return working
        _check_daily_bound(actor)
        try:
            report = _new_version(actor=actor, territory=territory, school_year=school_year, scheduled=scheduled)
        except IntegrityError:
            continue
        report.joined = False
        if enqueue:
            job_tasks.enqueue(AnnualReport.task_name, report)  # the broker down: failed at once with a message
        return report
    raise IntegrityError("no free version number")


def _in_work(territory, school_year) -> AnnualReport | None:
    return AnnualReport.objects.filter(territory_key=territory_key(territory), school_year=school_year,
                                       state__in=(AnnualReport.State.QUEUED, AnnualReport.State.RUNNING)).first()


def _check_daily_bound(actor) -> None:
    if actor is None:  # the yearly schedule
        return
    limit = settings.ANNUAL_REPORT_VERSIONS_PER_DAY
    since = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    if AnnualReport.objects.filter(requested_by=actor, created_at__gte=since).count() >= limit:
        raise ValidationError(_("За сегодня вы уже запросили %(n)s версий годового отчёта — это предел на день. "
                                "Откройте готовую версию в архиве или запросите новую завтра.") % {"n": limit})


@transaction.atomic
def _new_version(*, actor, territory, school_year, scheduled) -> AnnualReport:
    key = territory_key(territory)
    last = AnnualReport.objects.filter(territory_key=key, school_year=school_year).aggregate(v=Max("version"))["v"]
    return AnnualReport.objects.create(territory_key=key, school_year=school_year, version=(last or 0) + 1,
                                       requested_by=actor, scheduled=scheduled, **_fields(territory))


def restart(*, actor, report: AnnualReport) -> AnnualReport:
    """A failed or stalled version built again (the button beside the failure's message)."""
    if not access.can_view_report(actor, report):
        raise PermissionDenied
    restart_job(report)
    report.refresh_from_db()
    return report


# ---- building ----------------------------------------------------------------------------------------------------


def build(report: AnnualReport, *, progress=lambda percent: None, today: datetime.date | None = None) -> AnnualReport:
    """Build (or build again) this version: every section, the PDF and the XLSX, written atomically; progress by
    section on the row and through `progress(percent)`."""
    started = time.perf_counter()
    report.mark_running(stage=str(STAGE_LABELS[STEPS[0]]), data_as_of=timezone.now(), attempts=report.attempts + 1)
    content = compose(report, today=today, step=lambda i: _step(report, i, progress))
    html = render_html(report, content)
    _step(report, len(BUILD_ORDER), progress)
    pdf, pages = html_to_pdf_pages(html)
    _step(report, len(BUILD_ORDER) + 1, progress)
    workbook = xlsx.workbook(report, content)
    stem = report.file_stem()
    pdf_name, xlsx_name = write_atomically(f"reports/{stem}.pdf", pdf), write_atomically(f"reports/{stem}.xlsx",
                                                                                         workbook)
    report.mark_finished(pdf=pdf_name, xlsx=xlsx_name, size=len(pdf), pages=pages,
                         seconds=round(time.perf_counter() - started, 2))
    progress(100)
    if report.scheduled:
        notify_heads(report)
    return report


def _step(report: AnnualReport, done: int, progress) -> None:
    percent = int(100 * done / len(STEPS))
    nxt = STEPS[done] if done < len(STEPS) else ""
    report.report(percent, stage=str(STAGE_LABELS.get(nxt, "")))
    progress(percent)


def scope_of(report: AnnualReport, today=None) -> sections.Scope:
    return sections.scope_for(report.territory, report.school_year, today=today)


def compose(report: AnnualReport, *, today=None, step=lambda i: None) -> list[sections.Section]:
    """The sections in their PDF order, built in BUILD_ORDER (the summary from the others' figures)."""
    scope = scope_of(report, today)
    built: dict[str, sections.Section] = {}
    for i, key in enumerate(BUILD_ORDER):
        step(i)
        built[key] = getattr(sections, key)(scope, PLACE[key])
    ordered = sorted(built.values(), key=lambda s: s.number)
    number = 0
    for section in ordered:
        for table in section.tables:
            number += 1
            table.number = number
    return ordered


def organisation(report: AnnualReport) -> tuple[str, str, str]:
    """(the organisation on the cover, the approver's title, the place)."""
    if report.level == Level.REGION:
        return (f"Орган управления образованием — {report.region.name}", "Руководитель органа управления образованием",
                report.region.name)
    muni = report.municipality
    org = f"Управление образования — {muni.name}"
    if report.level == Level.SCHOOL:
        return (report.school.full_name, "Директор", muni.name)
    return org, "Начальник управления образования", muni.name


def head_of(report: AnnualReport):
    if report.municipality_id is None:
        return None
    membership = (Membership.objects.filter(role=Role.DEPARTMENT_HEAD, municipality_id=report.municipality_id,
                                            user__is_active=True).select_related("user").order_by("pk").first())
    return membership.user if membership else None


def render_html(report: AnnualReport, content: list[sections.Section]) -> str:
    org, approver_title, place = organisation(report)
    head = head_of(report)
    approver = report.school.director_name if report.level == Level.SCHOOL else (head.display_name if head else "")
    now = timezone.localtime()
    as_of = timezone.localtime(report.data_as_of) if report.data_as_of else now
    year_name = school_year_name(report.school_year.start_year)
    return render_to_string("monitoring/reports/report_pdf.html", {
        "title": f"Годовой отчёт {year_name}: {report.territory_label}", "sections": content,
        "organisation": org, "approver_title": approver_title, "approver_name": approver,
        "approval_year": now.year, "year_name": year_name, "territory_label": report.territory_label,
        "place": place, "made_year": now.year, "made_at": f"{ru_date(now.date())} {now:%H:%M}",
        "data_as_of": f"{ru_date(as_of.date())} {as_of:%H:%M}", "version": report.version,
        "requested_by": report.requested_by.display_name if report.requested_by_id else "",
        "prepared_by": report.requested_by.display_name if report.requested_by_id else "",
        "running": f"{report.territory_label} · отчёт об эффективности работы с ШНОР и ШССУ за {year_name} учебный год",
    })


def write_atomically(name: str, data: bytes) -> str:
    """Write `data` to the private storage under `name`: a temporary file in the same folder, flushed to disk, then
    moved over the final name (`os.replace` is atomic on one file system). Leftovers of a killed build are removed."""
    path = Path(private_storage().path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return name


# ---- the yearly schedule -------------------------------------------------------------------------------------------


def schedule_annual(today: datetime.date | None = None) -> list[AnnualReport]:
    """The beat's yearly run: a new version of every municipality's report for the school year that is ending (or
    has just ended): the one that started in September of the previous calendar year."""
    today = today or timezone.localdate()
    school_year, _created = SchoolYear.objects.get_or_create(start_year=today.year - 1)
    out = []
    for municipality in Municipality.objects.select_related("region").order_by("pk"):
        out.append(request_report(actor=None, territory=municipality, school_year=school_year, scheduled=True))
    return out


def notify_heads(report: AnnualReport) -> bool:
    emails = list(Membership.objects.filter(role=Role.DEPARTMENT_HEAD, municipality_id=report.municipality_id,
                                            user__is_active=True).values_list("user__email", flat=True))
    link = settings.PORTAL_URL.rstrip("/") + reverse("monitoring_reports:report_detail", args=[report.pk])
    year = school_year_name(report.school_year.start_year)
    body = (f"Здравствуйте!\n\nСформирован годовой отчёт об эффективности работы с ШНОР и ШССУ за {year} учебный год: "
            f"{report.territory_label}, версия {report.version}, {report.pages} стр.\n\n"
            f"Отчёт и таблицы к нему: {link}\n\n"
            f"Письмо отправлено порталом автоматически.")
    return send_after_commit(f"Годовой отчёт за {year} учебный год: {report.territory_label}", body, emails)
