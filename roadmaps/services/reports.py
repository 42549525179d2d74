"""Progress reports: filed per begun period by those who carry the roadmap out (with the sections higher apps add),
reviewed by the methodologist."""

import datetime

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import limits
from core.formats import ru_date
from core.services import require
from roadmaps.registries import report_section, report_sections

from .. import access, notify
from ..models import ProgressReport, Roadmap
from ..periods import started

# ---- progress reports ---------------------------------------------------------------------------

def reportable_periods(roadmap: Roadmap, today: datetime.date | None = None):
    """Periods a report may be saved for: those that have begun (a draft or returned one is changed on its page)."""
    today = today or timezone.localdate()
    return started(roadmap.period_start, roadmap.period_end, roadmap.report_period, today)


def unreported_periods(roadmap: Roadmap, today: datetime.date | None = None, begun=None, reports=None):
    """The periods a new report may be started for: begun and without a report (sent, draft or returned). A page that
    already holds the roadmap's begun periods or reports passes them (no second computation, no query)."""
    have = {r.period_start for r in reports} if reports is not None else set(
        roadmap.reports.values_list("period_start", flat=True))
    begun = begun if begun is not None else reportable_periods(roadmap, today)
    return [p for p in begun if p.start not in have]


@transaction.atomic
def save_report(*, actor, roadmap: Roadmap, period_start: datetime.date, summary: str) -> ProgressReport:
    require(access.can_manage(actor, roadmap), _("Отчёт подаёт тот, кто выполняет дорожную карту."))
    if not roadmap.revisions.exists():
        raise ValidationError(_("Отчёт о ходе выполнения подают по утверждённой дорожной карте."))
    period = next((p for p in reportable_periods(roadmap) if p.start == period_start), None)
    if period is None:
        raise ValidationError({"period": _("Выберите отчётный период, который уже начался.")})
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Опишите итоги периода.")})
    report = ProgressReport.objects.filter(roadmap=roadmap, period_start=period.start).first()
    if report and not report.is_editable:
        raise ValidationError(_("Отчёт за %(p)s уже отправлен; изменить можно только возвращённый.") % {
            "p": period.label})
    report = report or ProgressReport(roadmap=roadmap, period_start=period.start)
    report.period_end, report.label, report.summary = period.end, period.label, summary.strip()
    with set_actor(actor):
        report.save()
    return report


@transaction.atomic
def save_report_section(*, actor, report: ProgressReport, key: str, data) -> ProgressReport:
    """A part of the report that a higher app adds (core.registries.register_report_section), filed with the report
    by those who file it, while it may still be changed; the section's own form says what is wrong, at its fields."""
    require(access.can_manage(actor, report.roadmap), _("Отчёт подаёт тот, кто выполняет дорожную карту."))
    if not report.is_editable:
        raise ValidationError(_("Отчёт отправлен: изменить его можно, только если его вернут на доработку."))
    section = report_section(report, key)
    if section is None:
        raise ValidationError(_("В этом отчёте нет такого раздела."))
    form = section.form(report, data)
    if not form.is_valid():
        raise ValidationError(form.errors)
    with set_actor(actor):
        section.save(actor, report, form.cleaned_data)
        report.save(update_fields=["updated_at"])
    return report


def _activities_state(roadmap: Roadmap) -> list[dict]:
    today = timezone.localdate()
    return [{"number": a.number, "title": a.title, "status": a.get_status_display(), "percent": a.percent,
             "overdue": a.is_overdue(today), "due": ru_date(a.due), "report": a.report}
            for a in roadmap.activities.order_by("number")]


@transaction.atomic
def submit_report(*, actor, report: ProgressReport) -> ProgressReport:
    require(access.can_manage(actor, report.roadmap), _("Отчёт подаёт тот, кто выполняет дорожную карту."))
    if not report.is_editable:
        raise ValidationError(_("Этот отчёт уже отправлен."))
    missing = [problem for section in report_sections(report) for problem in section.problems(report)]
    if missing:
        raise ValidationError(missing)
    report.status = ProgressReport.Status.SUBMITTED
    report.snapshot = _activities_state(report.roadmap)
    report.submitted_by, report.submitted_at = actor, timezone.now()
    with set_actor(actor):
        report.save()
    notify.report_submitted(report, actor)
    return report


@transaction.atomic
def review_report(*, actor, report: ProgressReport, accept: bool, comment: str = "") -> ProgressReport:
    require(access.can_review(actor, report.roadmap), _("Отчёт проверяет методист."))
    refusal = access.report_review_refusal(actor, report)
    require(not refusal, refusal)
    if not report.is_submitted:
        raise ValidationError(_("Проверить можно только отправленный отчёт."))
    comment = (comment or "").strip()
    if not accept and len(comment) < 5:
        raise ValidationError({"comment": _("Напишите, что нужно доработать.")})
    limits.check_length("comment", comment, limits.COMMENT)  # the page draws the review form itself
    report.status = ProgressReport.Status.ACCEPTED if accept else ProgressReport.Status.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_comment = actor, timezone.now(), comment
    with set_actor(actor):
        report.save()
    if accept:  # what the sections filed takes effect now (roadmaps/registries.py)
        for section in report_sections(report):
            if section.accepted is not None:
                section.accepted(actor, report)
    notify.report_reviewed(report, actor)
    return report
