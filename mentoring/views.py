"""Pages of the methodical work: the event calendar, «log an event» (one form with participants and attendance), an
event's page, pairs, a teacher's page with diagnostics, route and courses, the teachers with low results, the coverage
table and communities.

Thin: the rules are in `access`, the reads in `selectors`, the writes in `services` (which check permission again).
A foreign object answers 404, a visible one the user may not change 403.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access as scoping
from core.exports import xlsx_response
from core.formats import school_year_name
from core.forms import copy_errors, keep_uploads, small_form
from core.imports.services import start_job
from core.storage import private_file_response
from schools.models import Municipality, SchoolYear, Subject

from . import access, selectors, services
from .forms import (
    AssignmentForm,
    CancelForm,
    CommunityForm,
    CommunityMeetingForm,
    CourseForm,
    DiagnosticForm,
    EventForm,
    FeedbackForm,
    MaterialForm,
    MeetingForm,
    PairForm,
    RouteForm,
    RouteItemForm,
    RuleForm,
    event_form_data,
)
from .models import (
    Community,
    Course,
    DevelopmentRoute,
    DiagnosticInstrument,
    Event,
    EventKind,
    EventMaterial,
    MentoringPair,
    RouteItem,
    TeachingAssignment,
)

MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
          "декабрь"]


def _tabs(user) -> dict:
    return {"can_view_coverage": access.can_view_coverage(user), "can_view_low": access.can_view_low_results(user),
            "can_log": access.can_log_events(user)}


def _record(request, form, allowed: bool, save, done: str, target):
    """A small form posted on an object's page (a meeting of a pair or a community): 403 without the right, the
    service's refusals at their fields, a redirect to the object when saved (None: show the page again)."""
    scoping.require(allowed)
    if not form.is_valid():
        return None
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        copy_errors(form, exc)
        return None
    messages.success(request, done)
    return redirect(target)


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# ---- the calendar -----------------------------------------------------------------------------------------------


@login_required
@require_safe
def calendar(request):
    """Month (default) or list of events, with filters."""
    user = request.user
    scoping.require(access.can_use_mentoring(user))
    today = timezone.localdate()
    view = "list" if request.GET.get("view") == "list" else "month"
    try:
        month = datetime.date(int(request.GET.get("y", today.year)), int(request.GET.get("m", today.month)), 1)
    except (TypeError, ValueError):
        month = today.replace(day=1)
    filters = {k: request.GET.get(k, "") for k in ("kind", "municipality", "school", "status", "subject")}
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    prev_month = (month - datetime.timedelta(days=1)).replace(day=1)
    if view == "month":
        events = list(selectors.event_list(user, since=month, until=next_month - datetime.timedelta(days=1),
                                           **filters))
        page, weeks = None, selectors.month_grid(month.year, month.month, events)
    else:
        since = _parse_date(request.GET.get("since"))
        until = _parse_date(request.GET.get("until"))
        page = Paginator(selectors.event_list(user, since=since, until=until, **filters).reverse(), 50).get_page(
            request.GET.get("page"))
        events, weeks = page.object_list, None
    return render(request, "mentoring/calendar.html", {
        "view": view, "month": month, "month_name": MONTHS[month.month - 1], "prev": prev_month, "next": next_month,
        "weeks": weeks, "events": events, "page_obj": page, "today": today, **filters,
        "kinds": EventKind.objects.filter(is_active=True), "statuses": Event.Status.choices,
        "subjects": Subject.objects.all(), "municipalities": scoping.visible_municipalities(user),
        "schools": access.coverage_schools(user).order_by("short_name") if access.can_view_coverage(user) else [],
        "since": request.GET.get("since", ""), "until": request.GET.get("until", ""), **_tabs(user)})


def _parse_date(text):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


# ---- events --------------------------------------------------------------------------------------------------


def _teacher_groups(user, form: EventForm, event: Event | None):
    """Teachers of the schools the event may be addressed to, grouped by school (the participants table)."""
    schools = form.fields["target_schools"].queryset
    teachers = access.brief_teachers(user).filter(school__in=schools, is_active=True).order_by(
        "school__short_name", "full_name")
    groups: dict = {}
    for t in teachers:
        groups.setdefault(t.school, []).append(t)
    return list(groups.items())


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk=None):
    """«Log an event»: the event, its schools, participants and attendance in one form."""
    user = request.user
    event = get_object_or_404(access.visible_events(user), pk=pk) if pk else Event()
    if pk:
        scoping.require(access.can_manage_event(user, event))
    else:
        scoping.require(access.can_log_events(user))
    initial = None
    if pk:
        initial = {f: getattr(event, f) for f in ("kind", "topic", "date", "time", "format", "place", "designation",
                                                   "agreement", "organiser_text", "activity", "result")}
        initial.update(target_schools=list(event.target_schools.all()), subjects=list(event.subjects.all()),
                       municipality=event.municipality)
    elif request.GET.get("school"):
        initial = {"target_schools": [request.GET["school"]]}
    form = EventForm(request.POST or None, initial=initial, user=user)
    participants, attended = set(), set()
    if request.method == "POST":
        participants = {_int(v) for v in request.POST.getlist("participant")} - {None}
        attended = {_int(v) for v in request.POST.getlist("attended")} - {None}
    elif pk:
        for teacher_id, was in event.participations.values_list("teacher_id", "attended"):
            participants.add(teacher_id)
            if was:
                attended.add(teacher_id)
    groups = _teacher_groups(user, form, event if pk else None)
    if request.method == "POST" and form.is_valid():
        chosen = participants | attended
        schools = {s.pk for s in form.cleaned_data["target_schools"]}  # a hidden group of an unticked school: not sent
        allowed = {t.pk: t for _s, ts in groups for t in ts if t.school_id in schools}
        people = [allowed[i] for i in sorted(chosen) if i in allowed]
        data = event_form_data(form)
        try:
            saved = services.save_event(actor=user, event=event, data=data,
                                        target_schools=form.cleaned_data["target_schools"],
                                        subjects=form.cleaned_data["subjects"], participants=people,
                                        attended=attended & set(allowed))
        except ValidationError as exc:
            copy_errors(form, exc)
            if not pk:
                event.pk = None
        else:
            n = len(attended & set(allowed))
            messages.success(request, _("Мероприятие сохранено: участников — %(p)s, присутствовали — %(a)s.") % {
                "p": len(people), "a": n})
            return redirect(saved)
    selected = {str(getattr(s, "pk", s)) for s in (form["target_schools"].value() or [])}
    return render(request, "mentoring/event_form.html", {
        "form": form, "event": event, "groups": groups, "participants": participants, "attended": attended,
        "selected_schools": selected})


@login_required
@require_safe
def event_detail(request, pk):
    return _event_page(request, pk)


def _event_page(request, pk, material_form=None, cancel_form=None):
    """The event's page; a small form posted from it and refused comes back bound (errors at its fields, what was
    typed and a file already sent kept)."""
    user = request.user
    event = get_object_or_404(access.visible_events(user).prefetch_related("target_schools", "subjects"), pk=pk)
    can_manage = access.can_manage_event(user, event)
    participations = list(selectors.event_participations(event))
    feedback_ids = {p.pk for p in participations if access.can_record_feedback(user, p)}
    return render(request, "mentoring/event_detail.html", {
        "e": event, "participations": participations, "can_manage": can_manage, "feedback_ids": feedback_ids,
        "materials": event.materials.all(),
        "material_form": material_form if material_form is not None else keep_uploads(MaterialForm(), user),
        "cancel_form": cancel_form if cancel_form is not None else CancelForm(), "today": timezone.localdate(),
        "past": event.date <= timezone.localdate()})


@login_required
@require_POST
def event_attendance(request, pk):
    event = get_object_or_404(access.visible_events(request.user), pk=pk)
    scoping.require(access.can_manage_event(request.user, event))
    attended = {_int(v) for v in request.POST.getlist("attended")} - {None}
    try:
        services.mark_attendance(actor=request.user, event=event, attended=attended)
        messages.success(request, _("Посещаемость отмечена."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(event)


@login_required
@require_POST
def event_feedback(request, pk, participation_pk):
    event = get_object_or_404(access.visible_events(request.user), pk=pk)
    participation = get_object_or_404(event.participations.select_related("teacher"), pk=participation_pk)
    scoping.require(access.can_record_feedback(request.user, participation))
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.record_feedback(actor=request.user, participation=participation,
                                     rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
            messages.success(request, _("Отзыв записан."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Оценка — от 1 до 5."))
    return redirect(reverse("mentoring:event_detail", args=[event.pk]) + "#participants")


@login_required
@require_POST
def event_material(request, pk):
    event = get_object_or_404(access.visible_events(request.user), pk=pk)
    scoping.require(access.can_manage_event(request.user, event))
    form = keep_uploads(MaterialForm(request.POST, request.FILES), request.user)
    done = small_form(request, form, lambda data: services.add_material(
        actor=request.user, event=event, title=data["title"], upload=data.get("file"), url=data["url"]),
        success=_("Материал добавлен."), back=reverse("mentoring:event_detail", args=[event.pk]) + "#materials")
    return done or _event_page(request, pk, material_form=form)


@login_required
@require_safe
def event_material_file(request, pk, material_pk):
    event = get_object_or_404(access.visible_events(request.user), pk=pk)
    material = get_object_or_404(EventMaterial, pk=material_pk, event=event)
    return private_file_response(material.file, filename=material.file.name.rsplit("/", 1)[-1], as_attachment=True)


@login_required
@require_POST
def event_cancel(request, pk):
    event = get_object_or_404(access.visible_events(request.user), pk=pk)
    scoping.require(access.can_manage_event(request.user, event))
    form = CancelForm(request.POST)
    done = small_form(request, form, lambda data: services.cancel_event(
        actor=request.user, event=event, reason=data["reason"]),
        success=_("Мероприятие отменено."), back=event.get_absolute_url())
    return done or _event_page(request, pk, cancel_form=form)


@login_required
@require_POST
def event_participants_import(request, pk):
    """Participants from a file, through the same two-phase import job as every other."""
    event = get_object_or_404(access.visible_events(request.user), pk=pk)
    scoping.require(access.can_manage_event(request.user, event))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Выберите файл .xlsx или .csv со столбцами «Код ОО» и «ФИО педагога»."))
        return redirect(event)
    try:
        job = start_job(actor=request.user, kind="event-participants", upload=upload, options={"event": event.pk})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(event)
    return redirect(job)


# ---- pairs -----------------------------------------------------------------------------------------------------


@login_required
@require_safe
def pair_list(request):
    user = request.user
    scoping.require(access.can_use_mentoring(user))
    status = request.GET.get("status", "")
    qs = access.visible_pairs(user).order_by("-start", "mentee__full_name")
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "mentoring/pair_list.html", {
        "page_obj": page, "pairs": page.object_list, "statuses": MentoringPair.Status.choices, "status": status,
        "can_add": access.can_log_pairs(user), **_tabs(user)})


@login_required
@require_http_methods(["GET", "POST"])
def pair_edit(request, pk=None):
    user = request.user
    pair = get_object_or_404(access.visible_pairs(user), pk=pk) if pk else MentoringPair()
    scoping.require(access.can_manage_pair(user, pair) if pk else access.can_log_pairs(user))
    initial = None
    if not pk:
        year = selectors.current_start_year()
        initial = {"start": timezone.localdate(), "end": datetime.date(year + 1, 5, 31), "planned_meetings": 8}
        if request.GET.get("mentee"):
            initial["mentee"] = request.GET["mentee"]
    form = PairForm(request.POST or None, instance=pair, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_pair(actor=user, pair=pair, data=dict(form.cleaned_data))
        except ValidationError as exc:
            copy_errors(form, exc)
            if not pk:
                pair.pk = None
        else:
            messages.success(request, _("Пара сохранена."))
            return redirect(saved)
    return render(request, "mentoring/pair_form.html", {"form": form, "pair": pair})


@login_required
@require_http_methods(["GET", "POST"])
def pair_detail(request, pk):
    user = request.user
    pair = get_object_or_404(access.visible_pairs(user), pk=pk)
    can_manage = access.can_manage_pair(user, pair)
    form = MeetingForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        done = _record(request, form, can_manage, lambda data: services.add_meeting(actor=user, pair=pair, **data),
                       _("Встреча записана."), pair)
        if done:
            return done
    return render(request, "mentoring/pair_detail.html", {
        "p": pair, "meetings": pair.meetings.all(), "form": form, "can_manage": can_manage,
        "can_open_mentee": access.can_view_teacher(user, pair.mentee),
        "can_open_mentor": access.can_view_teacher(user, pair.mentor)})


# ---- a teacher's page ----------------------------------------------------------------------------------------------


def _teacher(user, pk):
    return get_object_or_404(access.visible_teachers(user), pk=pk)


@login_required
@require_safe
def teacher_detail(request, pk):
    return _teacher_page(request, _teacher(request.user, pk))


def _teacher_page(request, teacher, assignment_form=None):
    """The teacher's page; `assignment_form` is the posted one when it was refused."""
    user = request.user
    return render(request, "mentoring/teacher_detail.html", {
        "t": teacher, **selectors.teacher_page(teacher), "can_edit": access.can_edit_teacher(user, teacher),
        "can_pair": access.can_log_pairs(user),
        "assignment_form": assignment_form if assignment_form is not None else AssignmentForm(
            initial={"school_year": school_year_name(selectors.current_start_year())})})


@login_required
@require_http_methods(["GET", "POST"])
def diagnostic_new(request, pk):
    user = request.user
    teacher = _teacher(user, pk)
    scoping.require(access.can_edit_teacher(user, teacher))
    instrument = DiagnosticInstrument.objects.filter(pk=_int(request.POST.get("instrument") or
                                                             request.GET.get("instrument"))).first()
    form = DiagnosticForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid() and form.instrument is not None:
        try:
            services.save_diagnostic(actor=user, teacher=teacher, instrument=form.instrument,
                                     date=form.cleaned_data["date"], scores=form.scores(),
                                     conducted_by=form.cleaned_data["conducted_by"], notes=form.cleaned_data["notes"])
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Диагностика сохранена."))
            return redirect(reverse("mentoring:teacher_detail", args=[teacher.pk]) + "#diagnostics")
    return render(request, "mentoring/simple_form.html", {
        "form": form, "t": teacher, "title": _("Диагностика профессиональных дефицитов"),
        "choose_instrument": form.instrument is None})


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request, pk, course_pk=None):
    user = request.user
    teacher = _teacher(user, pk)
    scoping.require(access.can_edit_teacher(user, teacher))
    course = get_object_or_404(Course, pk=course_pk, teacher=teacher) if course_pk else Course(teacher=teacher)
    form = keep_uploads(CourseForm(request.POST or None, request.FILES or None, instance=course), user)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "teacher": teacher}
        try:
            services.save_course(actor=user, course=course, data=data)
        except ValidationError as exc:
            copy_errors(form, exc)
            if not course_pk:
                course.pk = None
        else:
            messages.success(request, _("Курс сохранён."))
            return redirect(reverse("mentoring:teacher_detail", args=[teacher.pk]) + "#courses")
    return render(request, "mentoring/simple_form.html", {"form": form, "t": teacher,
                                                          "title": _("Курс повышения квалификации"),
                                                          "multipart": True})


@login_required
@require_safe
def course_certificate(request, pk, course_pk):
    teacher = _teacher(request.user, pk)
    course = get_object_or_404(Course, pk=course_pk, teacher=teacher)
    return private_file_response(course.certificate, filename=course.certificate.name.rsplit("/", 1)[-1],
                                 as_attachment=True)


@login_required
@require_http_methods(["GET", "POST"])
def route_edit(request, pk, route_pk=None):
    user = request.user
    teacher = _teacher(user, pk)
    scoping.require(access.can_edit_teacher(user, teacher))
    route = get_object_or_404(DevelopmentRoute, pk=route_pk, teacher=teacher) if route_pk else DevelopmentRoute(
        teacher=teacher)
    form = RouteForm(request.POST or None, instance=route, teacher=teacher)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "teacher": teacher}
        try:
            services.save_route(actor=user, route=route, data=data, deficits=data.pop("deficits"))
        except ValidationError as exc:
            copy_errors(form, exc)
            if not route_pk:
                route.pk = None
        else:
            messages.success(request, _("Маршрут сохранён."))
            return redirect(reverse("mentoring:teacher_detail", args=[teacher.pk]) + "#route")
    return render(request, "mentoring/simple_form.html", {"form": form, "t": teacher,
                                                          "title": _("Индивидуальный образовательный маршрут")})


@login_required
@require_http_methods(["GET", "POST"])
def route_item_edit(request, pk, route_pk, item_pk=None):
    user = request.user
    teacher = _teacher(user, pk)
    scoping.require(access.can_edit_teacher(user, teacher))
    route = get_object_or_404(DevelopmentRoute, pk=route_pk, teacher=teacher)
    item = get_object_or_404(RouteItem, pk=item_pk, route=route) if item_pk else RouteItem(route=route)
    form = RouteItemForm(request.POST or None, instance=item, route=route, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_route_item(actor=user, item=item, data={**form.cleaned_data, "route": route})
        except ValidationError as exc:
            copy_errors(form, exc)
            if not item_pk:
                item.pk = None
        else:
            messages.success(request, _("Пункт маршрута сохранён."))
            return redirect(reverse("mentoring:teacher_detail", args=[teacher.pk]) + "#route")
    return render(request, "mentoring/simple_form.html", {"form": form, "t": teacher, "title": _("Пункт маршрута")})


@login_required
@require_POST
def assignment_add(request, pk):
    user = request.user
    teacher = _teacher(user, pk)
    scoping.require(access.can_edit_teacher(user, teacher))
    form = AssignmentForm(request.POST)
    done = small_form(request, form, lambda data: services.save_assignment(
        actor=user, teacher=teacher, school_year=SchoolYear.objects.get_or_create(start_year=data["school_year"])[0],
        class_name=data["class_name"], subject=data["subject"]),
        success=_("Класс добавлен в нагрузку."), back=reverse("mentoring:teacher_detail", args=[teacher.pk]) + "#load")
    return done or _teacher_page(request, teacher, assignment_form=form)


@login_required
@require_POST
def assignment_delete(request, pk, assignment_pk):
    user = request.user
    teacher = _teacher(user, pk)
    assignment = get_object_or_404(TeachingAssignment, pk=assignment_pk, teacher=teacher)
    services.delete_assignment(actor=user, assignment=assignment)
    messages.success(request, _("Класс убран из нагрузки."))
    return redirect(reverse("mentoring:teacher_detail", args=[teacher.pk]) + "#load")


# ---- teachers with low results ----------------------------------------------------------------------------------


def _municipality_and_year(request, munis):
    muni = munis.filter(pk=_int(request.GET.get("municipality"))).first() or munis.first()
    years = sorted(set(selectors.ClassResult.objects.values_list("school_year__start_year", flat=True)),
                   reverse=True)
    year = _int(request.GET.get("year"))
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
        if rule_form.is_valid():
            try:
                services.save_rule(actor=user, municipality=muni, data=rule_form.cleaned_data)
            except ValidationError as exc:
                copy_errors(rule_form, exc)
            else:
                messages.success(request, _("Пороги сохранены."))
                return redirect(f"{reverse('mentoring:low_results')}?municipality={muni.pk}&year={year}")
    rule, rows = selectors.low_results_list(user, municipality=muni, start_year=year) if muni else (None, [])
    return render(request, "mentoring/low_results.html", {
        "rows": rows, "reliable": sum(1 for r in rows if r.reliable),
        "unreliable": sum(1 for r in rows if not r.reliable),
        "rule": rule, "rule_form": rule_form, "can_edit_rule": can_edit_rule, "municipality": muni,
        "municipalities": munis, "year": year, "years": years, "year_name": school_year_name(year),
        "can_pair": access.can_log_pairs(user), "editable": set(access.editable_teacher_schools(user).values_list(
            "pk", flat=True)), **_tabs(user)})


# ---- coverage -------------------------------------------------------------------------------------------------------


COVERAGE_PAGE = 200  # a municipality's schools on one page; a region's in pages (the export has them all)


def _coverage_args(request):
    year = _int(request.GET.get("year"), selectors.current_start_year())
    return {"start_year": year, "municipality_id": _int(request.GET.get("municipality")),
            "only_supported": request.GET.get("all") != "1"}


@login_required
@require_safe
def coverage(request):
    user = request.user
    scoping.require(access.can_view_coverage(user))
    args = _coverage_args(request)
    rows = selectors.coverage(user, **args)
    totals = {key: sum(r.figures[key] for r in rows) for key, _label in selectors.COVERAGE_COLUMNS}
    current = selectors.current_start_year()
    page = Paginator(rows, COVERAGE_PAGE).get_page(request.GET.get("page"))  # totals and gaps: of every school
    return render(request, "mentoring/coverage.html", {
        "rows": page.object_list, "page_obj": page, "schools": len(rows),
        "columns": selectors.COVERAGE_COLUMNS, "totals": totals, "year": args["start_year"],
        "year_name": school_year_name(args["start_year"]), "years": [current - 1, current],
        "municipalities": Municipality.objects.filter(pk__in=access.coverage_schools(user).values("municipality_id")),
        "municipality": args["municipality_id"], "all": not args["only_supported"],
        "gaps": sum(1 for r in rows if r.gaps), **_tabs(user)})


@login_required
@require_safe
def coverage_export(request):
    user = request.user
    scoping.require(access.can_view_coverage(user))
    args = _coverage_args(request)
    header, rows = selectors.coverage_export(selectors.coverage(user, **args))
    return xlsx_response(f"coverage-{args['start_year']}.xlsx", header, rows, title=_("Охват"))


# ---- communities ------------------------------------------------------------------------------------------------


@login_required
@require_safe
def community_list(request):
    user = request.user
    scoping.require(access.can_use_mentoring(user))
    from django.db.models import Count

    communities = access.visible_communities(user).annotate(n_members=Count("members", distinct=True)).order_by(
        "municipality__name", "name")
    return render(request, "mentoring/community_list.html", {
        "communities": communities, "can_add": access.can_create_community(user), **_tabs(user)})


@login_required
@require_http_methods(["GET", "POST"])
def community_detail(request, pk):
    user = request.user
    community = get_object_or_404(access.visible_communities(user), pk=pk)
    can_manage = access.can_manage_community(user, community)
    form = CommunityMeetingForm(request.POST or None)
    if request.method == "POST":
        done = _record(request, form, can_manage, lambda data: services.add_community_meeting(
            actor=user, community=community, **data), _("Заседание записано."), community)
        if done:
            return done
    private = set(scoping.private_schools(user).values_list("pk", flat=True))
    members = list(community.members.select_related("school").order_by("school__short_name", "full_name"))
    return render(request, "mentoring/community_detail.html", {
        "c": community, "members": [m for m in members if scoping.get_scope(user).is_admin or m.school_id in private],
        "hidden_members": sum(1 for m in members if not (scoping.get_scope(user).is_admin or m.school_id in private)),
        "meetings": community.meetings.all(), "form": form, "can_manage": can_manage})


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request, pk=None):
    user = request.user
    community = get_object_or_404(access.visible_communities(user), pk=pk) if pk else Community()
    scoping.require(access.can_manage_community(user, community) if pk else access.can_create_community(user))
    form = CommunityForm(request.POST or None, instance=community, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        members = data.pop("members")
        try:
            saved = services.save_community(actor=user, community=community, data=data, members=members)
        except ValidationError as exc:
            copy_errors(form, exc)
            if not pk:
                community.pk = None
        else:
            messages.success(request, _("Сообщество сохранено."))
            return redirect(saved)
    return render(request, "mentoring/simple_form.html", {"form": form, "title": _("Профессиональное сообщество")})
