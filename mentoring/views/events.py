"""Pages of events: the calendar (month or list), «log an event» (one form with participants and attendance), an
event's page with its attendance, feedback, materials, cancellation and participants from a file."""

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
from core.formats import parse_date, ru_count
from core.forms import act, keep_uploads, small_form
from core.imports.services import start_job
from core.storage import private_file_response
from schools.models import Subject

from .. import access, selectors, services
from ..forms import CancelForm, EventForm, MaterialForm, event_form_data, feedback_formset
from ..models import Event, EventKind, EventMaterial
from .common import object_to_edit, save_form, tabs, to_int

MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
          "декабрь"]


def _date(text):
    """A filter's date (a date input sends «2025-09-01»); an unreadable one filters nothing."""
    try:
        return parse_date(text) if text else None
    except ValueError:
        return None


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
        since, until = _date(request.GET.get("since")), _date(request.GET.get("until"))
        page = Paginator(selectors.event_list(user, since=since, until=until, **filters).reverse(), 50).get_page(
            request.GET.get("page"))
        events, weeks = page.object_list, None
    return render(request, "mentoring/calendar.html", {
        "view": view, "month": month, "month_name": MONTHS[month.month - 1], "prev": prev_month, "next": next_month,
        "weeks": weeks, "events": events, "page_obj": page, "today": today, **filters,
        "kinds": EventKind.objects.filter(is_active=True), "statuses": Event.Status.choices,
        "subjects": Subject.objects.all(), "municipalities": scoping.visible_municipalities(user),
        "schools": access.coverage_schools(user).order_by("short_name") if access.can_view_coverage(user) else [],
        "since": request.GET.get("since", ""), "until": request.GET.get("until", ""), **tabs(user)})


def _teacher_groups(user, form: EventForm):
    """Teachers of the schools the event may be addressed to, grouped by school (the participants table)."""
    schools = form.fields["target_schools"].queryset
    teachers = access.brief_teachers(user).filter(school__in=schools, is_active=True).order_by(
        "school__short_name", "full_name")
    groups: dict = {}
    for t in teachers:
        groups.setdefault(t.school, []).append(t)
    return list(groups.items())


def _ids(request, name: str) -> set[int]:
    return {to_int(v) for v in request.POST.getlist(name)} - {None}


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk=None):
    """«Log an event»: the event, its schools, participants and attendance in one form."""
    user = request.user
    event = object_to_edit(user, pk, access.visible_events(user), Event(), can_change=access.can_manage_event,
                           can_create=access.can_log_events)
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
        participants, attended = _ids(request, "participant"), _ids(request, "attended")
    elif pk:
        for teacher_id, was in event.participations.values_list("teacher_id", "attended"):
            participants.add(teacher_id)
            if was:
                attended.add(teacher_id)
    groups = _teacher_groups(user, form)
    if request.method == "POST" and form.is_valid():
        schools = {s.pk for s in form.cleaned_data["target_schools"]}  # a hidden group of an unticked school: not sent
        allowed = {t.pk: t for _s, ts in groups for t in ts if t.school_id in schools}
        people = [allowed[i] for i in sorted(participants | attended) if i in allowed]
        present = attended & set(allowed)
        saved = save_form(request, form, lambda data: services.save_event(
            actor=user, event=event, data=event_form_data(form), target_schools=data["target_schools"],
            subjects=data["subjects"], participants=people, attended=present),
            success=_("Мероприятие сохранено: участников — %(p)s, присутствовали — %(a)s.") % {
                "p": len(people), "a": len(present)}, instance=event)
        if saved:
            return redirect(saved)
    selected = {str(getattr(s, "pk", s)) for s in (form["target_schools"].value() or [])}
    return render(request, "mentoring/event_form.html", {
        "form": form, "event": event, "groups": groups, "participants": participants, "attended": attended,
        "selected_schools": selected})



@login_required
@require_safe
def event_detail(request, pk):
    return _event_page(request, pk)


def _feedback_rows(user, event, participations, shown=None) -> list:
    """The participants this user records feedback on (mentoring.access): those who attended and whose details the
    user may see (`shown`, when the caller has them already)."""
    if shown is None:
        shown = access.TeacherDetails(user).shown_participations(event, participations)
    return [p for p in participations if p.pk in shown and p.attended and access.can_record_feedback(user, p)]


def _event_page(request, pk, material_form=None, cancel_form=None, feedback=None):
    """The event's page; a small form posted from it and refused comes back bound (errors at its fields, what was
    typed and a file already sent kept)."""
    user = request.user
    event = get_object_or_404(access.visible_events(user).prefetch_related("target_schools", "subjects"), pk=pk)
    can_manage = access.can_manage_event(user, event)
    participations = list(selectors.event_participations(event))
    shown = access.TeacherDetails(user).shown_participations(event, participations)
    visible = [p for p in participations if p.pk in shown]
    return render(request, "mentoring/event_detail.html", {
        "e": event, "participations": visible,
        "n_participants": len(participations), "n_hidden": len(participations) - len(shown),
        "can_manage": can_manage,
        "feedback": feedback if feedback is not None else feedback_formset(_feedback_rows(user, event, visible, shown)),
        "materials": event.materials.all(),
        "material_form": material_form if material_form is not None else keep_uploads(MaterialForm(), user),
        "cancel_form": cancel_form if cancel_form is not None else CancelForm(), "today": timezone.localdate(),
        "past": event.date <= timezone.localdate()})


def _managed_event(user, pk) -> Event:
    """An event the user organises: 404 when not visible, 403 when visible but not theirs."""
    event = get_object_or_404(access.visible_events(user), pk=pk)
    scoping.require(access.can_manage_event(user, event))
    return event


@login_required
@require_POST
def event_attendance(request, pk):
    event = _managed_event(request.user, pk)
    attended = _ids(request, "attended")
    act(request, lambda: services.mark_attendance(actor=request.user, event=event, attended=attended),
        _("Посещаемость отмечена."))
    return redirect(event)


@login_required
@require_POST
def event_feedback(request, pk):
    """Feedback on every participant the user may rate, one form and one save; refused rows come back with the
    message at their field and nothing written."""
    user = request.user
    event = get_object_or_404(access.visible_events(user), pk=pk)
    rows = {p.pk: p for p in _feedback_rows(user, event, list(selectors.event_participations(event)))}
    scoping.require(bool(rows))
    formset = feedback_formset(list(rows.values()), data=request.POST)
    back = reverse("mentoring:event_detail", args=[event.pk]) + "#feedback"
    if not formset.is_valid():
        if formset.non_form_errors():  # no management form: not this page's form
            messages.error(request, _("Форма отзывов устарела: откройте страницу заново."))
            return redirect(back)
        return _event_page(request, pk, feedback=formset)
    sent = [(f, rows.get(f.cleaned_data["participation"])) for f in formset.forms]
    if any(p is None for _f, p in sent):
        messages.error(request, _("Список участников изменился: проверьте отзывы ещё раз."))
        return redirect(back)
    changed = [(p, f.cleaned_data["rating"], f.cleaned_data["comment"]) for f, p in sent if f.has_changed()]
    if not changed:
        messages.info(request, _("Отзывы не изменились."))
        return redirect(back)
    try:
        services.record_feedbacks(actor=user, event=event, rows=changed)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        for form, p in sent:
            for message in exc.error_dict.get(p.pk, []):
                form.add_error("rating", message)
        return _event_page(request, pk, feedback=formset)
    n = len(changed)
    messages.success(request, _("Записаны отзывы о %(n)s %(who)s.") % {
        "n": ru_count(n), "who": "участнике" if n % 10 == 1 and n % 100 != 11 else "участниках"})
    return redirect(back)


@login_required
@require_POST
def event_material(request, pk):
    event = _managed_event(request.user, pk)
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
    event = _managed_event(request.user, pk)
    form = CancelForm(request.POST)
    done = small_form(request, form, lambda data: services.cancel_event(
        actor=request.user, event=event, reason=data["reason"]),
        success=_("Мероприятие отменено."), back=event.get_absolute_url())
    return done or _event_page(request, pk, cancel_form=form)


@login_required
@require_POST
def event_participants_import(request, pk):
    """Participants from a file, through the same two-phase import job as every other."""
    event = _managed_event(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Выберите файл .xlsx или .csv со столбцами «Код ОО» и «ФИО педагога»."))
        return redirect(event)
    jobs = []  # act() answers whether the call went through; the job it started is kept here
    if act(request, lambda: jobs.append(start_job(actor=request.user, kind="event-participants", upload=upload,
                                                  options={"event": event.pk}))):
        return redirect(jobs[0])
    return redirect(event)
