"""Import pages: upload → validation with progress → preview and errors → apply on confirmation.

Who may upload a kind is the kind's own predicate (`core.imports.register(..., allowed=...)`); a job is
seen by the one who uploaded it (and administrators). A targeted kind (a roadmap) is started from its
target's page (`Importer.target_options`); the kind checks the target and the rights on it when the file is checked
and again when it is applied; here its job is only followed and confirmed.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..exports import XLSX_CONTENT_TYPE
from ..forms import act, keep_uploads
from ..jobs.views import restart_view, status_view
from ..models import ImportJob
from . import IMPORTERS, importable_kinds, may_import
from .services import (
    answer_job,
    check_upload,
    confirm_job,
    remap_job,
    start_job,
    template_csv,
    template_workbook,
)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Что загружаем"))
    file = forms.FileField(label=gettext_lazy("Файл .xlsx или .csv"))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, str(i.title)) for k, i in kinds.items()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)  # its refusal (a ValidationError) is the field's error
        return upload


def _job_or_404(user, pk) -> ImportJob:
    qs = ImportJob.objects.all() if user.is_superuser else ImportJob.objects.filter(requested_by=user)
    return get_object_or_404(qs, pk=pk)


def _may_act(user, job: ImportJob) -> bool:
    """Confirming or remapping: the kind's uploaders; a targeted job was authorised when it was started."""
    importer = IMPORTERS.get(job.kind)
    return importer is not None and (importer.targeted or may_import(user, job.kind))


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    user = request.user
    kinds = importable_kinds(user)
    if not kinds:
        raise PermissionDenied
    form = keep_uploads(UploadForm(request.POST or None, request.FILES or None, kinds=kinds), user)
    if request.method == "POST" and form.is_valid():
        try:
            job = start_job(actor=user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"])
        except forms.ValidationError as exc:  # e.g. the untouched template: refused at the field, nothing stored
            form.add_error("file", exc)
        else:
            return redirect(job)
    jobs = list(ImportJob.objects.filter(requested_by=user).order_by("-created_at")[:15])
    for job in jobs:  # what was loaded, in words (the kind's code is for the command line)
        job.kind_title = IMPORTERS[job.kind].title if job.kind in IMPORTERS else job.kind
    # a refused upload (too big, not a table, no kind) answers 400: the page again with the reason at the field
    return render(request, "core/import_start.html", {
        "form": form, "jobs": jobs, "kinds": [(k, i.title) for k, i in kinds.items()]},
        status=400 if form.errors else 200)


@login_required
@require_safe
def import_template(request, kind, fmt):
    if kind not in IMPORTERS or fmt not in ("xlsx", "csv"):
        raise Http404
    if fmt == "xlsx":
        response = HttpResponse(template_workbook(kind), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="template-{kind}.{fmt}"'
    return response


@login_required
@require_safe
def import_detail(request, pk):
    job = _job_or_404(request.user, pk)
    columns = IMPORTERS[job.kind].columns if job.kind in IMPORTERS else ()
    return render(request, "core/import_detail.html", {
        "job": job, "title": IMPORTERS[job.kind].title if job.kind in IMPORTERS else job.kind,
        "mapping_rows": [(i, c, job.mapping.get(c.header) or next(
            (h for h in job.file_header if h.strip().lower() == c.header.lower()), ""))
            for i, c in enumerate(columns)],
        "errors_more": max(0, job.summary.get("errors", 0) - len(job.errors)),
    })


import_status = status_view(lambda request, pk: _job_or_404(request.user, pk))


def _act_on_job(request, pk, action):
    """A POST on a job by one who may act on it: the service's refusal becomes a message on the job's page."""
    job = _job_or_404(request.user, pk)
    if not _may_act(request.user, job):
        raise PermissionDenied
    act(request, lambda: action(job))
    return redirect(job)


@login_required
@require_POST
def import_mapping(request, pk):
    """The user tells which file column holds each of our columns; the file is then checked again."""
    return _act_on_job(request, pk, lambda job: remap_job(job=job, answers={
        c.header: request.POST.get(f"map_{i}", "") for i, c in enumerate(IMPORTERS[job.kind].columns)}))


@login_required
@require_POST
def import_answer(request, pk):
    """The answer to what the file lacks (e.g. its school year); the file is then checked again."""
    return _act_on_job(request, pk, lambda job: answer_job(job=job, answer=request.POST.get("answer", "")))


@login_required
@require_POST
def import_apply(request, pk):
    return _act_on_job(request, pk, lambda job: confirm_job(
        job=job, confirmed_uses=request.POST.get("confirm_uses") == "1"))


# a failed or stalled job (worker lost, time limit, queue down) checked again from its stored file
import_restart = restart_view(lambda request, pk: _job_or_404(request.user, pk), allowed=_may_act)
