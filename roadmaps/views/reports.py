"""Progress reports: filed per period by those who carry the roadmap out, reviewed by the methodologist."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scoping

from .. import access, services
from ..forms import ReportForm, ReturnForm
from ..models import ProgressReport
from .roadmaps import refuse


def _visible_report(user, pk) -> ProgressReport:
    return get_object_or_404(ProgressReport.objects.select_related("roadmap__municipality", "roadmap__school",
                                                                   "submitted_by", "reviewed_by").filter(
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
    try:
        report = services.save_report(actor=request.user, roadmap=roadmap,
                                      period_start=datetime.date.fromisoformat(form.cleaned_data["period"]),
                                      summary=form.cleaned_data["summary"])
    except ValidationError as exc:
        refuse(request, exc)
        return redirect(f"{roadmap.get_absolute_url()}#reports")
    messages.success(request, _("Отчёт сохранён. Проверьте его и отправьте на проверку."))
    return redirect(report)


@login_required
def report_detail(request, pk):
    report = _visible_report(request.user, pk)
    roadmap = report.roadmap
    return render(request, "roadmaps/report_detail.html", {
        "report": report, "roadmap": roadmap, "can_edit": access.can_edit_report(request.user, report),
        "can_review": access.can_review_report(request.user, report), "return_form": ReturnForm(),
        "edit_form": ReportForm(periods=services.reportable_periods(roadmap), initial={
            "period": report.period_start.isoformat(), "summary": report.summary})})


@login_required
@require_POST
def report_submit(request, pk):
    report = _visible_report(request.user, pk)
    try:
        services.submit_report(actor=request.user, report=report)
        messages.success(request, _("Отчёт отправлен на проверку."))
    except ValidationError as exc:
        refuse(request, exc)
    return redirect(report)


@login_required
@require_POST
def report_review(request, pk):
    report = _visible_report(request.user, pk)
    accept = request.POST.get("decision") == "accept"
    try:
        services.review_report(actor=request.user, report=report, accept=accept,
                               comment=request.POST.get("comment", ""))
        messages.success(request, _("Отчёт принят.") if accept else _("Отчёт возвращён на доработку."))
    except ValidationError as exc:
        refuse(request, exc)
    return redirect(report)
