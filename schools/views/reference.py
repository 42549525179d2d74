"""Reference data: grading scales (primary score → mark bands, ЕГЭ minimum) per year."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import ServiceModelForm, copy_errors

from .. import access, services
from ..models import GradingScale, Procedure, SchoolYear


class GradingScaleForm(ServiceModelForm):
    start_year = forms.IntegerField(label=gettext_lazy("Учебный год (год начала)"), min_value=2000, max_value=2100)

    class Meta:
        model = GradingScale
        fields = ["procedure", "subject", "grade", "max_score", "min_score_3", "min_score_4", "min_score_5",
                  "min_passing_score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["start_year", *self.Meta.fields])
        if self.instance.pk:
            self.fields["start_year"].initial = self.instance.school_year.start_year

    def _post_clean(self):
        year = self.cleaned_data.get("start_year")
        if year:
            self.instance.school_year = SchoolYear.objects.get_or_create(start_year=year)[0]
        super()._post_clean()


def _can_edit(user):
    return access.can_edit_grading_scales(user)


@login_required
@require_safe
def grading_scale_list(request):
    access.require(access.can_view_grading_scales(request.user))
    years = list(SchoolYear.objects.filter(pk__in=GradingScale.objects.values("school_year"))
                 .order_by("-start_year").values_list("start_year", flat=True))
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else (years[0] if years else None)
    procedure = request.GET.get("procedure", "")
    scales = GradingScale.objects.filter(school_year__start_year=year).select_related("subject", "school_year")
    if procedure in Procedure.values:
        scales = scales.filter(procedure=procedure)
    return render(request, "schools/grading_scales.html", {
        "scales": scales.order_by("procedure", "subject__name", "grade"), "years": years, "year": year,
        "procedure": procedure, "procedures": Procedure.choices, "can_edit": _can_edit(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def grading_scale_edit(request, pk=None):
    if not _can_edit(request.user):
        raise PermissionDenied(access.SCALES_REFUSAL)
    scale = get_object_or_404(GradingScale, pk=pk) if pk else None
    form = GradingScaleForm(request.POST or None, instance=scale)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_grading_scale(actor=request.user, scale=form.instance)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Шкала сохранена: %(s)s.") % {"s": saved})
            return redirect(reverse("schools:grading_scales") + f"?year={saved.school_year.start_year}")
    return render(request, "schools/grading_scale_form.html", {"form": form, "scale": scale})
