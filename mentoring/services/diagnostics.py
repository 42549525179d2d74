"""Writes of deficit diagnostics: the scores per competence, the deficits under the instrument's threshold."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import require
from schools.models import Teacher

from .. import access
from ..models import Diagnostic, DiagnosticScore
from .common import past_day_problems


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
    errors = diagnostic_problems(instrument, scores) | past_day_problems(
        date, missing=_("Укажите дату диагностики."), future=_("Дата диагностики не может быть в будущем."))
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
