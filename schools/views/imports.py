"""Import pages: upload → validation with progress → preview and errors → apply on confirmation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import scoping
from accounts.models import Role

from ..imports import IMPORTERS
from ..imports.readers import ImportFileError, check_size
from ..imports.services import template_csv, template_workbook
from ..models import ImportJob
from ..tasks import apply_import, validate_import


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Что загружаем"))
    file = forms.FileField(label=gettext_lazy("Файл .xlsx или .csv"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, str(i.title)) for k, i in IMPORTERS.items() if not i.targeted]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv", ".txt")):
            raise forms.ValidationError(_("Загрузите файл .xlsx или .csv."))
        try:
            check_size(upload.size)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


def _require_importer(user, job: ImportJob | None = None):
    """Methodologists import registry data; a targeted kind (a roadmap) checks the uploader's rights itself."""
    if job is not None and job.kind in IMPORTERS and IMPORTERS[job.kind].targeted:
        return
    scoping.require(scoping.has_role(user, Role.METHODOLOGIST, Role.ADMIN))


def _job_or_404(user, pk) -> ImportJob:
    qs = ImportJob.objects.all() if scoping.get_scope(user).is_admin else ImportJob.objects.filter(created_by=user)
    return get_object_or_404(qs, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    user = request.user
    _require_importer(user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob(kind=form.cleaned_data["kind"], original_name=upload.name[:255], created_by=user)
        job.file.save(upload.name, upload, save=False)
        job.save()
        transaction.on_commit(lambda: validate_import.delay(job.pk))
        return redirect(job)
    jobs = ImportJob.objects.filter(created_by=user).order_by("-created_at")[:15]
    return render(request, "schools/import_start.html", {
        "form": form, "jobs": jobs, "kinds": [(k, i.title) for k, i in IMPORTERS.items() if not i.targeted]})


@login_required
def import_template(request, kind, fmt):
    if kind not in IMPORTERS or fmt not in ("xlsx", "csv"):
        raise Http404
    if fmt == "xlsx":
        response = HttpResponse(template_workbook(kind),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="template-{kind}.{fmt}"'
    return response


@login_required
def import_detail(request, pk):
    job = _job_or_404(request.user, pk)
    columns = IMPORTERS[job.kind].columns if job.kind in IMPORTERS else ()
    return render(request, "schools/import_detail.html", {
        "job": job, "title": IMPORTERS[job.kind].title if job.kind in IMPORTERS else job.kind,
        "mapping_rows": [(i, c, job.mapping.get(c.header) or next(
            (h for h in job.file_header if h.strip().lower() == c.header.lower()), ""))
            for i, c in enumerate(columns)],
        "working": job.status in (ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING),
        "errors_more": max(0, job.summary.get("errors", 0) - len(job.errors)),
    })


@login_required
def import_status(request, pk):
    job = _job_or_404(request.user, pk)
    working = job.status in (ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING)
    return JsonResponse({"status": job.status, "status_label": job.get_status_display(), "percent": job.percent,
                         "processed": job.processed_rows, "total": job.total_rows, "working": working,
                         "text": _rows_text(job.processed_rows, job.total_rows)})


def _rows_text(done: int, total: int) -> str:
    # «из 1 строки», «из 21 строки», but «из 2 строк», «из 11 строк»
    word = _("строки") if total % 10 == 1 and total % 100 != 11 else _("строк")
    return f"{done} {_('из')} {total} {word}"


@login_required
@require_POST
def import_mapping(request, pk):
    """The user tells which file column holds each of our columns; the file is then checked again."""
    job = _job_or_404(request.user, pk)
    _require_importer(request.user, job)
    if job.status != ImportJob.Status.NEEDS_MAPPING or job.kind not in IMPORTERS:
        return redirect(job)
    columns = IMPORTERS[job.kind].columns
    mapping = {c.header: request.POST.get(f"map_{i}", "") for i, c in enumerate(columns)}
    mapping = {ours: theirs for ours, theirs in mapping.items() if theirs in job.file_header}
    missing = [c.header for c in columns if c.required and c.header not in mapping]
    if missing:
        messages.error(request, _("Укажите столбцы файла для: %(cols)s.") % {"cols": ", ".join(missing)})
        return redirect(job)
    ImportJob.objects.filter(pk=job.pk).update(mapping=mapping, status=ImportJob.Status.VALIDATING,
                                               processed_rows=0, errors=[])
    transaction.on_commit(lambda: validate_import.delay(job.pk))
    return redirect(job)


@login_required
@require_POST
def import_apply(request, pk):
    job = _job_or_404(request.user, pk)
    _require_importer(request.user, job)
    if job.status != ImportJob.Status.READY:
        messages.error(request, _("Загрузить можно только проверенный файл без ошибок."))
        return redirect(job)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING, processed_rows=0)
    transaction.on_commit(lambda: apply_import.delay(job.pk))
    return redirect(job)
