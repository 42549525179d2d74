"""Writes of events: the event with its schools, participants and attendance, feedback, materials, cancellation.

Attendance has consequences set here, once: the event is held, the route items linked to it are ticked off for the
teachers who attended, and the linked activity of a site's plan is under way with the attendance it gained
(roadmaps.services.record_linked_work; only a person marks it done).
"""

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access as scoping
from core.formats import ru_date
from core.services import require
from roadmaps import access as roadmap_access
from roadmaps import services as roadmap_services
from roadmaps.models import Activity, Level

from .. import access
from ..models import Event, EventMaterial, Participation, RouteItem
from ..selectors.activity_work import activity_reach
from .common import assign, file_problems


def _event_problems(actor, data: dict, target_schools, participants) -> dict:
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
    errors = _event_problems(actor, data, target_schools, participants)
    designation = data.get("designation")
    municipality = designation.school.municipality if designation is not None else data.get("municipality")
    if municipality is None and target_schools:
        municipality = target_schools[0].municipality
    if municipality is not None and not scoping.get_scope(actor).is_admin and designation is None and (
            municipality.pk not in scoping.get_scope(actor).methodologist_munis):
        errors["municipality"] = _("Выберите свой муниципалитет.")
    if errors:
        raise ValidationError(errors)
    assign(event, data, ("kind", "topic", "date", "time", "format", "place", "designation", "agreement",
                         "organiser_text", "activity", "result", "status"))
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


def _too_early(event: Event) -> ValidationError:
    return ValidationError({"attended": _("Посещаемость отмечается после мероприятия (дата — %(d)s).") % {
        "d": ru_date(event.date)}})


def _after_attendance(actor, event: Event, someone_attended: bool) -> None:
    """Someone attended: the event is held; a held event has its consequences (`_event_consequences`)."""
    if someone_attended and not event.is_held:
        event.status = Event.Status.HELD
        event.save(update_fields=["status", "updated_at"])
    if event.is_held:
        _event_consequences(actor, event)


def _mark_attendance(actor, event: Event, attended_ids: set) -> None:
    if event.date > timezone.localdate():
        if attended_ids:
            raise _too_early(event)
        return
    now = timezone.now()
    event.participations.filter(teacher_id__in=attended_ids).update(attended=True, updated_at=now)
    event.participations.exclude(teacher_id__in=attended_ids).update(attended=False, updated_at=now)
    _after_attendance(actor, event, bool(attended_ids))


@transaction.atomic
def mark_attendance(*, actor, event: Event, attended) -> Event:
    require(access.can_manage_event(actor, event), _("Посещаемость отмечает организатор мероприятия."))
    _mark_attendance(actor, event, set(attended))
    return event


def _event_consequences(actor, event: Event) -> None:
    """Route items linked to the event are done for those who attended; the plan's activity gains the event."""
    present = event.participations.filter(attended=True).values("teacher_id")
    RouteItem.objects.filter(event=event, route__teacher_id__in=present).exclude(
        status=RouteItem.Status.DONE).update(status=RouteItem.Status.DONE, done_on=event.date,
                                             updated_at=timezone.now())
    activity = event.activity
    # the plan's activity gains the event's attendance and, with a measurable target, its percent; a person closes it
    if activity is not None and activity.status in Activity.OPEN and roadmap_access.can_manage(actor, activity.roadmap):
        measured = roadmap_services.teacher_share_target(activity) is not None  # the reach's counts only then
        roadmap_services.record_linked_work(actor=actor, activity=activity,
                                            reach=activity_reach(activity) if measured else None)


@transaction.atomic
def set_participation(*, actor, participation: Participation, attended: bool | None) -> Participation:
    """One participant's attendance (the API's PATCH): the same consequences as marking the whole list."""
    event = participation.event
    require(access.can_manage_event(actor, event), _("Посещаемость отмечает организатор мероприятия."))
    if attended and event.date > timezone.localdate():
        raise _too_early(event)
    participation.attended = attended
    participation.save(update_fields=["attended", "updated_at"])
    _after_attendance(actor, event, bool(attended))
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
def record_feedbacks(*, actor, event: Event, rows) -> int:
    """Feedback on several participants of an event in one save, `rows` of (participation, rating, comment): all or
    nothing. Refused rows: ValidationError({participation pk: messages}), nothing written. The rows written."""
    errors = {}
    for participation, rating, comment in rows:
        if participation.event_id != event.pk:
            raise ValidationError(_("Участник записан на другое мероприятие."))
        try:
            record_feedback(actor=actor, participation=participation, rating=rating, comment=comment)
        except ValidationError as exc:
            errors[participation.pk] = exc.messages
    if errors:
        raise ValidationError(errors)
    return len(rows)


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
    errors = file_problems("file", upload)
    if not upload and not url:
        errors["url"] = _("Приложите файл или укажите ссылку.")
    if errors:
        raise ValidationError(errors)
    material = EventMaterial(event=event, title=(title or "").strip() or (upload.name if upload else url), url=url)
    if upload:
        material.file.save(upload.name, upload, save=False)
    material.save()
    return material
