"""A roadmap's files: XLSX and PDF exports of the plan-graph, and the upload of an XLSX plan into a draft."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import access as scoping
from core.exports import XLSX_CONTENT_TYPE
from core.forms import act
from core.imports.services import start_job
from core.pdf import pdf_response

from .. import access, exports
from ..imports import RoadmapImporter


def _filename(roadmap, ext: str) -> str:
    return f"roadmap-{roadmap.pk}-{roadmap.school_year.start_year}-r{roadmap.revision}.{ext}"


@login_required
@require_safe
def roadmap_xlsx(request, pk):
    roadmap = get_object_or_404(access.visible_roadmaps(request.user), pk=pk)
    response = HttpResponse(exports.roadmap_xlsx(roadmap), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(roadmap, "xlsx")}"'
    return response


@login_required
@require_safe
def roadmap_pdf(request, pk):
    roadmap = get_object_or_404(access.visible_roadmaps(request.user), pk=pk)
    return pdf_response(exports.roadmap_pdf(roadmap), _filename(roadmap, "pdf"))


class UploadForm(forms.Form):
    file = forms.FileField()


@login_required
@require_POST
def roadmap_import(request, pk):
    """The file goes through the same two-phase import job as every other (progress, errors, confirmation)."""
    roadmap = get_object_or_404(access.visible_roadmaps(request.user), pk=pk)
    scoping.require(access.can_manage(request.user, roadmap))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Выберите файл .xlsx (как выгрузка плана-графика) или .csv."))
        return redirect(roadmap)
    job = act(request, lambda: start_job(actor=request.user, kind="roadmap", upload=form.cleaned_data["file"],
                                         options=RoadmapImporter.target_options(roadmap)))
    return redirect(job or roadmap)
