"""A roadmap's files: XLSX and PDF exports of the plan-graph, and the upload of an XLSX plan into a draft."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scoping
from schools.exports import XLSX_CONTENT_TYPE
from schools.imports.readers import ImportFileError, check_size
from schools.models import ImportJob
from schools.tasks import validate_import

from .. import access, exports


def _filename(roadmap, ext: str) -> str:
    return f"roadmap-{roadmap.pk}-{roadmap.school_year.start_year}-r{roadmap.revision}.{ext}"


@login_required
def roadmap_xlsx(request, pk):
    roadmap = get_object_or_404(access.visible_roadmaps(request.user), pk=pk)
    response = HttpResponse(exports.roadmap_xlsx(roadmap), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(roadmap, "xlsx")}"'
    return response


@login_required
def roadmap_pdf(request, pk):
    roadmap = get_object_or_404(access.visible_roadmaps(request.user), pk=pk)
    response = HttpResponse(exports.roadmap_pdf(roadmap, request.build_absolute_uri("/")),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(roadmap, "pdf")}"'
    return response


class UploadForm(forms.Form):
    file = forms.FileField()


@login_required
@require_POST
def roadmap_import(request, pk):
    """The file goes through the same two-phase import job as every other (progress, errors, confirmation)."""
    roadmap = get_object_or_404(access.visible_roadmaps(request.user), pk=pk)
    scoping.require(access.can_manage(request.user, roadmap))
    form = UploadForm(request.POST, request.FILES)
    upload = form.cleaned_data["file"] if form.is_valid() else None
    if upload is None or not upload.name.lower().endswith((".xlsx", ".csv")):
        messages.error(request, _("Выберите файл .xlsx (как выгрузка плана-графика) или .csv."))
        return redirect(roadmap)
    try:
        check_size(upload.size)
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect(roadmap)
    job = ImportJob(kind="roadmap", original_name=upload.name[:255], created_by=request.user,
                    options={"roadmap": roadmap.pk})
    job.file.save(upload.name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: validate_import.delay(job.pk))
    return redirect(job)
