"""Pages of monitoring: thin, they ask access.py and call the selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import get_scope
from core import charts
from core.formats import school_year_of
from core.forms import act, page_form
from core.jobs.views import restart_view, status_view
from schools.models import School, SchoolYear

from . import access, selectors, services
from .forms import AdoptForm, DismissForm, EditForm, IndicatorForm, RecommendationForm, TargetForm
from .models import Aggregate, Audience, ComputeRun, Group, Indicator, Recommendation, Unit, Value

GROUP_NAMES = [(Group.LRS, Group.LRS.label), (Group.DSC, Group.DSC.label), (Group.OTHER, Group.OTHER.label)]


def _year(request, default_qs=None) -> SchoolYear:
    """The year asked for (?year=2024), else the latest with stored figures, else the latest started."""
    raw = request.GET.get("year") or request.POST.get("year")
    if raw:
        try:
            return SchoolYear.objects.get(start_year=int(str(raw)[:4]))
        except (ValueError, SchoolYear.DoesNotExist):
            raise Http404 from None
    if default_qs is not None:
        found = default_qs.order_by("-school_year__start_year").values_list("school_year", flat=True).first()
        if found:
            return SchoolYear.objects.get(pk=found)
    year = SchoolYear.objects.filter(start_year__lte=school_year_of(timezone.localdate())).order_by(
        "-start_year").first()
    if year is None:
        raise Http404
    return year


def _municipality(request):
    munis = list(access.municipal_munis(request.user))
    if not munis:
        raise PermissionDenied(_("Мониторинг муниципалитета открыт методистам и руководителям управления "
                                 "образования."))
    raw = request.GET.get("municipality") or request.POST.get("municipality")
    if raw:
        found = next((m for m in munis if str(m.pk) == str(raw)), None)
        if found is None:
            raise Http404
        return found, munis
    return munis[0], munis


def _years():
    return list(SchoolYear.objects.order_by("-start_year"))


def _suffix(ind) -> str:
    return " %" if ind.unit in (Unit.PERCENT, Unit.FLAG) else ""


@login_required
@require_safe
def dashboard(request):
    user = request.user
    scope = get_scope(user)
    if not (scope.is_admin or scope.municipal_munis):
        school_id = next(iter(sorted(scope.own_schools)), None)
        if school_id is None:
            raise PermissionDenied(_("Мониторинг открыт сотрудникам управления образования и школ."))
        return redirect("monitoring:school_dashboard", school_id)
    muni, munis = _municipality(request)
    year = _year(request, Aggregate.objects.filter(municipality=muni, indicator__is_result=True))
    table = selectors.indicator_table(muni, year)
    for row in table:
        ind = row["indicator"]
        row["lights"] = {g: charts.traffic_light(row["groups"][g].tone, text=charts.fmt(
            row["groups"][g].value) + _suffix(ind), n=row["groups"][g].n) for g in (*selectors.GROUPS,)}
    trends = charts.small_multiples([
        {"title": row["name"], "target": row["target"], "target_label": row["target_label"],
         "y_suffix": _suffix(row["indicator"]), "series": [(label, row["trend"][g]) for g, label in GROUP_NAMES]}
        for row in table])
    return render(request, "monitoring/dashboard.html", {
        "municipality": muni, "municipalities": munis, "year": year, "years": _years(), "table": table,
        "groups": GROUP_NAMES, "trends": trends, "ranking": selectors.ranking(muni, year),
        "can_compute": access.can_compute(user, muni),
        "last_run": ComputeRun.objects.filter(municipality=muni).select_related("school_year").first(),
        "legend": [(charts.COLORS[k], label) for k, (_g, label) in enumerate(GROUP_NAMES)]})


@login_required
@require_safe
def school_dashboard(request, pk):
    school = get_object_or_404(access.monitored_schools(request.user, School.objects.select_related(
        "municipality")), pk=pk)
    year = _year(request, Value.objects.filter(school=school, indicator__is_result=True))
    rows = selectors.school_table(school, year)
    pictures = charts.small_multiples([
        {"title": r["name"], "target": r["target"], "target_label": r["target_label"],
         "y_suffix": _suffix(r["indicator"]),
         "series": [(school.short_name, r["series"]), (_("медиана муниципалитета"), r["median"])]}
        for r in rows])
    for r in rows:
        v = r["value"]
        r["light"] = charts.traffic_light(r["tone"], text=charts.fmt(getattr(v, "value", None)) + _suffix(
            r["indicator"]), n=getattr(v, "n", None))
    return render(request, "monitoring/school.html", {
        "school": school, "year": year, "years": _years(), "rows": rows, "pictures": pictures,
        "can_municipal": access.can_view_municipality(request.user, school.municipality),
        "recommendations": selectors.recommendations_for(
            school, year, qs=access.visible_recommendations(request.user))})


@login_required
@require_safe
def effect(request):
    muni, munis = _municipality(request)
    year = _year(request, Aggregate.objects.filter(municipality=muni, indicator__is_result=True))
    data = selectors.effectiveness(muni, year)
    return render(request, "monitoring/effect.html", {"municipality": muni, "municipalities": munis, "year": year,
                                                      "years": _years(), "data": data})


# ---- recompute ----------------------------------------------------------------------------------------------

@login_required
@require_POST
def compute_start(request):
    muni, _munis = _municipality(request)
    year = _year(request)
    run = act(request, lambda: services.start_compute(actor=request.user, school_year=year, municipality=muni),
              denied="")  # the dashboard's button: a refusal by role is a notice there
    return redirect(run or f"{reverse('monitoring:dashboard')}?municipality={muni.pk}&year={year.start_year}")


def _run(request, pk) -> ComputeRun:
    run = get_object_or_404(ComputeRun.objects.select_related("school_year", "municipality"), pk=pk)
    if not (get_scope(request.user).is_admin or (
            run.municipality and access.can_view_municipality(request.user, run.municipality))):
        raise Http404
    return run


@login_required
@require_safe
def run_detail(request, pk):
    run = _run(request, pk)
    return render(request, "monitoring/run_detail.html", {
        "run": run, "can_restart": run.municipality is not None and access.can_compute(request.user, run.municipality)})


run_status = status_view(_run)
run_restart = restart_view(_run, restart=lambda user, run: services.restart_compute(actor=user, run=run),
                           success=_("Пересчёт запущен заново."))


# ---- catalogue ----------------------------------------------------------------------------------------------

@login_required
@require_safe
def indicator_list(request):
    indicators = list(access.visible_indicators(request.user).order_by("retired_at", "number", "name"))
    return render(request, "monitoring/indicator_list.html", {
        "indicators": indicators, "can_add": access.can_add_any_indicator(request.user)})


def _owners(user) -> list[tuple[str, str]]:
    """What a new indicator may belong to for the user: the region (administrators) and their municipalities."""
    region = [("region", _("показатель региона"))] if access.can_add_indicator(user, None) else []
    return region + [(str(m.pk), _("местный: %(m)s") % {"m": m.name}) for m in access.indicator_munis(user)]


@login_required
@require_http_methods(["GET", "POST"])
def indicator_new(request):
    if not access.can_add_any_indicator(request.user):
        raise PermissionDenied(access.LOCAL_REFUSAL)
    owners = _owners(request.user)
    form = IndicatorForm(request.POST if request.method == "POST" else None, owners=owners)

    def save(data):
        owner = data.pop("owner")
        muni = None if owner == "region" else access.indicator_munis(request.user).get(pk=owner)
        return services.save_indicator(actor=request.user, indicator=Indicator(municipality=muni), data=data)

    if request.method == "POST" and (done := page_form(
            request, form, save, success=_("Показатель добавлен: школы внесут его в отчёте о ходе выполнения."),
            then=lambda ind: ind)):
        return done
    return render(request, "monitoring/indicator_form.html", {"form": form}, status=400 if form.errors else 200)


def _target_grid(user, ind: Indicator, years) -> list[dict]:
    """Rows of the targets table: the region's (a region indicator; editable by administrators) and each of the
    user's municipalities (a local indicator: its own municipality only), with the stored values."""
    munis = [m for m in access.municipal_munis(user)
             if access.can_set_target(user, m) and ind.municipality_id in (None, m.pk)]
    owners = ([None] if ind.municipality_id is None else []) + munis
    stored = {(t.municipality_id, t.school_year_id): t.value for t in ind.targets.filter(
        Q(municipality__isnull=True) | Q(municipality__in=munis), school_year__in=years)}
    return [{"municipality": m, "editable": access.can_set_target(user, m) and ind.is_active,
             "cells": [{"year": y, "value": stored.get((getattr(m, "pk", None), y.pk))} for y in years]}
            for m in owners]


@login_required
@require_http_methods(["GET", "POST"])
def indicator_detail(request, pk):
    ind = get_object_or_404(access.visible_indicators(request.user), pk=pk)
    user = request.user
    can_manage = access.can_edit_indicator(user, ind)
    form = IndicatorForm(request.POST if request.POST.get("action") == "edit" else None, builtin=ind.is_builtin,
                         initial={f: getattr(ind, f) for f in ("name", "unit", "direction", "period", "method",
                                                               "min_n")})
    years = _years()[:4]
    grid = _target_grid(user, ind, years)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if not (can_manage or any(row["editable"] for row in grid)):
            raise PermissionDenied(access.indicator_refusal(ind))
        if action not in ("edit", "retire", "target"):
            return HttpResponseBadRequest(_("Неизвестное действие."))
        if action == "edit":
            if not can_manage:
                raise PermissionDenied(access.indicator_refusal(ind))

            def save(data):
                data = dict(data)
                if ind.is_builtin:  # a built-in indicator keeps the regulation's unit and direction
                    data.pop("unit", None)
                    data.pop("direction", None)
                return services.save_indicator(actor=user, indicator=ind, data=data)

            if done := page_form(request, form, save, success=_("Показатель сохранён."), then=ind):
                return done
            status = 400
        elif action == "retire":
            act(request, lambda: services.retire_indicator(actor=user, indicator=ind),
                _("Показатель выведен из мониторинга; его значения сохранены."))
            return redirect(ind)
        else:  # the target of a year: the region's or one of the user's municipalities'
            raw = request.POST.get("municipality")
            row = next((r for r in grid if r["editable"] and str(getattr(r["municipality"], "pk", "region")) == raw),
                       None)
            if row is None:
                raise PermissionDenied(access.TARGET_REFUSAL)
            muni = row["municipality"]
            tform = TargetForm(request.POST)
            if not tform.is_valid():
                messages.error(request, " ".join(e for errs in tform.errors.values() for e in errs))
                return redirect(ind)
            year = get_object_or_404(SchoolYear, start_year=tform.cleaned_data["year"])
            act(request, lambda: services.set_target(actor=user, indicator=ind, municipality=muni, school_year=year,
                                                     value=tform.cleaned_data["value"]),
                _("Целевое значение на %(y)s сохранено.") % {"y": year.name})
            return redirect(ind)
    return render(request, "monitoring/indicator_detail.html", {
        "indicator": ind, "form": form, "can_manage": can_manage and ind.is_active, "grid": grid, "years": years},
        status=status)


# ---- recommendations ----------------------------------------------------------------------------------------

@login_required
@require_safe
def recommendation_list(request):
    user = request.user
    if not access.can_view_recommendations(user):
        raise PermissionDenied(_("Рекомендации видят сотрудники управления образования и директора школ."))
    qs = access.visible_recommendations(user)
    scope = get_scope(user)
    muni, munis = (None, [])
    if scope.is_admin or scope.municipal_munis:
        muni, munis = _municipality(request)
        qs = qs.filter(municipality=muni)
    year = _year(request, qs)
    qs = qs.filter(school_year=year)
    audience, state = request.GET.get("audience", ""), request.GET.get("state", "")
    if audience in Audience.values:
        qs = qs.filter(audience=audience)
    if state in Recommendation.State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("audience", "state", "school__short_name", "pk"), 50).get_page(
        request.GET.get("page"))
    can_add = muni is not None and access.can_add_recommendation(user, muni)
    form = RecommendationForm(schools=muni.schools.order_by("short_name") if muni else None) if can_add else None
    return render(request, "monitoring/recommendation_list.html", {
        "page_obj": page, "recs": page.object_list, "municipality": muni, "municipalities": munis, "year": year,
        "years": _years(), "audiences": Audience.choices, "states": Recommendation.State.choices,
        "f": {"audience": audience, "state": state}, "can_add": can_add, "form": form})


@login_required
@require_POST
def recommendation_generate(request):
    muni, _munis = _municipality(request)
    year = _year(request)
    act(request, lambda: services.generate_recommendations(actor=request.user, municipality=muni, school_year=year),
        lambda counts: _("Правила применены: новых %(added)s, обновлено %(updated)s, снято %(withdrawn)s.") % counts,
        denied="")  # the list's button: a refusal by role is a notice there
    return redirect(f"{reverse('monitoring:recommendation_list')}?municipality={muni.pk}&year={year.start_year}")


@login_required
@require_POST
def recommendation_new(request):
    muni, _munis = _municipality(request)
    if not access.can_add_recommendation(request.user, muni):
        raise PermissionDenied(_("Рекомендации добавляет методист муниципалитета."))
    year = _year(request)
    form = RecommendationForm(request.POST, schools=muni.schools.all())
    if done := page_form(request, form, lambda data: services.add_recommendation(
            actor=request.user, municipality=muni, school_year=year, audience=data["audience"], text=data["text"],
            school=data["school"]), success=_("Рекомендация добавлена."), then=lambda rec: rec):
        return done
    return render(request, "monitoring/recommendation_new.html", {"form": form, "municipality": muni,
                                                                  "year": year}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_detail(request, pk):
    user = request.user
    rec = get_object_or_404(access.visible_recommendations(user), pk=pk)
    forms_ = {"edit": EditForm(initial={"text": rec.text}), "dismiss": DismissForm(), "adopt": AdoptForm()}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if not (access.can_edit_recommendation(user, rec) or access.can_adopt(user, rec)):
            raise PermissionDenied(_("Эта рекомендация уже решена или её меняет методист муниципалитета."))
        if action not in forms_:
            return HttpResponseBadRequest(_("Неизвестное действие."))
        allowed = access.can_adopt(user, rec) if action == "adopt" else access.can_edit_recommendation(user, rec)
        if not allowed:
            raise PermissionDenied(_("Это действие вам недоступно для этой рекомендации."))
        form = {"edit": EditForm, "dismiss": DismissForm, "adopt": AdoptForm}[action](request.POST)
        forms_[action] = form

        def save(data):
            if action == "edit":
                return services.edit_recommendation(actor=user, rec=rec, text=data["text"])
            if action == "dismiss":
                return services.dismiss_recommendation(actor=user, rec=rec, reason=data["reason"])
            return services.adopt_recommendation(actor=user, rec=rec, **data)

        if done := page_form(request, form, save, success=_("Сохранено."), then=rec):
            return done
        status = 400
    return render(request, "monitoring/recommendation_detail.html", {
        "rec": rec, "forms": forms_, "can_edit": access.can_edit_recommendation(user, rec),
        "can_adopt": access.can_adopt(user, rec)}, status=status)
