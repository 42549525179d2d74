"""Annual reports: the archive with the request form, a report's page (progress that survives a reload, the failure
with a button to build again, downloads, earlier versions), the progress JSON and the downloads. Thin: access decides,
services write, selectors read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.access import require
from core.exports import XLSX_CONTENT_TYPE
from core.forms import submit
from core.jobs.views import restart_view, status_view
from core.storage import private_file_response

from . import access, selectors, services
from .forms import ReportForm
from .models import AnnualReport
from .schedule import report_year


def _form(request, data=None) -> ReportForm:
    return ReportForm(data, user=request.user, default_year=report_year(selectors.today()))


@login_required
@require_safe
def report_list(request):
    require(access.can_open_reports(request.user))
    page = Paginator(selectors.archive(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "monitoring/reports/report_list.html", {
        "page_obj": page, "reports": page.object_list, "form": _form(request)})


@login_required
@require_POST
def report_create(request):
    require(access.can_open_reports(request.user))
    form = _form(request, request.POST)
    # the day's bound (a ValidationError) is shown at the top of the form, through the one refusal path
    sent = submit(form, lambda data: services.request_report(
        actor=request.user, territory=data["territory"], school_year=services.school_year(data["year"])))
    if sent.done:
        report = sent.result
        report.refresh_from_db(fields=["state"])  # without a broker it was built in this request
        messages.success(request, _("Эта версия уже формируется: открыта она, а не новая.") if report.joined
                         else _("Отчёт сформирован.") if report.is_done
                         else _("Отчёт поставлен в очередь на формирование."))
        return redirect(report)
    page = Paginator(selectors.archive(request.user), 30).get_page(1)
    return render(request, "monitoring/reports/report_list.html", {
        "page_obj": page, "reports": page.object_list, "form": form}, status=400)


@login_required
@require_safe
def report_detail(request, pk):
    report = access.report_or_404(request.user, pk)
    return render(request, "monitoring/reports/report_detail.html", {
        "report": report, "versions": selectors.versions(request.user, report),
        "stages": selectors.stages(report)})


def _report(request, pk) -> AnnualReport:
    return access.report_or_404(request.user, pk)


report_status = status_view(_report)
report_restart = restart_view(_report, restart=lambda user, report: services.restart(actor=user, report=report))


def _done_or_404(request, pk) -> AnnualReport:
    from django.http import Http404

    report = access.report_or_404(request.user, pk)
    if not report.is_done:
        raise Http404
    return report


@login_required
@require_safe
def report_pdf(request, pk):
    report = _done_or_404(request, pk)
    return private_file_response(report.pdf, filename=f"{report.file_stem()}.pdf", content_type="application/pdf",
                                 as_attachment=True)


@login_required
@require_safe
def report_xlsx(request, pk):
    report = _done_or_404(request, pk)
    return private_file_response(report.xlsx, filename=f"{report.file_stem()}.xlsx", content_type=XLSX_CONTENT_TYPE,
                                 as_attachment=True)
