"""A school's risk profile for a school year (self-diagnosis on the "500+" factors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access as scoping
from core import limits
from core.forms import page_form
from schools.models import SchoolYear

from .. import access, selectors, services
from ..forms import RISK_LEVELS, RiskProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def risk_profile(request, school_pk, year):
    user = request.user
    school = scoping.school_or_404(user, school_pk)
    scoping.require(access.can_view_risk_profile(user, school))
    school_year = SchoolYear.objects.filter(start_year=year).first()
    if school_year is None:
        raise Http404
    sheet = selectors.risk_profile_sheet(school, school_year)
    existing = sheet.items
    can_edit = access.can_edit_risk_profile(user, school, school_year)
    errors = {}
    if request.method == "POST":
        scoping.require(can_edit)
        items = {f.pk: {"relevant": request.POST.get(f"relevant_{f.pk}") == "on",
                        "level": request.POST.get(f"level_{f.pk}", ""),
                        "measures": request.POST.get(f"measures_{f.pk}", "")} for f in sheet.factors}
        form = RiskProfileForm(request.POST, factors=sheet.factors)
        if done := page_form(request, form, lambda _data: services.save_risk_profile(
                actor=user, school=school, school_year=school_year, items=items),
                success=_("Рисковый профиль сохранён."),
                then=reverse("roadmaps:risk_profile", kwargs={"school_pk": school.pk, "year": year})):
            return done
        errors = {k: v[0] for k, v in form.errors.items()}
        existing = {fid: type("Item", (), {"relevant": i["relevant"], "level": i["level"],
                                           "measures": i["measures"]})() for fid, i in items.items()}
        messages.error(request, _("Профиль не сохранён: исправьте отмеченные строки."))
    labels = dict(RISK_LEVELS)
    rows = [{"factor": f, "item": existing.get(f.pk),
             "error": errors.get(f"level_{f.pk}") or errors.get(f"measures_{f.pk}"),
             "level_label": labels.get(getattr(existing.get(f.pk), "level", ""), "")} for f in sheet.factors]
    return render(request, "roadmaps/risk_profile.html", {
        "school": school, "school_year": school_year, "profile": sheet.profile, "rows": rows, "can_edit": can_edit,
        "programme": sheet.programme, "levels": RISK_LEVELS, "years": SchoolYear.objects.order_by("-start_year"),
        "uncovered": sheet.uncovered, "measures_limit": limits.LONG_TEXT})
