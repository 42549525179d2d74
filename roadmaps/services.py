"""Writes of roadmaps: plans and activities, the approval workflow with revisions, progress filing, risk profiles,
the catalogues.

Every rule is checked here (views and API call the same functions) and answers in Russian: who may act is asked
of `access` (PermissionDenied, 403), what a state allows of the models' properties; every change of a status is
kept in WorkflowEvent (and the audit log).
"""

import datetime

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import ru_date
from core.legal_orders import order_errors
from core.models import CatalogueItem
from core.services import require
from core.uploads import check_file
from identification.models import SchoolStatus
from partnerships.models import Designation
from roadmaps.registries import report_section, report_sections

from . import access, notify, snapshots
from .catalogues import code_from_name
from .models import (
    Activity,
    Comment,
    Evidence,
    Level,
    ProgressReport,
    RiskProfile,
    RiskProfileItem,
    Roadmap,
    RoadmapRevision,
    WorkflowEvent,
)
from .periods import started


def _event(roadmap, action, actor, comment=""):
    WorkflowEvent.objects.create(roadmap=roadmap, revision=roadmap.revision, action=action, actor=actor,
                                 comment=comment)


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
    return Comment.objects.create(activity=activity, author=actor, text=text[:5000])


# ---- the workflow -----------------------------------------------------------------------------

@transaction.atomic
def submit(*, actor, roadmap: Roadmap) -> Roadmap:
    require(access.can_manage(actor, roadmap), _("Отправить на согласование может только составитель."))
    if not roadmap.is_editable:
        raise ValidationError(_("Отправить можно только черновик или возвращённую дорожную карту."))
    if not roadmap.activities.exists():
        raise ValidationError(_("В дорожной карте нет ни одного мероприятия."))
    roadmap.status = Roadmap.Status.SUBMITTED
    roadmap.submitted_by = actor
    with set_actor(actor):
        roadmap.save(update_fields=["status", "submitted_by", "updated_at"])
    _event(roadmap, WorkflowEvent.Action.SUBMITTED, actor)
    notify.submitted(roadmap, actor)
    return roadmap


@transaction.atomic
def return_for_rework(*, actor, roadmap: Roadmap, comment: str) -> Roadmap:
    require(access.can_review(actor, roadmap), _("Возвращать дорожную карту может проверяющий."))
    if not roadmap.is_submitted:
        raise ValidationError(_("Вернуть можно только дорожную карту, отправленную на согласование."))
    comment = (comment or "").strip()
    if len(comment) < 5:
        raise ValidationError({"comment": _("Напишите, что нужно доработать.")})
    roadmap.status = Roadmap.Status.RETURNED
    with set_actor(actor):
        roadmap.save(update_fields=["status", "updated_at"])
    _event(roadmap, WorkflowEvent.Action.RETURNED, actor, comment)
    notify.returned(roadmap, actor, comment)
    return roadmap


def require_approver(actor, roadmap: Roadmap) -> None:
    """The head of the roadmap's municipality (or an admin) — not the one who sent it (403 with the reason)."""
    require(access.approves_by_role(actor, roadmap), _("Утверждает начальник управления образования."))
    refusal = access.approval_refusal(actor, roadmap)
    require(not refusal, refusal)


@transaction.atomic
def approve(*, actor, roadmap: Roadmap, order_number: str, order_date: datetime.date) -> Roadmap:
    require_approver(actor, roadmap)
    if not roadmap.is_submitted:
        raise ValidationError(_("Утвердить можно только дорожную карту, отправленную на согласование."))
    errors = order_errors(order_number, order_date)
    if errors:
        raise ValidationError(errors)
    plan = snapshots.plan_of(roadmap)
    previous = roadmap.revisions.order_by("-number").first()
    RoadmapRevision.objects.create(roadmap=roadmap, number=roadmap.revision, snapshot=plan,
                                   changes=snapshots.changes(previous.snapshot if previous else None, plan),
                                   order_number=order_number.strip(), order_date=order_date, approved_by=actor)
    roadmap.status = Roadmap.Status.APPROVED
    roadmap.order_number, roadmap.order_date = order_number.strip(), order_date
    roadmap.approved_by, roadmap.approved_at = actor, timezone.now()
    with set_actor(actor):
        roadmap.save()
    _event(roadmap, WorkflowEvent.Action.APPROVED, actor, _("Приказ № %(n)s от %(d)s") % {
        "n": roadmap.order_number, "d": ru_date(order_date)})
    notify.approved(roadmap, actor)
    return roadmap


@transaction.atomic
def open_revision(*, actor, roadmap: Roadmap, reason: str = "") -> Roadmap:
    """An approved roadmap is never edited in place: changes go into a new revision that needs approval again
    (the approved one stays readable and in force until then)."""
    require(access.can_manage(actor, roadmap), _("Вносить изменения может только составитель."))
    if not roadmap.is_approved:
        raise ValidationError(_("Новую редакцию открывают только у утверждённой дорожной карты."))
    roadmap.status = Roadmap.Status.DRAFT
    roadmap.revision += 1
    with set_actor(actor):
        roadmap.save(update_fields=["status", "revision", "updated_at"])
    _event(roadmap, WorkflowEvent.Action.REVISED, actor, (reason or "").strip())
    return roadmap


# ---- progress reports ---------------------------------------------------------------------------

def reportable_periods(roadmap: Roadmap, today: datetime.date | None = None):
    """Periods a report may be saved for: those that have begun (a draft or returned one is changed on its page)."""
    today = today or timezone.localdate()
    return started(roadmap.period_start, roadmap.period_end, roadmap.report_period, today)


def unreported_periods(roadmap: Roadmap, today: datetime.date | None = None, begun=None, reports=None):
    """The periods a new report may be started for: begun and without a report (sent, draft or returned). A page that
    already holds the roadmap's begun periods or reports passes them (no second computation, no query)."""
    have = {r.period_start for r in reports} if reports is not None else set(
        roadmap.reports.values_list("period_start", flat=True))
    begun = begun if begun is not None else reportable_periods(roadmap, today)
    return [p for p in begun if p.start not in have]


@transaction.atomic
def save_report(*, actor, roadmap: Roadmap, period_start: datetime.date, summary: str) -> ProgressReport:
    require(access.can_manage(actor, roadmap), _("Отчёт подаёт тот, кто выполняет дорожную карту."))
    if not roadmap.revisions.exists():
        raise ValidationError(_("Отчёт о ходе выполнения подают по утверждённой дорожной карте."))
    period = next((p for p in reportable_periods(roadmap) if p.start == period_start), None)
    if period is None:
        raise ValidationError({"period": _("Выберите отчётный период, который уже начался.")})
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Опишите итоги периода.")})
    report = ProgressReport.objects.filter(roadmap=roadmap, period_start=period.start).first()
    if report and not report.is_editable:
        raise ValidationError(_("Отчёт за %(p)s уже отправлен; изменить можно только возвращённый.") % {
            "p": period.label})
    report = report or ProgressReport(roadmap=roadmap, period_start=period.start)
    report.period_end, report.label, report.summary = period.end, period.label, summary.strip()
    with set_actor(actor):
        report.save()
    return report


@transaction.atomic
def save_report_section(*, actor, report: ProgressReport, key: str, data) -> ProgressReport:
    """A part of the report that a higher app adds (core.registries.register_report_section), filed with the report
    by those who file it, while it may still be changed; the section's own form says what is wrong, at its fields."""
    require(access.can_manage(actor, report.roadmap), _("Отчёт подаёт тот, кто выполняет дорожную карту."))
    if not report.is_editable:
        raise ValidationError(_("Отчёт отправлен: изменить его можно, только если его вернут на доработку."))
    section = report_section(report, key)
    if section is None:
        raise ValidationError(_("В этом отчёте нет такого раздела."))
    form = section.form(report, data)
    if not form.is_valid():
        raise ValidationError(form.errors)
    with set_actor(actor):
        section.save(actor, report, form.cleaned_data)
        report.save(update_fields=["updated_at"])
    return report


def _activities_state(roadmap: Roadmap) -> list[dict]:
    today = timezone.localdate()
    return [{"number": a.number, "title": a.title, "status": a.get_status_display(), "percent": a.percent,
             "overdue": a.is_overdue(today), "due": ru_date(a.due), "report": a.report}
            for a in roadmap.activities.order_by("number")]


@transaction.atomic
def submit_report(*, actor, report: ProgressReport) -> ProgressReport:
    require(access.can_manage(actor, report.roadmap), _("Отчёт подаёт тот, кто выполняет дорожную карту."))
    if not report.is_editable:
        raise ValidationError(_("Этот отчёт уже отправлен."))
    missing = [problem for section in report_sections(report) for problem in section.problems(report)]
    if missing:
        raise ValidationError(missing)
    report.status = ProgressReport.Status.SUBMITTED
    report.snapshot = _activities_state(report.roadmap)
    report.submitted_by, report.submitted_at = actor, timezone.now()
    with set_actor(actor):
        report.save()
    notify.report_submitted(report, actor)
    return report


@transaction.atomic
def review_report(*, actor, report: ProgressReport, accept: bool, comment: str = "") -> ProgressReport:
    require(access.can_review(actor, report.roadmap), _("Отчёт проверяет методист."))
    refusal = access.report_review_refusal(actor, report)
    require(not refusal, refusal)
    if not report.is_submitted:
        raise ValidationError(_("Проверить можно только отправленный отчёт."))
    comment = (comment or "").strip()
    if not accept and len(comment) < 5:
        raise ValidationError({"comment": _("Напишите, что нужно доработать.")})
    report.status = ProgressReport.Status.ACCEPTED if accept else ProgressReport.Status.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_comment = actor, timezone.now(), comment
    with set_actor(actor):
        report.save()
    if accept:  # what the sections filed takes effect now (roadmaps/registries.py)
        for section in report_sections(report):
            if section.accepted is not None:
                section.accepted(actor, report)
    notify.report_reviewed(report, actor)
    return report


# ---- risk profiles -------------------------------------------------------------------------------

@transaction.atomic
def save_risk_profile(*, actor, school, school_year, items: dict[int, dict]) -> RiskProfile:
    """items: factor id → {relevant, level, measures}. A relevant factor needs its level."""
    if not access.can_edit_risk_profile(actor, school, school_year):
        raise PermissionDenied(_("Рисковый профиль меняют, пока программа школы — черновик или на доработке."))
    errors = {}
    for factor_id, item in items.items():
        if item.get("relevant") and not item.get("level"):
            errors[f"level_{factor_id}"] = _("Укажите уровень актуального фактора.")
    if errors:
        raise ValidationError(errors)
    profile, _created = RiskProfile.objects.get_or_create(school=school, school_year=school_year)
    existing = {i.factor_id: i for i in profile.items.all()}
    for factor_id, item in items.items():
        row = existing.get(factor_id) or RiskProfileItem(profile=profile, factor_id=factor_id)
        row.relevant = bool(item.get("relevant"))
        row.level = item.get("level") or "" if row.relevant else ""
        row.measures = (item.get("measures") or "").strip()
        row.save()
    with set_actor(actor):
        profile.save()  # updated_at and an audit entry for the profile
    return profile


# ---- catalogues ---------------------------------------------------------------------------------

@transaction.atomic
def save_catalogue_item(*, actor, item: CatalogueItem, data: dict) -> CatalogueItem:
    """A direction of work or a risk factor (new or changed; retired by `is_active`, never deleted): administrators
    (the catalogues are region-wide). Codes and names are unique within the catalogue."""
    require(access.can_manage_catalogues(actor),
             _("Справочники общие для всего региона: их ведёт администратор портала."))
    for field, value in data.items():
        setattr(item, field, value)
    others = type(item).objects.exclude(pk=item.pk)
    if not item.code:  # made from the name: users need not invent a Latin code
        item.code = code_from_name(item.name, taken=set(others.values_list("code", flat=True)))
    errors = {field: _("Такое значение уже есть в справочнике.") for field in ("code", "name")
              if others.filter(**{field: getattr(item, field)}).exists()}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), set_actor(actor):
            item.save()
    except IntegrityError:  # the same value saved meanwhile by someone else
        raise ValidationError(_("Не удалось сохранить: запись с таким кодом или названием уже есть.")) from None
    return item
