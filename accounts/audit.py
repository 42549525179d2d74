"""Reading the audit log (django-auditlog) for a school: its own changes and its data's."""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schools.models import School, SchoolYearData, Teacher

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("создание"),
    LogEntry.Action.UPDATE: _("изменение"),
    LogEntry.Action.DELETE: _("удаление"),
    LogEntry.Action.ACCESS: _("просмотр"),
}


@dataclass
class AuditRow:
    entry: LogEntry
    what: str
    action: str
    changes: list[tuple[str, str, str]]  # (field label, old, new)


def _label_and_choices(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name, {}
    return str(field.verbose_name), {str(k): str(v) for k, v in (field.choices or [])}


def _display_changes(model, entry: LogEntry) -> list[tuple[str, str, str]]:
    """Field-level changes of an update with Russian labels, resolved without extra queries
    (auditlog's changes_display_dict fetches every related object)."""
    if entry.action != LogEntry.Action.UPDATE or model is None:
        return []
    rows = []
    for name, (old, new) in (entry.changes_dict or {}).items():
        label, choices = _label_and_choices(model, name)
        old, new = ("" if v in (None, "None") else choices.get(str(v), str(v)) for v in (old, new))
        rows.append((label, old, new))
    return rows


def school_audit_entries(school: School, *, limit: int = 50) -> list[AuditRow]:
    """Latest changes of the school, its yearly data and its teachers (teachers are deactivated,
    not deleted, in the UI, so their ids stay resolvable)."""
    types = ContentType.objects.get_for_models(School, SchoolYearData, Teacher)
    models_by_type = {ct.pk: model for model, ct in types.items()}
    yearly_ids = SchoolYearData.objects.filter(school=school).values("pk")
    teacher_ids = Teacher.objects.filter(school=school).values("pk")
    q = (
        Q(content_type=types[School], object_id=school.pk)
        | Q(content_type=types[SchoolYearData], object_id__in=yearly_ids)
        | Q(content_type=types[Teacher], object_id__in=teacher_ids)
    )
    entries = LogEntry.objects.filter(q).select_related("actor").order_by("-timestamp")[:limit]
    rows = []
    for e in entries:
        model = models_by_type.get(e.content_type_id)
        what = f"{model._meta.verbose_name} «{e.object_repr}»" if model else e.object_repr
        rows.append(AuditRow(entry=e, what=what, action=ACTION_LABELS.get(e.action, ""),
                             changes=_display_changes(model, e)))
    return rows
