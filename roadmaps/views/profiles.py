"""A school's risk profile for a school year (self-diagnosis on the "500+" factors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import scoping
from schools.models import SchoolYear

from .. import services
from ..forms import RISK_LEVELS
from ..models import Activity, Level, RiskFactor, RiskProfile, Roadmap


@login_required
@require_http_methods(["GET", "POST"])
def risk_profile(request, school_pk, year):
    user = request.user
    school = scoping.school_or_404(user, school_pk)
    scoping.require_private(user, school)
    school_year = SchoolYear.objects.filter(start_year=year).first()
    if school_year is None:
        raise Http404
    profile = RiskProfile.objects.filter(school=school, school_year=school_year).first()
    existing = {i.factor_id: i for i in profile.items.all()} if profile else {}
    programme = Roadmap.objects.filter(level=Level.SCHOOL, school=school, school_year=school_year).first()
    covered = Activity.objects.filter(roadmap=programme, risk_factor_id=OuterRef("pk")).exclude(
        status=Activity.Status.CANCELLED) if programme else Activity.objects.none()
    factors = list(RiskFactor.objects.filter(is_active=True).annotate(covered=Exists(covered)))
    # a retired factor stays visible in the profiles that used it
    factors += [i.factor for i in existing.values() if not i.factor.is_active]
    can_edit = services.can_edit_profile(user, school, school_year)
    errors = {}
    if request.method == "POST":
        scoping.require(can_edit)
        items = {f.pk: {"relevant": request.POST.get(f"relevant_{f.pk}") == "on",
                        "level": request.POST.get(f"level_{f.pk}", ""),
                        "measures": request.POST.get(f"measures_{f.pk}", "")} for f in factors}
        try:
            services.save_risk_profile(actor=user, school=school, school_year=school_year, items=items)
        except ValidationError as exc:
            errors = {k: v[0] for k, v in exc.message_dict.items()}
            existing = {fid: type("Item", (), {"relevant": i["relevant"], "level": i["level"],
                                               "measures": i["measures"]})() for fid, i in items.items()}
            messages.error(request, _("Профиль не сохранён: исправьте отмеченные строки."))
        else:
            messages.success(request, _("Рисковый профиль сохранён."))
            return redirect("roadmaps:risk_profile", school_pk=school.pk, year=year)
    rows = [{"factor": f, "item": existing.get(f.pk), "error": errors.get(f"level_{f.pk}")} for f in factors]
    return render(request, "roadmaps/risk_profile.html", {
        "school": school, "school_year": school_year, "profile": profile, "rows": rows, "can_edit": can_edit,
        "programme": programme, "levels": RISK_LEVELS,
        "years": SchoolYear.objects.order_by("-start_year"),
        "uncovered": [r["factor"] for r in rows if r["item"] and r["item"].relevant and programme
                      and not r["factor"].covered]})
