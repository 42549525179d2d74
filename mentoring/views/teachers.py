"""A teacher's page with their class load, and the list of teachers with low results (with its thresholds)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access as scoping
from core.formats import school_year_name
from core.forms import small_form
from schools.models import ClassResult, SchoolYear

from .. import access, selectors, services
from ..forms import AssignmentForm, RuleForm
from ..models import TeachingAssignment
from .common import editable_teacher, save_form, tabs, teacher_of, teacher_url, to_int


@login_required
@require_safe
def teacher_detail(request, pk):
    return _teacher_page(request, teacher_of(request.user, pk))


def _teacher_page(request, teacher, assignment_form=None):
    """The teacher's page; `assignment_form` is the posted one when it was refused."""
    user = request.user
    page = selectors.teacher_page(teacher)
    page["mentors"], page["mentees"] = list(page["mentors"]), list(page["mentees"])
    details = access.TeacherDetails(user)  # the teacher is theirs; the other side of a pair may not be
    shown_mentors = details.shown_in_pairs(page["mentors"])[0]
    shown_mentees = details.shown_in_pairs(page["mentees"])[1]
    return render(request, "mentoring/teacher_detail.html", {
        "t": teacher, **page, "shown_mentors": shown_mentors, "shown_mentees": shown_mentees,
        "can_edit": access.can_edit_teacher(user, teacher),
        "can_pair": access.can_log_pairs(user),
        "assignment_form": assignment_form if assignment_form is not None else AssignmentForm(
            initial={"school_year": school_year_name(selectors.current_start_year())})})


@login_required
@require_POST
def assignment_add(request, pk):
    user = request.user
    teacher = editable_teacher(user, pk)
    form = AssignmentForm(request.POST)
    done = small_form(request, form, lambda data: services.save_assignment(
        actor=user, teacher=teacher, school_year=SchoolYear.objects.get_or_create(start_year=data["school_year"])[0],
        class_name=data["class_name"], subject=data["subject"]),
        success=_("Класс добавлен в нагрузку."), back=teacher_url(teacher, "load"))
    return done or _teacher_page(request, teacher, assignment_form=form)


@login_required
@require_POST
def assignment_delete(request, pk, assignment_pk):
    user = request.user
    teacher = teacher_of(user, pk)
    assignment = get_object_or_404(TeachingAssignment, pk=assignment_pk, teacher=teacher)
    services.delete_assignment(actor=user, assignment=assignment)
    messages.success(request, _("Класс убран из нагрузки."))
    return redirect(teacher_url(teacher, "load"))


def _municipality_and_year(request, munis):
    muni = munis.filter(pk=to_int(request.GET.get("municipality"))).first() or munis.first()
    years = sorted(set(ClassResult.objects.values_list("school_year__start_year", flat=True)), reverse=True)
    year = to_int(request.GET.get("year"))
    if year is None:
        year = years[0] if years else selectors.current_start_year() - 1
    return muni, year, years


@login_required
@require_http_methods(["GET", "POST"])
def low_results(request):
    user = request.user
    scoping.require(access.can_view_low_results(user))
    munis = access.low_results_municipalities(user).order_by("name")
    muni, year, years = _municipality_and_year(request, munis)
    can_edit_rule = muni is not None and access.can_edit_rule(user, muni.pk)
    rule_form = RuleForm(request.POST or None, instance=selectors.rule_of(muni)) if muni else None
    if request.method == "POST":
        scoping.require(can_edit_rule)
        if save_form(request, rule_form, lambda data: services.save_rule(actor=user, municipality=muni, data=data),
                     success=_("Пороги сохранены.")):
            return redirect(f"{reverse('mentoring:low_results')}?municipality={muni.pk}&year={year}")
    rule, rows = selectors.low_results_list(user, municipality=muni, start_year=year) if muni else (None, [])
    return render(request, "mentoring/low_results.html", {
        "rows": rows, "reliable": sum(1 for r in rows if r.reliable),
        "unreliable": sum(1 for r in rows if not r.reliable),
        "rule": rule, "rule_form": rule_form, "can_edit_rule": can_edit_rule, "municipality": muni,
        "own_schools": list(access.low_results_own_schools(user, muni.pk).order_by("short_name")) if muni else [],
        "municipalities": munis, "year": year, "years": years, "year_name": school_year_name(year),
        "can_pair": access.can_log_pairs(user), "editable": set(access.editable_teacher_schools(user).values_list(
            "pk", flat=True)), **tabs(user)})
