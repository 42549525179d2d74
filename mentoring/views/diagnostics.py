"""A deficit diagnostic entered on a teacher's page: the instrument first, then a score per competence."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import DiagnosticForm
from ..models import DiagnosticInstrument
from .common import editable_teacher, save_form, teacher_url, to_int


@login_required
@require_http_methods(["GET", "POST"])
def diagnostic_new(request, pk):
    user = request.user
    teacher = editable_teacher(user, pk)
    instrument = DiagnosticInstrument.objects.filter(pk=to_int(request.POST.get("instrument") or
                                                               request.GET.get("instrument"))).first()
    form = DiagnosticForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.instrument is not None and save_form(
            request, form, lambda data: services.save_diagnostic(
                actor=user, teacher=teacher, instrument=form.instrument, date=data["date"], scores=form.scores(),
                conducted_by=data["conducted_by"], notes=data["notes"]), success=_("Диагностика сохранена.")):
        return redirect(teacher_url(teacher, "diagnostics"))
    return render(request, "mentoring/simple_form.html", {
        "form": form, "t": teacher, "title": _("Диагностика профессиональных дефицитов"),
        "choose_instrument": form.instrument is None})
