"""Writes of mentoring and tutoring pairs and their meetings."""

import datetime

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import require

from .. import access
from ..models import MentoringMeeting, MentoringPair
from .common import assign, past_day_problems, period_problems


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
    errors.update(period_problems(data.get("start"), data.get("end")))
    if errors:
        raise ValidationError(errors)
    assign(pair, data, ("role", "mentor", "mentee", "agreement", "form", "subject", "goals", "start", "end",
                        "planned_meetings", "status", "outcome"))
    if pair.pk is None:
        pair.created_by = actor
    with set_actor(actor):
        pair.save()
    return pair


@transaction.atomic
def add_meeting(*, actor, pair: MentoringPair, date: datetime.date, topic: str, notes: str = "") -> MentoringMeeting:
    require(access.can_manage_pair(actor, pair), _("Встречи записывает тот, кто ведёт пару."))
    errors = past_day_problems(date, missing=_("Укажите дату."),
                               future=_("Встреча в журнале — уже прошедшая; дата не может быть в будущем."))
    if not (topic or "").strip():
        errors["topic"] = _("Укажите тему встречи.")
    if errors:
        raise ValidationError(errors)
    return MentoringMeeting.objects.create(pair=pair, date=date, topic=topic.strip(), notes=notes or "")
