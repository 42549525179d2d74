"""Progress reports: filed per period by those who carry the roadmap out, reviewed by the methodologist."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import access as scoping
from core.forms import act, small_form
from roadmaps.registries import report_section, report_sections

from .. import access, services
from ..forms import ReportForm, ReturnForm, SubmitReportForm
from ..models import ProgressReport


def _visible_report(user, pk) -> ProgressReport:
    return get_object_or_404(ProgressReport.objects.select_related(
        "roadmap__municipality", "roadmap__school", "roadmap__school_year", "submitted_by", "reviewed_by").filter(
        roadmap__in=access.visible_roadmaps(user)), pk=pk)


@login_required
@require_POST
def report_save(request, roadmap_pk):
    roadmap = get_object_or_404(access.visible_roadmaps(request.user), pk=roadmap_pk)
    scoping.require(access.can_manage(request.user, roadmap))
    form = ReportForm(request.POST, periods=services.reportable_periods(roadmap))
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(f"{roadmap.get_absolute_url()}#reports")
    report = act(request, lambda: services.save_report(
        actor=request.user, roadmap=roadmap, period_start=datetime.date.fromisoformat(form.cleaned_data["period"]),
        summary=form.cleaned_data["summary"]), _("Отчёт сохранён. Проверьте его и отправьте на проверку."))
    return redirect(report) if report else redirect(f"{roadmap.get_absolute_url()}#reports")


def _sections(request, report, can_edit: bool, bound: dict | None = None) -> list[dict]:
    """The report's parts added by higher apps (core.registries.report_sections): a form while the report may be
    changed by this user, else the section's read-only view."""
    bound = bound or {}
    out = []
    for s in report_sections(report):
        form = (bound.get(s.key) or s.form(report)) if can_edit else None
        if form is not None and s.editor is not None:  # the section draws its own editing part
            out.append({"key": s.key, "title": s.title, "form": None, "html": s.editor(request, report, form)})
        else:
            out.append({"key": s.key, "title": s.title, "form": form,
                        "html": None if can_edit else s.display(request, report)})
    return out


def _render_detail(request, report, *, bound: dict | None = None, submit_form=None, status: int = 200):
    roadmap = report.roadmap
    can_edit = access.can_edit_report(request.user, report)
    return render(request, "roadmaps/report_detail.html", {
        "report": report, "roadmap": roadmap, "can_edit": can_edit,
        "owed": services.owed_problems(report) if can_edit else [],
        "submit_form": submit_form or SubmitReportForm(), "history": _history(report),
        "can_review": access.can_review_report(request.user, report), "return_form": ReturnForm(),
        "review_refusal": access.report_review_refusal(request.user, report),
        "sections": _sections(request, report, can_edit, bound),
        # a draft or returned report is changed for its own period (another period is another report, started
        # from the roadmap's page)
        "edit_form": ReportForm(periods=[p for p in services.reportable_periods(roadmap)
                                         if p.start == report.period_start], initial={
            "period": report.period_start.isoformat(), "summary": report.summary})}, status=status)


@login_required
@require_safe
def report_detail(request, pk):
    return _render_detail(request, _visible_report(request.user, pk))


@login_required
@require_POST
def report_section_save(request, pk, key):
    report = _visible_report(request.user, pk)
    scoping.require(access.can_edit_report(request.user, report))
    section = report_section(report, key)
    if section is None:
        raise Http404
    form = section.form(report, request.POST)
    # the service validates the section's form again, from the posted data, and keeps what it holds
    done = small_form(request, form, lambda _data: services.save_report_section(
        actor=request.user, report=report, key=key, data=request.POST),
        success=_("Раздел «%(t)s» сохранён.") % {"t": section.title},
        back=f"{report.get_absolute_url()}#{getattr(form, 'anchor', '') or f'section-{key}'}")
    return done or _render_detail(request, report, bound={key: form}, status=400)


def _history(report) -> list[dict]:
    """Earlier rounds of review (the latest first), with their dates as dates."""
    out = []
    for entry in reversed(report.review_history or []):
        row = dict(entry)
        for key in ("submitted_at", "reviewed_at"):
            row[key] = datetime.datetime.fromisoformat(entry[key]) if entry.get(key) else None
        out.append(row)
    return out


@login_required
@require_POST
def report_submit(request, pk):
    report = _visible_report(request.user, pk)
    form = SubmitReportForm(request.POST)
    done = small_form(request, form, lambda data: services.submit_report(
        actor=request.user, report=report, reason=data["missing_reason"]),
        success=_("Отчёт отправлен на проверку."), back=report.get_absolute_url())
    return done or _render_detail(request, report, submit_form=form, status=400)


@login_required
@require_POST
def report_review(request, pk):
    report = _visible_report(request.user, pk)
    accept = request.POST.get("decision") == "accept"
    act(request, lambda: services.review_report(actor=request.user, report=report, accept=accept,
                                                comment=request.POST.get("comment", "")),
        _("Отчёт принят.") if accept else _("Отчёт возвращён на доработку."))
    return redirect(report)
