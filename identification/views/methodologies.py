"""Methodologies: read by municipal staff; new versions made by methodologists."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access as scoping
from core.forms import page_form

from .. import access, selectors, services
from ..criteria import get_kind
from ..forms import MethodologyForm
from ..models import Methodology


@login_required
@require_safe
def methodology_list(request):
    scoping.require(access.can_read_methodologies(request.user))
    return render(request, "identification/methodology_list.html", {
        "methodologies": Methodology.objects.select_related("created_by").order_by("family", "-version"),
        "can_manage": access.can_manage_methodologies(request.user),
        "can_open_identification": access.can_open_identification(request.user),
    })


@login_required
@require_safe
def methodology_detail(request, pk):
    scoping.require(access.can_read_methodologies(request.user))
    methodology = get_object_or_404(Methodology, pk=pk)
    criteria = [(c, get_kind(c["kind"])) for c in methodology.criteria]
    described = [(c, kind, kind.describe(c["params"])) for c, kind in criteria]
    return render(request, "identification/methodology_detail.html", {
        "m": methodology, "criteria": described, "rules": selectors.methodology_rules(methodology),
        "words": selectors.methodology_in_words(methodology), "used": methodology.runs.exists(),
        "can_manage": access.can_manage_methodologies(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def methodology_new_version(request, pk):
    user = request.user
    scoping.require(access.can_manage_methodologies(user))
    base = get_object_or_404(Methodology, pk=pk)
    form = MethodologyForm(request.POST or None, base=base)
    if not access.can_set_default_methodology(user):
        form.fields.pop("make_default")  # the region's default is an administrator's choice
    if request.method == "POST" and (done := page_form(
            request, form, lambda data: services.create_methodology_version(
                actor=user, base=base, family=base.family, name=data["name"], description=data["description"],
                make_default=data.get("make_default", False), **form.to_methodology()),
            success=lambda new: _("Создана версия %(v)s. Прежние версии и расчёты по ним не изменились.") % {
                "v": new.version},
            then=lambda new: new)):
        return done
    return render(request, "identification/methodology_form.html", {"form": form, "base": base})
