"""Reading the audit log (django-auditlog) as rows a page can show: Russian field labels, old and new values."""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

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


def display_changes(model, entry: LogEntry) -> list[tuple[str, str, str]]:
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


def audit_rows(entries, models_by_type: dict) -> list[AuditRow]:
    """LogEntry rows → AuditRow, naming each object by its model's verbose name."""
    rows = []
    for e in entries:
        model = models_by_type.get(e.content_type_id)
        what = f"{model._meta.verbose_name} «{e.object_repr}»" if model else e.object_repr
        rows.append(AuditRow(entry=e, what=what, action=ACTION_LABELS.get(e.action, ""),
                             changes=display_changes(model, e)))
    return rows
