"""Writes of partnerships: designations, agreements, their life cycle. Every rule answers in Russian.

Each write takes the acting user and checks its permission itself with the rules of `access`: a refusal by role
is `PermissionDenied`, a refusal by state or data is `ValidationError` (field → messages). The pages and the API
call these same functions.
"""

import datetime

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.selectors import member_emails
from core import limits
from core.formats import ru_date, school_year_of
from core.mail import send_after_commit
from core.services import require
from core.uploads import PDF_ONLY, check_file
from identification.models import SchoolStatus

from . import access
from .models import Agreement, Designation


def check_signed(upload, field: str) -> None:
    """A signed order or agreement: a PDF (by its content), size-limited; the refusal is shown at `field`."""
    try:
        check_file(upload, PDF_ONLY, wrong_kind=_("Загрузите подписанный документ в формате PDF."))
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None



def _save(obj, actor):
    obj.full_clean()
    with set_actor(actor):
        obj.save()
    return obj


def ensure_designation_editable(*, actor, designation: Designation) -> None:
    """The designation form may be opened and saved: by a methodologist of the school's municipality."""
    if designation.pk:
        require(access.can_edit_designation(actor, designation),
                 _("Статус изменяет методист муниципалитета школы."))
    else:
        require(access.can_manage_any(actor), _("Присваивать статусы может методист муниципалитета."))


def _designation_problems(designation: Designation, before: dict | None) -> dict:
    """Rules of a designation's data; `before` holds the stored school and head of an existing one (None: new).
    The head is one of the school's own staff; a designation with agreements keeps its school, and its period
    covers its active agreements (as an agreement's period must lie within its designation's)."""
    errors = {}
    if designation.end and designation.start and designation.end < designation.start:
        errors["end"] = _("Окончание не может быть раньше начала.")
    head_changed = before is None or (before["head_id"], before["school_id"]) != (designation.head_id,
                                                                                  designation.school_id)
    if (designation.head_id and designation.school_id and head_changed
            and not designation.head.memberships.filter(school_id=designation.school_id).exists()):
        errors["head"] = _("Руководителем площадки может быть только сотрудник этой школы с доступом к порталу.")
    if before is None:
        return errors
    if designation.school_id != before["school_id"] and designation.agreements.exists():
        errors["school"] = _("По статусу уже заключены соглашения: школу изменить нельзя.")
    if designation.start and designation.end and "end" not in errors:
        outside = designation.agreements.filter(state=Agreement.State.ACTIVE).filter(
            Q(start__lt=designation.start) | Q(end__gt=designation.end)).first()
        if outside:
            errors["start"] = _("Срок статуса должен покрывать действующее соглашение %(a)s: с %(s)s по %(e)s.") % {
                "a": outside, "s": ru_date(outside.start), "e": ru_date(outside.end)}
    return errors


@transaction.atomic
def save_designation(*, actor, designation: Designation, data: dict) -> Designation:
    ensure_designation_editable(actor=actor, designation=designation)
    before = ({"school_id": designation.school_id, "head_id": designation.head_id} if designation.pk else None)
    if data.get("order_document"):
        check_signed(data["order_document"], "order_document")
    for field, value in data.items():
        setattr(designation, field, value)
    if designation.school_id:
        require(access.can_manage_school(actor, designation.school),
                 _("Статусы школ присваивает методист муниципалитета школы."))
    errors = _designation_problems(designation, before)
    if errors:
        raise ValidationError(errors)
    return _save(designation, actor)


@transaction.atomic
def terminate_designation(*, actor, designation: Designation, reason: str, note: str, on: datetime.date):
    require(access.can_manage_designation(actor, designation),
             _("Прекратить статус может методист муниципалитета школы."))
    if not designation.is_active:
        raise ValidationError(_("Прекратить можно только действующий статус."))
    errors = {}
    if not reason:
        errors["termination_reason"] = _("Укажите причину досрочного прекращения.")
    # an early end lies inside the status's period and has happened (a later end is the order's own end date); a
    # status that has not begun yet (an order of August for September) is revoked on a day from its order to its start
    today = timezone.localdate()
    if designation.start > today:
        if on < designation.order_date:
            errors["terminated_on"] = _("Статус ещё не начался: дата прекращения — не раньше приказа о нём "
                                        "(%(d)s).") % {"d": ru_date(designation.order_date)}
        elif on > designation.start:
            errors["terminated_on"] = _("Статус начнётся %(d)s: дата прекращения — не позже этого дня.") % {
                "d": ru_date(designation.start)}
    elif on < designation.start:
        errors["terminated_on"] = _("Дата прекращения не может быть раньше начала статуса (%(d)s).") % {
            "d": ru_date(designation.start)}
    elif on > designation.end:
        errors["terminated_on"] = _("Дата прекращения позже окончания статуса (%(d)s): досрочное прекращение — "
                                    "до этой даты.") % {"d": ru_date(designation.end)}
    elif on > today:
        errors["terminated_on"] = _("Дата прекращения ещё не наступила: прекратите статус в этот день или позже.")
    if errors:
        raise ValidationError(errors)
    designation.state = Designation.State.TERMINATED
    designation.termination_reason, designation.termination_note, designation.terminated_on = reason, note, on
    with set_actor(actor):
        designation.save()
        designation.agreements.filter(state=Agreement.State.ACTIVE).update(
            state=Agreement.State.TERMINATED,
            termination_reason=_("Статус школы-лидера прекращён досрочно %(d)s.") % {"d": ru_date(on)})
    return designation


def agreement_problems(agreement: Agreement) -> dict:
    """The refusals for an agreement (the rules of docs/domain.md), as field → message."""
    errors = {}
    d, start, end = agreement.designation, agreement.start, agreement.end
    if start and end and end < start:
        errors["end"] = _("Окончание не может быть раньше начала.")
    if agreement.signed_on and not d.active_on(agreement.signed_on):
        errors["designation"] = _("У школы «%(school)s» нет действующего статуса «%(kind)s» на дату подписания "
                                  "%(day)s.") % {"school": d.school, "kind": d.kind.short_name,
                                                 "day": ru_date(agreement.signed_on)}
    if start and end and (start < d.start or end > d.end):
        errors["start"] = _("Срок соглашения должен лежать внутри срока статуса: с %(s)s по %(e)s.") % {
            "s": ru_date(d.start), "e": ru_date(d.end)}
    if agreement.supported_school_id == d.school_id:
        errors["supported_school"] = _("Школа не может сопровождать сама себя.")
    if start and end and agreement.supported_school_id:
        clash = Agreement.objects.filter(
            designation__school_id=d.school_id, supported_school_id=agreement.supported_school_id,
            state=Agreement.State.ACTIVE, start__lte=end, end__gte=start).exclude(pk=agreement.pk).first()
        if clash:
            errors["supported_school"] = _("У этих школ уже есть действующее соглашение на пересекающийся срок: "
                                           "%(a)s, с %(s)s по %(e)s.") % {"a": clash, "s": ru_date(clash.start),
                                                                          "e": ru_date(clash.end)}
    return errors


def status_warning(agreement: Agreement) -> str | None:
    """A warning, not a refusal: the supported school has no ШНОР/ШССУ status in the year of signing."""
    day = agreement.signed_on
    start_year = school_year_of(day)
    has = SchoolStatus.objects.filter(school_id=agreement.supported_school_id,
                                      school_year__start_year__in=(start_year, start_year - 1)).exists()
    if has:
        return None
    return _("У школы «%(s)s» нет текущего статуса ШНОР или ШССУ. Соглашение сохранено; проверьте, что "
             "сопровождение ей действительно нужно.") % {"s": agreement.supported_school}


def ensure_agreement_editable(*, actor, agreement: Agreement) -> None:
    """The agreement form may be opened and saved: by a methodologist of the leader school's municipality, and
    only while the agreement is a draft (an active one changes only by its life cycle)."""
    if not agreement.pk:
        require(access.can_manage_any(actor), _("Оформлять соглашения может методист муниципалитета."))
        return
    require(access.can_manage_agreement(actor, agreement),
             _("Соглашение ведёт методист муниципалитета школы-лидера."))
    if not agreement.is_draft:
        raise ValidationError(_("Изменять можно только черновик соглашения."))


def _stored_state(agreement: Agreement) -> str:
    """The state in the database, locked until the end of the transaction (an activation may be under way)."""
    return Agreement.objects.select_for_update().values_list("state", flat=True).get(pk=agreement.pk)


@transaction.atomic
def save_agreement(*, actor, agreement: Agreement, data: dict, activate: bool = False) -> tuple[Agreement, str | None]:
    """A new or draft agreement; `activate`: the signed PDF is there, bring it into force in the same step (by the
    rules of `activate_agreement`: a refusal leaves nothing written, not even the draft)."""
    ensure_agreement_editable(actor=actor, agreement=agreement)
    if agreement.pk and _stored_state(agreement) != Agreement.State.DRAFT:
        raise ValidationError(_("Изменять можно только черновик соглашения."))
    for field, value in data.items():
        setattr(agreement, field, value)
    if not agreement.designation_id:
        raise ValidationError({"designation": _("Выберите школу-лидера или площадку.")})
    require(access.can_manage_designation(actor, agreement.designation),
             _("Соглашения школы «%(s)s» оформляет методист её муниципалитета.") % {"s": agreement.designation.school})
    if agreement.supported_school_id:
        require(access.can_choose_partner(actor, agreement.supported_school),
                 _("Школа «%(s)s» вам недоступна.") % {"s": agreement.supported_school})
    if "document" in data and data["document"]:
        check_signed(data["document"], "document")
    errors = agreement_problems(agreement)
    if activate:
        errors = {**activation_problems(agreement), **errors}
    if errors:
        raise ValidationError(errors)
    _save(agreement, actor)
    if activate:
        activate_agreement(actor=actor, agreement=agreement)
    return agreement, status_warning(agreement)


def activation_problems(agreement: Agreement) -> dict:
    """What keeps a draft from coming into force besides `agreement_problems`: the signed PDF."""
    if not agreement.document:
        return {"document": _("Сначала загрузите подписанное соглашение (PDF): без него соглашение не вводят в "
                              "действие.")}
    return {}


@transaction.atomic
def activate_agreement(*, actor, agreement: Agreement) -> Agreement:
    require(access.can_manage_agreement(actor, agreement),
             _("Ввести соглашение в действие может методист муниципалитета школы-лидера."))
    if not agreement.is_draft:
        raise ValidationError(_("Ввести в действие можно только черновик."))
    errors = {**activation_problems(agreement), **agreement_problems(agreement)}
    if errors:
        raise ValidationError(errors)
    agreement.state = Agreement.State.ACTIVE
    with set_actor(actor):
        agreement.save()
    return agreement


@transaction.atomic
def terminate_agreement(*, actor, agreement: Agreement, reason: str) -> Agreement:
    require(access.can_manage_agreement(actor, agreement),
             _("Расторгнуть соглашение может методист муниципалитета школы-лидера."))
    if not agreement.is_active:
        raise ValidationError(_("Расторгнуть можно только действующее соглашение."))
    if len((reason or "").strip()) < 5:
        raise ValidationError({"termination_reason": _("Укажите причину расторжения.")})
    limits.check_length("termination_reason", reason.strip(), limits.COMMENT)
    agreement.state, agreement.termination_reason = Agreement.State.TERMINATED, reason.strip()
    with set_actor(actor):
        agreement.save()
    return agreement


def _methodologist_emails(municipality_id) -> set[str]:
    return member_emails(Q(role=Role.METHODOLOGIST, municipality_id=municipality_id))


@transaction.atomic
def run_lifecycle(*, today: datetime.date | None = None) -> dict:
    """Daily: end what is over; warn 30 days before an end (once). Idempotent — running twice changes nothing."""
    today = today or timezone.localdate()
    completed = Designation.objects.filter(state=Designation.State.ACTIVE, end__lt=today).update(
        state=Designation.State.COMPLETED)
    expired = Agreement.objects.filter(state=Agreement.State.ACTIVE, end__lt=today).update(
        state=Agreement.State.EXPIRED)
    horizon = today + datetime.timedelta(days=30)
    sent = 0
    for d in Designation.objects.filter(state=Designation.State.ACTIVE, end__gte=today, end__lte=horizon,
                                        end_notice_sent=False).select_related("school", "kind", "head"):
        to = set(_methodologist_emails(d.school.municipality_id)) | ({d.head.email} if d.head else set())
        send_after_commit(_("Через 30 дней заканчивается статус: %(d)s") % {"d": d},
                  _("Статус «%(kind)s» школы «%(school)s» (приказ № %(n)s от %(od)s) действует до %(end)s. "
                    "Подготовьте продление или отчёт.") % {"kind": d.kind.name, "school": d.school,
                                                          "n": d.order_number, "od": ru_date(d.order_date),
                                                          "end": ru_date(d.end)}, to)
        sent += 1
    Designation.objects.filter(state=Designation.State.ACTIVE, end__gte=today, end__lte=horizon).update(
        end_notice_sent=True)
    for a in Agreement.objects.filter(state=Agreement.State.ACTIVE, end__gte=today, end__lte=horizon,
                                      end_notice_sent=False).select_related("designation__school",
                                                                            "designation__head", "supported_school"):
        d = a.designation
        to = set(_methodologist_emails(d.school.municipality_id)) | ({d.head.email} if d.head else set())
        send_after_commit(_("Через 30 дней заканчивается соглашение %(a)s") % {"a": a},
                  _("Соглашение между «%(l)s» и «%(s)s» действует до %(end)s.") % {
                      "l": d.school, "s": a.supported_school, "end": ru_date(a.end)}, to)
        sent += 1
    Agreement.objects.filter(state=Agreement.State.ACTIVE, end__gte=today, end__lte=horizon).update(
        end_notice_sent=True)
    return {"completed": completed, "expired": expired, "notices": sent}
