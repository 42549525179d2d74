"""The approval workflow: submit, return for rework, approve with an order (a revision keeps the approved plan),
open a new revision. Every transition is kept in WorkflowEvent."""

import datetime

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import limits
from core.formats import ru_date
from core.legal_orders import order_errors
from core.services import require

from .. import access, notify, snapshots
from ..models import Roadmap, RoadmapRevision, WorkflowEvent


def _event(roadmap, action, actor, comment=""):
    WorkflowEvent.objects.create(roadmap=roadmap, revision=roadmap.revision, action=action, actor=actor,
                                 comment=comment)


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
    limits.check_length("comment", comment, limits.COMMENT)
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
    _event(roadmap, WorkflowEvent.Action.REVISED, actor,
           limits.check_length("reason", (reason or "").strip(), limits.COMMENT))
    return roadmap
