"""A teacher's development route (ИОМ) and its items, edited from the teacher's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import RouteForm, RouteItemForm
from ..models import DevelopmentRoute, RouteItem
from .common import editable_teacher, save_form, teacher_url


@login_required
@require_http_methods(["GET", "POST"])
def route_edit(request, pk, route_pk=None):
    user = request.user
    teacher = editable_teacher(user, pk)
    route = get_object_or_404(DevelopmentRoute, pk=route_pk, teacher=teacher) if route_pk else DevelopmentRoute(
        teacher=teacher)
    form = RouteForm(request.POST or None, instance=route, teacher=teacher)
    if request.method == "POST" and save_form(request, form, lambda data: services.save_route(
            actor=user, route=route, data={**data, "teacher": teacher}, deficits=data["deficits"]),
            success=_("Маршрут сохранён."), instance=route):
        return redirect(teacher_url(teacher, "route"))
    return render(request, "mentoring/simple_form.html", {"form": form, "t": teacher,
                                                          "title": _("Индивидуальный образовательный маршрут")})


@login_required
@require_http_methods(["GET", "POST"])
def route_item_edit(request, pk, route_pk, item_pk=None):
    user = request.user
    teacher = editable_teacher(user, pk)
    route = get_object_or_404(DevelopmentRoute, pk=route_pk, teacher=teacher)
    item = get_object_or_404(RouteItem, pk=item_pk, route=route) if item_pk else RouteItem(route=route)
    form = RouteItemForm(request.POST or None, instance=item, route=route, user=user)
    if request.method == "POST" and save_form(request, form, lambda data: services.save_route_item(
            actor=user, item=item, data={**data, "route": route}),
            success=_("Пункт маршрута сохранён."), instance=item):
        return redirect(teacher_url(teacher, "route"))
    return render(request, "mentoring/simple_form.html", {"form": form, "t": teacher, "title": _("Пункт маршрута")})
