"""Writes of the methodical work. Every function takes the actor and checks the rule of `access` itself (403), then the
data (a Russian message at its field: ValidationError({field: message})), then writes in one transaction. Pages, the
API and the imports call these functions.

Attendance has consequences set here, once: the event is held, the route items linked to it are ticked off for the
teachers who attended, and the linked activity of a site's plan reports progress (roadmaps.services.file_progress).
"""

import datetime

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as scoping
from core.formats import ru_date
from core.services import require
from core.uploads import check_file
from roadmaps import access as roadmap_access
from roadmaps import services as roadmap_services
from roadmaps.models import Activity, Level
from schools.models import SchoolYear, Teacher, class_key

from . import access
from .models import (
    Community,
    CommunityMeeting,
    Course,
    DevelopmentRoute,
    Diagnostic,
    DiagnosticScore,
    Event,
    EventMaterial,
    LowResultsRule,
    MentoringMeeting,
    MentoringPair,
    Participation,
    RouteItem,
    TeachingAssignment,
)

# ---- teaching assignments and thresholds ---------------------------------------------------------------------


@transaction.atomic
def save_assignment(*, actor, teacher: Teacher, school_year: SchoolYear, class_name: str,
                    subject) -> TeachingAssignment:
    require(access.can_edit_teacher(actor, teacher), _("Вы не можете менять нагрузку этого педагога."))
    key = class_key(class_name)
    if not key or not key[0].isdigit():
        raise ValidationError({"class_name": _("Класс записывается как «5А» или «11».")})
    if school_year.pk is None:
        school_year = SchoolYear.objects.get_or_create(start_year=school_year.start_year)[0]
    assignment, created = TeachingAssignment.objects.get_or_create(teacher=teacher, school_year=school_year,
                                                                   class_name=key, subject=subject)
    if not created:
        raise ValidationError({"class_name": _("Этот класс и предмет у педагога в этом году уже есть.")})
    return assignment


@transaction.atomic
def delete_assignment(*, actor, assignment: TeachingAssignment) -> None:
    require(access.can_edit_teacher(actor, assignment.teacher), _("Вы не можете менять нагрузку этого педагога."))
    assignment.delete()


@transaction.atomic
def save_rule(*, actor, municipality, data: dict) -> LowResultsRule:
    require(access.can_edit_rule(actor, municipality.pk), _("Пороги меняет методист муниципалитета."))
    errors = {}
    share, mean, minimum = data.get("failing_share"), data.get("mean_mark"), data.get("min_students")
    if share is None or not 0 <= share <= 100:
        errors["failing_share"] = _("Доля — от 0 до 100 %.")
    if mean is None or not 2 <= mean <= 5:
        errors["mean_mark"] = _("Средняя отметка — от 2 до 5.")
    if minimum is None or not 1 <= minimum <= 1000:
        errors["min_students"] = _("Малая выборка — от 1 до 1000 обучающихся.")
    if errors:
        raise ValidationError(errors)
    rule, _created = LowResultsRule.objects.update_or_create(
        municipality=municipality, defaults={"failing_share": share, "mean_mark": mean, "min_students": minimum})
    return rule


# ---- events ---------------------------------------------------------------------------------------------------


def _event_problems(actor, event: Event, data: dict, target_schools, participants) -> dict:
    errors = {}
    designation = data.get("designation")
    agreement = data.get("agreement")
    scope = scoping.get_scope(actor)
    is_methodologist = scope.is_admin or bool(scope.methodologist_munis)
    if designation is not None and not access.event_designations(actor).filter(pk=designation.pk).exists():
        errors["designation"] = _("Выберите свою школу-лидер или площадку с действующим статусом.")
    if designation is None and not is_methodologist:
        errors["designation"] = _("Укажите площадку, от имени которой проводится мероприятие.")
    if designation is None and not (data.get("organiser_text") or "").strip():
        errors.setdefault("organiser_text", _("Укажите организатора: площадку или, например, «ИМЦ»."))
    if agreement is not None:
        if designation is None or agreement.designation_id != designation.pk:
            errors["agreement"] = _("Соглашение должно быть заключено выбранной площадкой.")
        elif not access.event_agreements(actor).filter(pk=agreement.pk).exists():
            errors["agreement"] = _("Выберите действующее соглашение своей площадки.")
    allowed_schools = set(access.event_target_schools(actor, designation).values_list("pk", flat=True))
    if not target_schools:
        errors["target_schools"] = _("Выберите хотя бы одну школу, для которой проводится мероприятие.")
    elif any(s.pk not in allowed_schools for s in target_schools):
        errors["target_schools"] = _("Можно выбрать только школы, которые вы сопровождаете.")
    if agreement is not None and target_schools and any(s.pk != agreement.supported_school_id for s in target_schools):
        errors["target_schools"] = _("По соглашению мероприятие проводится для школы этого соглашения.")
    target_ids = {s.pk for s in target_schools}
    if participants is not None and any(t.school_id not in target_ids for t in participants):
        errors["participants"] = _("Участники — педагоги выбранных школ.")
    activity = data.get("activity")
    if activity is not None:
        roadmap = activity.roadmap
        if designation is None or roadmap.level != Level.SITE or roadmap.designation_id != designation.pk:
            errors["activity"] = _("Связать можно только с мероприятием плана этой площадки.")
        elif not roadmap_access.can_manage(actor, roadmap):
            errors["activity"] = _("Вы не ведёте план этой площадки.")
    date = data.get("date")
    if date is None:
        errors["date"] = _("Укажите дату.")
    if data.get("status") == Event.Status.HELD and date and date > timezone.localdate():
        errors["status"] = _("Мероприятие в будущем ещё не проведено.")
    return errors


@transaction.atomic
def save_event(*, actor, event: Event, data: dict, target_schools, subjects=(), participants=None,
               attended=None) -> Event:
    """Create or change an event with its schools, subjects and — in the one-form «log an event» — its participants
    and attendance (`attended`: the ids of those present; None leaves attendance as it is)."""
    if event.pk is not None:
        require(access.can_manage_event(actor, event), _("Вы не можете менять это мероприятие."))
    else:
        require(access.can_log_events(actor), _("Мероприятия вносят методисты и сотрудники школ-лидеров."))
    target_schools = list(target_schools)
    participants = list(participants) if participants is not None else None
    errors = _event_problems(actor, event, data, target_schools, participants)
    designation = data.get("designation")
    municipality = designation.school.municipality if designation is not None else data.get("municipality")
    if municipality is None and target_schools:
        municipality = target_schools[0].municipality
    if municipality is not None and not scoping.get_scope(actor).is_admin and designation is None and (
            municipality.pk not in scoping.get_scope(actor).methodologist_munis):
        errors["municipality"] = _("Выберите свой муниципалитет.")
    if errors:
        raise ValidationError(errors)
    for name in ("kind", "topic", "date", "time", "format", "place", "designation", "agreement", "organiser_text",
                 "activity", "result", "status"):
        if name in data:
            setattr(event, name, data[name])
    event.municipality = municipality
    if event.pk is None:
        event.created_by = actor
    with set_actor(actor):
        event.save()
    event.target_schools.set(target_schools)
    event.subjects.set(list(subjects))
    if participants is not None:
        keep = {t.pk for t in participants}
        event.participations.exclude(teacher_id__in=keep).delete()
        existing = set(event.participations.values_list("teacher_id", flat=True))
        Participation.objects.bulk_create([Participation(event=event, teacher=t) for t in participants
                                           if t.pk not in existing])
    if attended is not None:
        _mark_attendance(actor, event, set(attended))
    return event


def _mark_attendance(actor, event: Event, attended_ids: set) -> None:
    if event.date > timezone.localdate():
        if attended_ids:
            raise ValidationError({"attended": _("Посещаемость отмечается после мероприятия (дата — %(d)s).") % {
                "d": ru_date(event.date)}})
        return
    now = timezone.now()
    event.participations.filter(teacher_id__in=attended_ids).update(attended=True, updated_at=now)
    event.participations.exclude(teacher_id__in=attended_ids).update(attended=False, updated_at=now)
    if attended_ids and event.status != Event.Status.HELD:
        event.status = Event.Status.HELD
        event.save(update_fields=["status", "updated_at"])
    if event.is_held:
        _event_consequences(actor, event)


@transaction.atomic
def mark_attendance(*, actor, event: Event, attended) -> Event:
    require(access.can_manage_event(actor, event), _("Посещаемость отмечает организатор мероприятия."))
    _mark_attendance(actor, event, set(attended))
    return event


def _event_consequences(actor, event: Event) -> None:
    """Route items linked to the event are done for those who attended; the plan's activity reports the event."""
    today = timezone.localdate()
    present = event.participations.filter(attended=True).values("teacher_id")
    RouteItem.objects.filter(event=event, route__teacher_id__in=present).exclude(
        status=RouteItem.Status.DONE).update(status=RouteItem.Status.DONE, done_on=event.date,
                                             updated_at=timezone.now())
    activity = event.activity
    if activity is None or activity.status == Activity.Status.DONE:
        return
    n = event.participations.filter(attended=True).count()
    report = _("Проведено %(d)s: %(k)s «%(t)s», присутствовали %(n)s.") % {
        "d": ru_date(event.date), "k": str(event.kind).lower(), "t": event.topic, "n": n}
    if event.result:
        report += " " + event.result
    if roadmap_access.can_manage(actor, activity.roadmap):
        roadmap_services.file_progress(actor=actor, activity=activity, status=Activity.Status.DONE, percent=100,
                                       report=report, completed_on=min(event.date, today))


@transaction.atomic
def set_participation(*, actor, participation: Participation, attended: bool | None) -> Participation:
    """One participant's attendance (the API's PATCH): the same consequences as marking the whole list."""
    event = participation.event
    require(access.can_manage_event(actor, event), _("Посещаемость отмечает организатор мероприятия."))
    if attended and event.date > timezone.localdate():
        raise ValidationError({"attended": _("Посещаемость отмечается после мероприятия (дата — %(d)s).") % {
            "d": ru_date(event.date)}})
    participation.attended = attended
    participation.save(update_fields=["attended", "updated_at"])
    if attended and not event.is_held:
        event.status = Event.Status.HELD
        event.save(update_fields=["status", "updated_at"])
    if event.is_held:
        _event_consequences(actor, event)
    return participation


@transaction.atomic
def cancel_event(*, actor, event: Event, reason: str) -> Event:
    require(access.can_manage_event(actor, event), _("Вы не можете менять это мероприятие."))
    if not (reason or "").strip():
        raise ValidationError({"result": _("Укажите причину отмены.")})
    if event.is_held:
        raise ValidationError({"result": _("Проведённое мероприятие отменить нельзя.")})
    event.status, event.result = Event.Status.CANCELLED, reason.strip()
    with set_actor(actor):
        event.save(update_fields=["status", "result", "updated_at"])
    return event


@transaction.atomic
def record_feedback(*, actor, participation: Participation, rating: int | None, comment: str) -> Participation:
    require(access.can_record_feedback(actor, participation),
             _("Отзыв записывает директор участника или организатор."))
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Оценка — от 1 до 5.")})
    if not participation.attended:
        raise ValidationError({"rating": _("Отзыв оставляют о мероприятии, на котором педагог был.")})
    participation.rating, participation.comment, participation.feedback_by = rating, (comment or "").strip(), actor
    participation.save(update_fields=["rating", "comment", "feedback_by", "updated_at"])
    return participation


@transaction.atomic
def add_participants(*, actor, event: Event, teachers) -> int:
    """Participants added to an event (e.g. from a file): teachers of its target schools; those already there kept."""
    require(access.can_manage_event(actor, event), _("Участников добавляет организатор мероприятия."))
    targets = set(event.target_schools.values_list("pk", flat=True))
    teachers = list(teachers)
    if any(t.school_id not in targets for t in teachers):
        raise ValidationError({"participants": _("Участники — педагоги школ, для которых проводится мероприятие.")})
    existing = set(event.participations.values_list("teacher_id", flat=True))
    new = [Participation(event=event, teacher=t) for t in teachers if t.pk not in existing]
    Participation.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def add_material(*, actor, event: Event, title: str, upload=None, url: str = "") -> EventMaterial:
    require(access.can_manage_event(actor, event), _("Материалы добавляет организатор мероприятия."))
    errors = {}
    if not upload and not url:
        errors["url"] = _("Приложите файл или укажите ссылку.")
    if upload:
        try:
            check_file(upload)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if errors:
        raise ValidationError(errors)
    material = EventMaterial(event=event, title=(title or "").strip() or (upload.name if upload else url), url=url)
    if upload:
        material.file.save(upload.name, upload, save=False)
    material.save()
    return material


# ---- mentoring pairs ------------------------------------------------------------------------------------------


@transaction.atomic
def save_pair(*, actor, pair: MentoringPair, data: dict) -> MentoringPair:
    if pair.pk is not None:
        require(access.can_manage_pair(actor, pair), _("Вы не можете менять эту пару."))
    else:
        require(access.can_log_pairs(actor), _("Пары вносят методисты и сотрудники школ-лидеров."))
    mentor, mentee, agreement = data.get("mentor"), data.get("mentee"), data.get("agreement")
    errors = {}
    if mentor is None:
        errors["mentor"] = _("Выберите наставника.")
    if mentee is None:
        errors["mentee"] = _("Выберите наставляемого.")
    if mentor is not None and mentee is not None:
        if mentor.pk == mentee.pk:
            errors["mentee"] = _("Наставник и наставляемый — разные педагоги.")
        else:
            problem = access.pair_allowed(actor, mentor=mentor, mentee=mentee, agreement=agreement)
            if problem == "agreement":
                errors["agreement"] = _("Выберите действующее соглашение своей школы-лидера.")
            elif problem == "mentor":
                errors["mentor"] = _("Наставник — педагог школы-лидера этого соглашения.")
            elif problem == "mentee":
                errors["mentee"] = _("Наставляемый — педагог школы, которую сопровождают по соглашению.")
    start, end = data.get("start"), data.get("end")
    if start is None:
        errors["start"] = _("Укажите начало.")
    if end is None:
        errors["end"] = _("Укажите окончание.")
    elif start is not None and end < start:
        errors["end"] = _("Окончание не может быть раньше начала.")
    if errors:
        raise ValidationError(errors)
    for name in ("role", "mentor", "mentee", "agreement", "form", "subject", "goals", "start", "end",
                 "planned_meetings", "status", "outcome"):
        if name in data:
            setattr(pair, name, data[name])
    if pair.pk is None:
        pair.created_by = actor
    with set_actor(actor):
        pair.save()
    return pair


@transaction.atomic
def add_meeting(*, actor, pair: MentoringPair, date: datetime.date, topic: str, notes: str = "") -> MentoringMeeting:
    require(access.can_manage_pair(actor, pair), _("Встречи записывает тот, кто ведёт пару."))
    errors = {}
    if not (topic or "").strip():
        errors["topic"] = _("Укажите тему встречи.")
    if date is None:
        errors["date"] = _("Укажите дату.")
    elif date > timezone.localdate():
        errors["date"] = _("Встреча в журнале — уже прошедшая; дата не может быть в будущем.")
    if errors:
        raise ValidationError(errors)
    return MentoringMeeting.objects.create(pair=pair, date=date, topic=topic.strip(), notes=notes or "")


# ---- diagnostics ------------------------------------------------------------------------------------------------


def diagnostic_problems(instrument, scores: dict) -> dict:
    """scores: {competence: score}; every competence of the instrument, each inside its scale."""
    errors = {}
    competences = list(instrument.competences.all())
    missing = [c.name for c in competences if scores.get(c) is None]
    if missing:
        errors["scores"] = _("Нет баллов по компетенциям: %(c)s.") % {"c": ", ".join(missing)}
    for competence, score in scores.items():
        if competence.instrument_id != instrument.pk:
            errors["scores"] = _("Компетенция «%(c)s» не из этого инструмента.") % {"c": competence.name}
        elif score is not None and not instrument.scale_min <= score <= instrument.scale_max:
            errors["scores"] = _("Балл по «%(c)s» — от %(a)s до %(b)s.") % {
                "c": competence.name, "a": instrument.scale_min, "b": instrument.scale_max}
    return errors


@transaction.atomic
def save_diagnostic(*, actor, teacher: Teacher, instrument, date: datetime.date, scores: dict,
                    conducted_by: str = "", notes: str = "") -> Diagnostic:
    """A diagnostic with its per-competence scores; the deficits are the scores under the instrument's threshold.
    The same teacher, instrument and date again replaces that diagnostic's scores (a corrected entry)."""
    require(access.can_edit_teacher(actor, teacher), _("Диагностику вносят директор школы педагога и методист."))
    errors = diagnostic_problems(instrument, scores)
    if date is None:
        errors["date"] = _("Укажите дату диагностики.")
    elif date > timezone.localdate():
        errors["date"] = _("Дата диагностики не может быть в будущем.")
    if errors:
        raise ValidationError(errors)
    diagnostic, _created = Diagnostic.objects.update_or_create(
        teacher=teacher, instrument=instrument, date=date,
        defaults={"conducted_by": conducted_by or "", "notes": notes or "", "created_by": actor})
    diagnostic.scores.all().delete()
    DiagnosticScore.objects.bulk_create([
        DiagnosticScore(diagnostic=diagnostic, competence=c, score=s, is_deficit=s < instrument.deficit_below)
        for c, s in scores.items()])
    return diagnostic


# ---- development routes ------------------------------------------------------------------------------------------


@transaction.atomic
def save_route(*, actor, route: DevelopmentRoute, data: dict, deficits=()) -> DevelopmentRoute:
    teacher = data.get("teacher") or route.teacher
    require(access.can_edit_teacher(actor, teacher), _("Маршрут составляют директор школы педагога и методист."))
    errors = {}
    start, end = data.get("start"), data.get("end")
    if start is None:
        errors["start"] = _("Укажите начало.")
    if end is None:
        errors["end"] = _("Укажите окончание.")
    elif start and end < start:
        errors["end"] = _("Окончание не может быть раньше начала.")
    if errors:
        raise ValidationError(errors)
    route.teacher, route.start, route.end, route.goal = teacher, start, end, data.get("goal", "") or ""
    if route.pk is None:
        route.created_by = actor
    route.save()
    route.deficits.set(list(deficits))
    return route


def _item_done_on(item: RouteItem) -> datetime.date | None:
    """The day a linked item was done by itself: the event the teacher attended, the course completed."""
    teacher_id = item.route.teacher_id
    if item.event_id and Participation.objects.filter(event_id=item.event_id, teacher_id=teacher_id,
                                                      attended=True).exists():
        return item.event.date
    if item.course_id and item.course.completed:
        return item.course.end
    return None


@transaction.atomic
def save_route_item(*, actor, item: RouteItem, data: dict) -> RouteItem:
    route = data.get("route") or item.route
    require(access.can_edit_teacher(actor, route.teacher), _("Маршрут меняют директор школы педагога и методист."))
    errors = {}
    if not (data.get("title") or "").strip():
        errors["title"] = _("Опишите пункт маршрута.")
    due = data.get("due")
    if due is None:
        errors["due"] = _("Укажите срок.")
    elif not route.start <= due <= route.end:
        errors["due"] = _("Срок — внутри периода маршрута (%(a)s–%(b)s).") % {"a": ru_date(route.start),
                                                                            "b": ru_date(route.end)}
    course, event, pair = data.get("course"), data.get("event"), data.get("pair")
    if course is not None and course.teacher_id != route.teacher_id:
        errors["course"] = _("Курс другого педагога.")
    if pair is not None and pair.mentee_id != route.teacher_id:
        errors["pair"] = _("Пара, в которой педагог не наставляемый.")
    if event is not None and not access.can_view_event(actor, event):
        errors["event"] = _("Мероприятие не найдено.")
    if errors:
        raise ValidationError(errors)
    item.route = route
    for name in ("kind", "title", "due", "status", "course", "event", "pair"):
        if name in data:
            setattr(item, name, data[name])
    item.title = item.title.strip()
    if item.status == RouteItem.Status.DONE and not item.done_on:
        item.done_on = timezone.localdate()
    elif item.status != RouteItem.Status.DONE:
        item.done_on = None
    item.save()
    done_on = _item_done_on(item) if item.status != RouteItem.Status.DONE else None
    if done_on is not None:
        item.status, item.done_on = RouteItem.Status.DONE, done_on
        item.save(update_fields=["status", "done_on", "updated_at"])
    return item


# ---- courses and communities --------------------------------------------------------------------------------------


@transaction.atomic
def save_course(*, actor, course: Course, data: dict) -> Course:
    teacher = data.get("teacher") or course.teacher
    require(access.can_edit_teacher(actor, teacher), _("Курсы вносят директор школы педагога и методист."))
    errors = {}
    for name, message in (("title", _("Укажите программу.")), ("provider", _("Укажите организацию."))):
        if not (data.get(name) or "").strip():
            errors[name] = message
    if not data.get("hours"):
        errors["hours"] = _("Укажите число часов (больше нуля).")
    start, end = data.get("start"), data.get("end")
    if start is None:
        errors["start"] = _("Укажите начало.")
    if end is None:
        errors["end"] = _("Укажите окончание.")
    elif start and end < start:
        errors["end"] = _("Окончание не может быть раньше начала.")
    if data.get("certificate"):
        try:
            check_file(data["certificate"])
        except ValidationError as exc:
            errors["certificate"] = exc.messages
    if errors:
        raise ValidationError(errors)
    course.teacher = teacher
    for name in ("title", "provider", "hours", "start", "end", "topic_area", "completed"):
        if name in data:
            setattr(course, name, data[name])
    if course.pk is None:
        course.created_by = actor
    upload = data.get("certificate")
    if upload:
        course.certificate.save(upload.name, upload, save=False)
    course.save()
    if course.completed:  # the route items of this course are done
        RouteItem.objects.filter(course=course).exclude(status=RouteItem.Status.DONE).update(
            status=RouteItem.Status.DONE, done_on=course.end, updated_at=timezone.now())
    return course


@transaction.atomic
def save_community(*, actor, community: Community, data: dict, members=()) -> Community:
    municipality = data.get("municipality") or (community.municipality if community.pk else None)
    if community.pk is not None:
        require(access.can_manage_community(actor, community), _("Сообщества ведут методисты муниципалитета."))
    require(municipality is not None and access.can_edit_rule(actor, municipality.pk),
             _("Сообщества ведут методисты муниципалитета."))
    errors = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = _("Укажите название.")
    elif Community.objects.filter(municipality=municipality, name=name).exclude(pk=community.pk).exists():
        errors["name"] = _("Сообщество с таким названием в муниципалитете уже есть.")
    members = list(members)
    if any(t.school.municipality_id != municipality.pk for t in members):
        errors["members"] = _("Участники — педагоги школ муниципалитета.")
    if errors:
        raise ValidationError(errors)
    community.municipality, community.name = municipality, name
    for field_name in ("kind", "subject", "leader", "description"):
        if field_name in data:
            setattr(community, field_name, data[field_name])
    community.save()
    community.members.set(members)
    return community


@transaction.atomic
def add_community_meeting(*, actor, community: Community, date, topic: str, participants: int = 0) -> CommunityMeeting:
    require(access.can_manage_community(actor, community), _("Заседания записывают методисты муниципалитета."))
    if not (topic or "").strip():
        raise ValidationError({"topic": _("Укажите тему заседания.")})
    if date is None:
        raise ValidationError({"date": _("Укажите дату.")})
    return CommunityMeeting.objects.create(community=community, date=date, topic=topic.strip(),
                                           participants=participants or 0)
