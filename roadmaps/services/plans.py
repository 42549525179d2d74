"""Writes of a roadmap's plan: the roadmap itself (owner, period, one per year) and its activities
(numbering in plan order, progress with evidence files, comments)."""

import datetime

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import limits
from core.formats import ru_date
from core.services import require
from core.uploads import check_file
from identification.models import SchoolStatus
from partnerships.models import Designation

from .. import access
from ..models import Activity, Comment, Evidence, Level, Roadmap

# ---- roadmaps ---------------------------------------------------------------------------------

def _derive_owner(roadmap: Roadmap) -> None:
    """A site plan belongs to its designation's school; a school's roadmap to the school's municipality."""
    if roadmap.level == Level.SITE and roadmap.designation_id:
        roadmap.school_id = roadmap.designation.school_id
    if roadmap.school_id:
        roadmap.municipality_id = roadmap.school.municipality_id


OWNER_FIELDS = {Level.MUNICIPAL: "municipality", Level.SCHOOL: "school", Level.SITE: "designation"}


def _owner_problems(roadmap: Roadmap) -> dict:
    """The constraint `roadmap_level_owner`: a municipal roadmap belongs to a municipality alone, a programme to a
    school, a site plan to a designation (and its school)."""
    needed = OWNER_FIELDS.get(roadmap.level)
    if needed is None:
        return {"level": _("Выберите уровень дорожной карты.")}
    messages = {"municipality": _("Выберите муниципалитет: муниципальная дорожная карта составляется для него."),
                "school": _("Выберите школу: программа перехода составляется для школы."),
                "designation": _("Выберите школу-лидера или площадку: план составляется для её статуса.")}
    if not getattr(roadmap, f"{needed}_id"):
        return {needed: messages[needed]}
    errors = {}
    if roadmap.level == Level.MUNICIPAL and (roadmap.school_id or roadmap.designation_id):
        errors["school"] = _("У муниципальной дорожной карты нет школы.")
    if roadmap.level == Level.SCHOOL and roadmap.designation_id:
        errors["designation"] = _("Программа перехода составляется для школы, а не для статуса площадки.")
    return errors


def roadmap_problems(roadmap: Roadmap) -> dict:
    errors = _owner_problems(roadmap)
    if errors:
        return errors
    if roadmap.period_start and roadmap.period_end and roadmap.period_end < roadmap.period_start:
        errors["period_end"] = _("Окончание периода не может быть раньше начала.")
    duplicate = Roadmap.objects.filter(level=roadmap.level, school_year_id=roadmap.school_year_id).exclude(
        pk=roadmap.pk)
    if roadmap.level == Level.MUNICIPAL:
        duplicate = duplicate.filter(municipality_id=roadmap.municipality_id)
    elif roadmap.level == Level.SCHOOL:
        duplicate = duplicate.filter(school_id=roadmap.school_id)
    else:
        duplicate = duplicate.filter(designation_id=roadmap.designation_id)
    if (not roadmap.pk and roadmap.level == Level.SITE and roadmap.designation_id
            and roadmap.designation.state != Designation.State.ACTIVE):
        errors["designation"] = _("Статус «%(d)s» не действует: план составляют только для действующего статуса.") % {
            "d": roadmap.designation.kind}
    if roadmap.school_year_id and duplicate.exists():
        errors["school_year"] = _("На этот учебный год такая дорожная карта уже есть: откройте её.")
    if roadmap.pk and roadmap.period_start and roadmap.period_end:
        outside = roadmap.activities.exclude(start__gte=roadmap.period_start, due__lte=roadmap.period_end).count()
        if outside:
            errors["period_start"] = _("Сроки %(n)s мероприятий выходят за новый период: сначала измените их.") % {
                "n": outside}
    return errors


@transaction.atomic
def save_roadmap(*, actor, roadmap: Roadmap, data: dict) -> Roadmap:
    if roadmap.pk:
        require(access.can_edit_plan(actor, roadmap),
                 _("Изменять можно только черновик или возвращённую на доработку дорожную карту."))
    for field, value in data.items():
        setattr(roadmap, field, value)
    _derive_owner(roadmap)
    if not roadmap.pk:
        if errors := _owner_problems(roadmap):  # nothing to ask the rules about yet
            raise ValidationError(errors)
        require(access.can_manage(actor, roadmap), _("Вы не можете составлять эту дорожную карту."))
        roadmap.created_by = actor
    errors = roadmap_problems(roadmap)
    if errors:
        raise ValidationError(errors)
    roadmap.full_clean()
    with set_actor(actor):
        roadmap.save()
    return roadmap


def status_warning(roadmap: Roadmap) -> str | None:
    """A warning, not a refusal: a programme is meant for a school with a ШНОР/ШССУ status (this or last year;
    lists are often approved after the school year starts)."""
    if not roadmap.is_programme:
        return None
    start = roadmap.school_year.start_year
    statuses = SchoolStatus.objects.filter(school_id=roadmap.school_id, school_year__start_year__in=(start, start - 1))
    if statuses.exists():
        return None
    return _("У школы «%(s)s» нет статуса ШНОР или ШССУ в %(y)s и предыдущем учебном году. Программа сохранена; "
             "проверьте, что она действительно нужна.") % {"s": roadmap.school, "y": roadmap.school_year}


def activity_problems(activity: Activity, *, direction_chosen: bool = True) -> dict:
    """direction_chosen: the direction is being set now (a retired one may stay on old activities only)."""
    errors = {}
    roadmap = activity.roadmap
    if activity.start and activity.due:
        if activity.due < activity.start:
            errors["due"] = _("Срок исполнения не может быть раньше начала.")
        elif activity.start < roadmap.period_start or activity.due > roadmap.period_end:
            errors["start"] = _("Сроки мероприятия должны лежать внутри периода дорожной карты: с %(s)s по %(e)s.") % {
                "s": ru_date(roadmap.period_start), "e": ru_date(roadmap.period_end)}
    if activity.risk_factor_id and not roadmap.is_programme:
        errors["risk_factor"] = _("Фактор риска указывают только в программе перехода школы.")
    if activity.direction_id and direction_chosen and not activity.direction.is_active:
        errors["direction"] = _("Направление «%(d)s» больше не используется.") % {"d": activity.direction}
    if activity.percent is not None and activity.percent > 100:
        errors["percent"] = _("Процент выполнения — от 0 до 100.")
    if not activity.responsible_user_id and not (activity.responsible_text or "").strip():
        errors["responsible_text"] = _("Укажите ответственного: пользователя портала или текстом.")
    return errors


def next_number(roadmap: Roadmap) -> int:
    return (roadmap.activities.aggregate(m=Max("number"))["m"] or 0) + 1


def renumber(roadmap: Roadmap, *, placed: Activity | None = None, place: int | None = None) -> None:
    """Number the plan's activities 1, 2, 3, … in plan order — by direction (the catalogue's order), then by their
    numbers — so that «№ п/п» runs down the table, the PDF and the export (which the import reads back) without a
    gap or a jump. `placed` takes number `place` within its direction, before the activity holding it; without a
    place it goes last in its direction. Only a plan being edited is renumbered (an approved one stays as approved).
    The unique `activity_number_unique` holds throughout: changed rows move out of the way first."""
    acts = list(roadmap.activities.select_related("direction").only(
        "pk", "number", "direction_id", "direction__ordering", "direction__name"))
    last = float("inf")

    def key(a):
        mine = placed is not None and a.pk == placed.pk
        hint = (place or last) if mine else a.number
        return (a.direction.ordering, a.direction.name, a.direction_id, hint, 0 if mine else 1, a.pk)

    changed = [(a, n) for n, a in enumerate(sorted(acts, key=key), start=1) if a.number != n]
    if changed:
        offset = max(a.number for a in acts) + len(acts) + 1
        Activity.objects.filter(pk__in=[a.pk for a, _n in changed]).update(number=F("number") + offset)
        for a, n in changed:
            a.number = n
        Activity.objects.bulk_update([a for a, _n in changed], ["number"])
    if placed is not None:
        placed.number = next(a.number for a in acts if a.pk == placed.pk)


@transaction.atomic
def save_activity(*, actor, activity: Activity, data: dict) -> Activity:
    """Plan fields of an activity: only while the roadmap is editable. A number typed in is the place wanted in the
    plan (within the activity's direction); the plan is numbered again in plan order (`renumber`)."""
    roadmap = activity.roadmap
    require(access.can_edit_plan(actor, roadmap),
             _("План утверждённой или отправленной дорожной карты не меняют: откройте новую редакцию."))
    direction_chosen = "direction" in data and (activity.pk is None or data["direction"].pk != activity.direction_id)
    moved = activity.pk is not None and "direction" in data and data["direction"].pk != activity.direction_id
    stored_number = activity.number
    data = dict(data)
    wanted = data.pop("number", None) or None
    for field, value in data.items():
        setattr(activity, field, value)
    if activity.pk is not None and wanted in (None, stored_number):
        place = None if moved else stored_number  # no new place asked for: it stays (or goes last in its new direction)
    else:
        place = wanted
    if activity.pk is None:
        activity.number = next_number(roadmap)  # for now: `renumber` gives it its place
    errors = activity_problems(activity, direction_chosen=direction_chosen)
    if errors:
        raise ValidationError(errors)
    activity.full_clean()
    with set_actor(actor):
        activity.save()
    renumber(roadmap, placed=activity, place=place)
    return activity


@transaction.atomic
def delete_activity(*, actor, activity: Activity) -> None:
    require(access.can_edit_plan(actor, activity.roadmap),
             _("Исключать мероприятия можно только из черновика или возвращённой дорожной карты."))
    roadmap = activity.roadmap
    with set_actor(actor):
        activity.delete()
    renumber(roadmap)


@transaction.atomic
def file_progress(*, actor, activity: Activity, status: str, percent: int, report: str,
                  completed_on: datetime.date | None = None, files=()) -> Activity:
    """Progress of one activity: at any time, by those who carry out the roadmap."""
    require(access.can_manage(actor, activity.roadmap), _("Вы не можете отмечать ход выполнения этой карты."))
    errors = {}
    if status not in Activity.Status.values:
        errors["status"] = _("Неизвестный статус.")
    if percent is None or not 0 <= percent <= 100:
        errors["percent"] = _("Процент выполнения — от 0 до 100.")
    if status == Activity.Status.DONE:
        percent = 100
        completed_on = completed_on or timezone.localdate()
        if not (report or "").strip() and not files and not activity.evidence.exists():
            errors["report"] = _("Для выполненного мероприятия опишите результат или приложите подтверждение.")
    elif status in (Activity.Status.NOT_DONE, Activity.Status.CANCELLED) and not (report or "").strip():
        errors["report"] = _("Объясните, почему мероприятие не выполнено или отменено.")
    else:
        completed_on = None
    if completed_on and completed_on > timezone.localdate():
        errors["completed_on"] = _("Дата выполнения не может быть в будущем.")
    for upload in files:
        try:
            check_file(upload)
        except ValidationError as exc:
            errors.setdefault("files", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    activity.status, activity.percent, activity.report, activity.completed_on = status, percent, report, completed_on
    with set_actor(actor):
        activity.save(update_fields=["status", "percent", "report", "completed_on", "updated_at"])
    for upload in files:
        add_evidence(actor=actor, activity=activity, upload=upload, checked=True)
    return activity


def add_evidence(*, actor, activity: Activity, upload, checked: bool = False) -> Evidence:
    require(access.can_manage(actor, activity.roadmap), _("Вы не можете прикладывать файлы к этой карте."))
    if not checked:
        check_file(upload)
    evidence = Evidence(activity=activity, original_name=upload.name[:255], uploaded_by=actor)
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    return evidence


def add_comment(*, actor, activity: Activity, text: str) -> Comment:
    require(access.can_comment(actor, activity.roadmap), _("Нет доступа."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Напишите комментарий.")})
    return Comment.objects.create(activity=activity, author=actor,
                                  text=limits.check_length("text", text, limits.COMMENT))
