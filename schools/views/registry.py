"""Registry pages: municipalities, schools, yearly data and teachers.

Access is decided by schools.access: lookups go through visible querysets (foreign → 404), private data
and edit pages are checked with require_* (visible but not allowed → 403); the services check every write
again themselves, so a page never allows what the API refuses.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.exports import xlsx_response
from core.forms import page_form
from schools.registries import render_card_sections

from .. import access, selectors, services
from ..filters import MunicipalityFilter, SchoolFilter, SchoolYearDataFilter
from ..forms import SchoolForm, SchoolYearDataForm, TeacherForm
from ..models import School, SchoolYearData, Teacher

PAGE_SIZE = 50


def _page(request, qs, per_page=PAGE_SIZE):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def _school_filter(request):
    user = request.user
    qs = selectors.school_list_queryset(access.visible_schools(user))
    return SchoolFilter(request.GET or None, queryset=qs,
                        municipalities=access.visible_municipalities(request.user))


# ---- schools ----------------------------------------------------------------------------------

def _schools(request, filterset):
    """The filtered schools: the registry's own filters, then those added by higher apps (core.registries)."""
    return selectors.apply_list_filters(request.user, filterset.qs, request.GET)


@login_required
@require_safe
def school_list(request):
    filterset = _school_filter(request)
    page = _page(request, _schools(request, filterset))
    schools = list(page.object_list)
    cells_of, headings = selectors.list_cells(request.user, [s.pk for s in schools]), selectors.list_headings()
    return render(request, "schools/school_list.html", {
        "filter": filterset,
        "extra_filters": selectors.list_filters(request.GET),
        "extra_headings": headings,
        "page_obj": page,
        "schools": schools,
        "rows": [(s, list(zip(headings, cells_of(s.pk), strict=True))) for s in schools],
        "can_create": access.can_create_school(request.user),
    })


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    return f"{cell.text} ({cell.note})" if cell.note else cell.text


@login_required
@require_safe
def school_list_export(request):
    schools = _schools(request, _school_filter(request))
    cells_of = selectors.list_cells(request.user, schools.values("pk"))
    rows = ((s.code, s.short_name, s.full_name, s.municipality.name, s.get_kind_display(),
             s.get_location_display(), s.inn, s.address, s.director_name, s.phone, s.email, s.website,
             _("да") if s.is_active else _("нет"), s.latest_students, *map(_cell_text, cells_of(s.pk)))
            for s in schools)
    headers = [_("Код ОО"), _("Краткое наименование"), _("Полное наименование"), _("Муниципалитет"), _("Вид"),
               _("Местность"), _("ИНН"), _("Адрес"), _("Директор"), _("Телефон"), _("Эл. почта"), _("Сайт"),
               _("Действует"), _("Обучающихся (последний год)"), *selectors.list_headings()]
    return xlsx_response("schools.xlsx", headers, rows, title=_("Школы"))


@login_required
@require_safe
def school_detail(request, pk):
    user = request.user
    school = access.school_or_404(user, pk, School.objects.select_related("municipality__region"))
    can_private = access.can_view_private(user, school)
    context = {
        "school": school,
        "can_private": can_private,
        "can_edit": access.can_edit_school(user, school),
        "can_see_audit": access.can_manage_municipality(user, school.municipality_id),
    }
    if can_private:
        records, rows = selectors.yearly_table(school)
        teachers = list(school.teachers.order_by("full_name"))
        context.update(years=records, yearly_rows=rows, teachers=teachers,
                       teacher_counts=selectors.teacher_counts(records, teachers))
        context["result_years"], context["results"] = selectors.latest_results(school)
    if context["can_see_audit"]:
        context["audit_entries"] = selectors.school_audit_entries(school, limit=50)
    context["extra_sections"] = render_card_sections(request, school)
    return render(request, "schools/school_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def school_create(request):
    user = request.user
    access.require(access.can_create_school(user))
    municipalities = access.managed_municipalities(user)
    form = SchoolForm(request.POST or None, municipalities=municipalities,
                      initial={"municipality": municipalities.first()})
    if request.method == "POST" and (done := page_form(
            request, form, lambda data: services.create_school(actor=user, data=data),
            success=lambda school: _("Школа «%(name)s» добавлена в реестр.") % {"name": school.short_name},
            then=lambda school: school.get_absolute_url())):
        return done
    return render(request, "schools/school_form.html", {"form": form, "school": None})


@login_required
@require_http_methods(["GET", "POST"])
def school_edit(request, pk):
    user = request.user
    school = access.school_or_404(user, pk)
    access.require_edit(user, school)
    locked = access.locked_fields(user, school)
    form = SchoolForm(request.POST or None, instance=school, locked=locked,
                      municipalities=None if "municipality" in locked else access.managed_municipalities(user))
    if request.method == "POST" and (done := page_form(
            request, form, lambda data: services.update_school(
                actor=user, school=school, data={f: data[f] for f in form.changed_data}),
            success=_("Изменения сохранены."), then=school.get_absolute_url())):
        return done
    return render(request, "schools/school_form.html", {"form": form, "school": school})


# ---- yearly data ------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def yearly_data_edit(request, pk, year=None):
    user = request.user
    school = access.school_or_404(user, pk)
    access.require_private(user, school)
    access.require_edit(user, school)
    record = None
    if year is not None:
        record = SchoolYearData.objects.select_related("school_year").filter(
            school=school, school_year__start_year=year).first()
        if record is None:
            raise Http404
    instance = record or SchoolYearData(school=school)
    form = SchoolYearDataForm(request.POST or None, instance=instance, lock_year=record is not None)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in selectors.YEARLY_FIELDS}
        start_year = record.school_year.start_year if record else form.cleaned_data["start_year"]
        if done := page_form(request, form, lambda _data: services.save_yearly_data(
                actor=user, school=school, start_year=start_year, data=data, new=record is None),
                success=_("Данные за %(y)s/%(n)s учебный год сохранены.") % {"y": start_year, "n": start_year + 1},
                then=school.get_absolute_url() + "#yearly"):
            return done
    return render(request, "schools/yearly_form.html", {"form": form, "school": school, "record": record})


@login_required
@require_safe
def yearly_data_export(request):
    qs = SchoolYearData.objects.filter(school__in=access.private_schools(request.user)).select_related(
        "school", "school_year").order_by("school__short_name", "school_year__start_year")
    qs = SchoolYearDataFilter(request.GET or None, queryset=qs).qs
    fields = selectors.YEARLY_FIELDS
    headers = [_("Код ОО"), _("Школа"), _("Учебный год")] + [
        str(SchoolYearData._meta.get_field(f).verbose_name) for f in fields]
    rows = ([r.school.code, r.school.short_name, r.school_year.name] + [getattr(r, f) for f in fields]
            for r in qs)
    return xlsx_response("yearly-data.xlsx", headers, rows, title=_("Данные за год"))


# ---- teachers ---------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def teacher_create(request, pk):
    user = request.user
    school = access.school_or_404(user, pk)
    access.require_private(user, school)
    access.require_edit(user, school)
    form = TeacherForm(request.POST or None, instance=Teacher(school=school))
    if request.method == "POST" and (done := page_form(
            request, form, lambda data: services.create_teacher(actor=user, school=school, data=data),
            success=_("Педагог добавлен."), then=school.get_absolute_url() + "#teachers")):
        return done
    return render(request, "schools/teacher_form.html", {"form": form, "school": school, "teacher": None})


@login_required
@require_http_methods(["GET", "POST"])
def teacher_edit(request, pk):
    user = request.user
    teacher = get_object_or_404(
        Teacher.objects.select_related("school").filter(school__in=access.private_schools(user)), pk=pk)
    school = teacher.school
    access.require_edit(user, school)
    form = TeacherForm(request.POST or None, instance=teacher)
    if request.method == "POST" and (done := page_form(
            request, form, lambda data: services.update_teacher(
                actor=user, teacher=teacher, data={f: data[f] for f in form.changed_data}),
            success=_("Данные педагога сохранены."), then=school.get_absolute_url() + "#teachers")):
        return done
    return render(request, "schools/teacher_form.html", {"form": form, "school": school, "teacher": teacher})


@login_required
@require_safe
def teacher_export(request, pk):
    user = request.user
    school = access.school_or_404(user, pk)
    access.require_private(user, school)
    headers = [_("ФИО"), _("Должность"), _("Предметы"), _("Стаж, лет"), _("Категория"), _("Работает")]
    rows = ((t.full_name, t.position, t.subjects, t.experience_years, t.get_qualification_category_display(),
             _("да") if t.is_active else _("нет")) for t in school.teachers.order_by("full_name"))
    return xlsx_response(f"teachers-{school.code}.xlsx", headers, rows, title=_("Педагоги"))


# ---- municipalities ---------------------------------------------------------------------------

def _municipality_queryset(user):
    return access.visible_municipalities(user).annotate(
        school_count=Count("schools", filter=Q(schools__is_active=True)),
        rural_count=Count("schools", filter=Q(schools__is_active=True, schools__location="rural")),
    ).order_by("region__name", "name")


@login_required
@require_safe
def municipality_list(request):
    filterset = MunicipalityFilter(request.GET or None, queryset=_municipality_queryset(request.user))
    page = _page(request, filterset.qs)
    return render(request, "schools/municipality_list.html", {
        "filter": filterset, "page_obj": page, "municipalities": page.object_list})


@login_required
@require_safe
def municipality_list_export(request):
    qs = MunicipalityFilter(request.GET or None, queryset=_municipality_queryset(request.user)).qs
    headers = [_("Код"), _("Муниципалитет"), _("Регион"), _("Действующих школ"), _("Из них сельских")]
    rows = ((m.code, m.name, m.region.name, m.school_count, m.rural_count) for m in qs)
    return xlsx_response("municipalities.xlsx", headers, rows, title=_("Муниципалитеты"))


@login_required
@require_safe
def municipality_detail(request, pk):
    municipality = get_object_or_404(_municipality_queryset(request.user), pk=pk)
    by_kind = (municipality.schools.filter(is_active=True).values("kind").annotate(n=Count("pk"))
               .order_by("-n"))
    kind_labels = dict(municipality.schools.model._meta.get_field("kind").choices)
    return render(request, "schools/municipality_detail.html", {
        "municipality": municipality,
        "by_kind": [(kind_labels.get(r["kind"], r["kind"]), r["n"]) for r in by_kind],
        "can_manage": access.can_manage_municipality(request.user, municipality.pk),
    })

