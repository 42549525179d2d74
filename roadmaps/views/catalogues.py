"""Catalogues methodologists keep: directions of work and risk factors (retired, never deleted)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access as scoping
from core.forms import page_form

from .. import access, services
from ..forms import CatalogueItemForm
from ..models import Direction, RiskFactor

CATALOGUES = {
    "risk-factors": (RiskFactor, gettext_lazy("Факторы риска"),
                     gettext_lazy("Перечень факторов для рисковых профилей школ (проект «500+»).")),
    "directions": (Direction, gettext_lazy("Направления работы"),
                   gettext_lazy("Направления, по которым группируются мероприятия дорожных карт.")),
}


def _catalogue(kind):
    if kind not in CATALOGUES:
        raise Http404
    return CATALOGUES[kind]


@login_required
@require_safe
def catalogue_list(request, kind):
    model, title, about = _catalogue(kind)
    return render(request, "roadmaps/catalogue_list.html", {
        "kind": kind, "title": title, "about": about, "items": model.objects.all(),
        "can_edit": access.can_manage_catalogues(request.user), "catalogues": CATALOGUES})


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_edit(request, kind, pk=None):
    model, title, _about = _catalogue(kind)
    scoping.require(access.can_manage_catalogues(request.user))
    item = get_object_or_404(model, pk=pk) if pk else model()
    initial = {f: getattr(item, f) for f in ("code", "name", "description", "ordering", "is_active")} if pk else None
    form = CatalogueItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and (done := page_form(
            request, form, lambda data: services.save_catalogue_item(actor=request.user, item=item, data=data),
            success=_("Справочник обновлён."), then=reverse("roadmaps:catalogue_list", args=[kind]))):
        return done
    return render(request, "roadmaps/catalogue_form.html", {"form": form, "kind": kind, "title": title,
                                                            "item": item})
