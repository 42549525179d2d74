"""Two-phase import: every row is validated first (nothing is written if any row is wrong), then the
changes are applied set-wise in one short transaction. Importing the same file twice changes nothing."""

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import limits
from ..formats import parse_school_year
from ..validators import control_character, control_character_message
from .readers import ImportFileError, Table, normalize_header, read_table

MAX_STORED_ERRORS = 1000
MAX_PREVIEW_ROWS = 500
ERROR_VALUE_CHARS = 200  # an erroneous cell is kept in the job and shown by its start


@dataclass(frozen=True)
class Column:
    header: str  # Russian header as in the template
    field: str  # model field (or a key the importer understands)
    type: str = "text"  # text, int, decimal, email, url, choice, bool, year, ref
    required: bool = False
    choices: tuple = ()  # (value, label) for "choice"
    help: str = ""
    example: str = ""


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class Plan:
    """The outcome of validation: what would be created and updated, and every error."""

    create: list = field(default_factory=list)  # unsaved instances
    update: list = field(default_factory=list)  # (instance, {field: (old, new)})
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        return {"total": self.total, "created": len(self.create), "updated": len(self.update),
                "unchanged": self.unchanged, "errors": len(self.errors)}


# a number as people and spreadsheets write it: 12, -3, 12,5, 0.25, 1E-05 (a short exponent only)
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d{1,2})?")
MAX_NUMBER = Decimal("1E15")


def parse_number(raw, message: str) -> Decimal:
    """A cell → Decimal, with bounds checked before any arithmetic: `1E+5000000`, `Infinity`, `sNaN`, `1E+50000`
    and 40-digit numbers are refused (ValueError with a Russian message, a row error), never computed with."""
    if isinstance(raw, bool):
        raise ValueError(message)
    if isinstance(raw, int | float):  # a number cell of a workbook
        if not math.isfinite(raw) or abs(raw) >= MAX_NUMBER:
            raise ValueError(_("Слишком большое число."))
        return Decimal(int(raw)) if float(raw).is_integer() else Decimal(repr(float(raw)))
    text = _text(raw).replace(" ", "")
    if len(text) > 40 or not _NUMBER.fullmatch(text):
        raise ValueError(message)
    value = Decimal(text.replace(",", "."))
    if value and value.adjusted() >= 15:
        raise ValueError(_("Слишком большое число."))
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value).replace("\u00a0", " ")).strip()


class Importer:
    """One kind of import. Subclasses declare columns and how rows map onto objects."""

    kind = ""
    title = ""
    model: type[models.Model]
    columns: tuple[Column, ...] = ()
    update_fields: tuple[str, ...] = ()  # fields compared and updated on existing objects
    allow_extra_columns = False  # e.g. per-task columns of a ВПР export
    mappable = False  # the user may tell which file column holds which field

    # A targeted kind loads into one object chosen where the upload starts (a roadmap, an event): it is not offered
    # on the general import page. It declares the target's model, the key of the target's id in `options` (filled
    # by the target's page through `target_options` and by `manage.py import_file --target ID`) and the target named
    # in words for messages; `may_load_into` says who may load into it. Every row is refused, and nothing written,
    # when the target is missing, not the uploader's or in a state that takes no file (`target_problem`).
    targeted = False  # set for a kind that declares `target_model`
    target_model: type[models.Model] | None = None
    target_option = ""  # e.g. "roadmap"
    target_label = ""  # e.g. «дорожная карта»
    target_missing = ""  # the refusal when the target is not found
    target_refused = ""  # the refusal when the uploader may not load into it

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.target_model is not None:
            cls.targeted = True

    def __init__(self, mapping: dict[str, str] | None = None, options: dict | None = None):
        # our header → the file's header, for files whose headers differ
        self.mapping = {k: v for k, v in (mapping or {}).items() if v}
        self.options = dict(options or {})

    # ---- the target of a targeted kind ---------------------------------------------------------------

    @classmethod
    def target_options(cls, target) -> dict:
        """The job's `options` that name `target` (the page that starts the upload passes them)."""
        return {cls.target_option: target.pk}

    def target_queryset(self):
        return self.target_model._default_manager.all()

    def target(self):
        """The object the rows go into (None: not found, or the kind is not targeted); read once."""
        if not hasattr(self, "_target"):
            pk = self.options.get(self.target_option) if self.target_model is not None else None
            self._target = self.target_queryset().filter(pk=pk).first() if pk else None
        return self._target

    def may_load_into(self, user, target) -> bool:
        """Whether `user` may load rows into `target` (the kind's own rule; the system, user None, always may)."""
        return False

    def target_state_problem(self, target) -> str | None:
        """Why the target takes no file in its present state (e.g. an approved roadmap), or None."""
        return None

    def target_problem(self, user) -> str | None:
        """Why nothing may be loaded into the target now, or None."""
        target = self.target()
        if target is None:
            return str(self.target_missing)
        if user is not None and not self.may_load_into(user, target):
            return str(self.target_refused)
        return self.target_state_problem(target)

    # ---- conversion of one cell ----------------------------------------------------------------

    def convert(self, column: Column, raw):
        """Cell → Python value; ValueError with a Russian message when the value is wrong."""
        text = _text(raw)
        if text == "":
            if column.required:
                raise ValueError(_("Обязательное поле не заполнено."))
            return None
        char = control_character(text)
        if char is not None:
            raise ValueError(control_character_message(char))
        if len(text) > (bound := self.text_bound(column)):
            raise ValueError(_("Не больше %(limit)s символов, в ячейке %(length)s.") % {
                "limit": bound, "length": len(text)})
        if column.type == "int":
            value = parse_number(raw, _("Ожидается целое число."))
            if value != value.to_integral_value():
                raise ValueError(_("Ожидается целое число, а не дробное."))
            if value < 0:
                raise ValueError(_("Число не может быть отрицательным."))
            return int(value)
        if column.type == "decimal":
            return parse_number(raw, _("Ожидается число (дробная часть — через запятую)."))
        if column.type == "choice":
            wanted = normalize_header(text)
            for value, label in column.choices:
                if wanted in (normalize_header(label), normalize_header(value)):
                    return value
            raise ValueError(_("Недопустимое значение. Допустимые: %(v)s.") % {
                "v": ", ".join(str(label) for _v, label in column.choices)})
        if column.type == "bool":
            lowered = text.lower()
            if lowered in ("да", "1", "true", "yes", "+"):
                return True
            if lowered in ("нет", "0", "false", "no", "-"):
                return False
            raise ValueError(_("Ожидается «да» или «нет»."))
        if column.type == "email":
            try:
                EmailValidator()(text)
            except ValidationError:
                raise ValueError(_("Неверный адрес электронной почты.")) from None
            return text.lower()
        if column.type == "url":
            url = text if "://" in text else f"https://{text}"
            try:
                URLValidator()(url)
            except ValidationError:
                raise ValueError(_("Неверный адрес сайта.")) from None
            return url
        if column.type == "year":
            try:
                return parse_school_year(text)
            except ValueError:
                raise ValueError(_("Учебный год записывается как 2024/2025.")) from None
        return text

    def text_bound(self, column: Column) -> int:
        """The longest cell the column takes: its model field's `max_length`, else a long text (core/limits.py)."""
        try:
            bound = self.model._meta.get_field(column.field).max_length
        except (AttributeError, FieldDoesNotExist):  # a key the importer understands, not a field of its model
            bound = None
        return bound or limits.LONG_TEXT

    # ---- the kind's own rules ----------------------------------------------------------------

    def prepare(self, rows: list[dict], user) -> None:
        """Load what rows refer to (municipalities, schools, existing objects) set-wise."""

    def key(self, values: dict):
        """The natural key of a row."""
        raise NotImplementedError

    def build(self, values: dict, row: int, user) -> tuple[models.Model | None, list[tuple[str, str]]]:
        """An object (new or existing, with new values set) or errors [(column header, message)]."""
        raise NotImplementedError

    def describe(self, obj) -> str:
        return str(obj)

    # ---- the two phases --------------------------------------------------------------------

    def read(self, file, filename: str) -> Table:
        table = read_table(file, filename, required_headers=[c.header for c in self.columns if c.required],
                           aliases=self.mapping)
        known = {normalize_header(self.mapping.get(c.header, c.header)) for c in self.columns}
        unknown = [h for h in table.header if h and normalize_header(h) not in known]
        if unknown and not self.allow_extra_columns:
            raise ImportFileError(_("В файле есть неизвестные столбцы: %(cols)s. Скачайте шаблон и сверьте "
                                    "названия столбцов.") % {"cols": ", ".join(f"«{h}»" for h in unknown)})
        return table

    def validate(self, table: Table, user, progress=lambda done, total: None) -> Plan:
        if self.targeted and (problem := self.target_problem(user)):  # one message for the file, no row read
            plan = Plan(total=len(table.rows))
            plan.errors.append(RowError(row=table.header_row, column="", value="", message=problem))
            return plan
        plan = Plan(total=len(table.rows))
        positions = self.positions(table)
        parsed: list[tuple[int, dict]] = []
        for row_number, cells in table.rows:
            values, failed = {}, False
            for column in self.columns:
                index = positions.get(column.header)
                raw = cells[index] if index is not None and index < len(cells) else None
                try:
                    values[column.field] = self.convert(column, raw)
                except ValueError as exc:
                    failed = True
                    self._error(plan, row_number, column.header, raw, str(exc))
                except ArithmeticError:  # a kind's own arithmetic on a cell: a row message, never a traceback
                    failed = True
                    self._error(plan, row_number, column.header, raw, _("Недопустимое число."))
            if not failed:
                parsed.append((row_number, values))
        self.prepare([v for _r, v in parsed], user)
        seen: dict = {}
        for i, (row_number, values) in enumerate(parsed):
            key = self.key(values)
            if key in seen:
                self._error(plan, row_number, self.columns[0].header, self._key_text(key),
                            _("Повтор: эта запись уже есть в строке %(row)s файла.") % {"row": seen[key]})
                continue
            seen[key] = row_number
            obj, errors = self.build(values, row_number, user)
            for header, message in errors:
                self._error(plan, row_number, header, values.get(self._field_of(header)), message)
            if errors or obj is None:
                continue
            action = self._classify(plan, obj)
            if len(plan.preview) < MAX_PREVIEW_ROWS:
                plan.preview.append({"row": row_number, "action": action, "object": self.describe(obj)})
            if i % 500 == 0:
                progress(i, len(parsed))
        plan.errors.sort(key=lambda e: e.row)
        return plan

    def positions(self, table: Table) -> dict[str, int]:
        """Our column header → its index in the file (after the user's mapping)."""
        in_file = {normalize_header(h): i for i, h in enumerate(table.header)}
        out = {}
        for c in self.columns:
            index = in_file.get(normalize_header(self.mapping.get(c.header, c.header)))
            if index is not None:
                out[c.header] = index
        return out

    def _key_text(self, key) -> str:
        return " / ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)

    def _field_of(self, header: str) -> str:
        return next((c.field for c in self.columns if c.header == header), "")

    def _error(self, plan: Plan, row: int, column: str, value, message: str) -> None:
        text = _text(value)  # the job keeps its errors: an over-long cell is named by its start
        if len(text) > ERROR_VALUE_CHARS:
            text = text[:ERROR_VALUE_CHARS] + "…"
        plan.errors.append(RowError(row=row, column=column, value=text, message=message))

    def _classify(self, plan: Plan, obj) -> str:
        if obj.pk is None:
            plan.create.append(obj)
            return "create"
        changes = getattr(obj, "_import_changes", {})
        if changes:
            plan.update.append((obj, changes))
            return "update"
        plan.unchanged += 1
        return "unchanged"

    @staticmethod
    def assign(obj, values: dict, fields, *, keep_empty: bool = True) -> dict:
        """Set the new values on an object and remember what changed: {field: (old, new)}.

        keep_empty: an empty cell means "not given" — a new object keeps the default, an existing one its
        value. Aggregated imports replace whole results, so they pass keep_empty=False."""
        changes = {}
        for name in fields:
            if keep_empty and values.get(name) is None:
                continue
            new = values.get(name)
            old = getattr(obj, name) if obj.pk is not None else None
            if obj.pk is None or _differs(old, new):
                changes[name] = (old, new)
                setattr(obj, name, new)
        obj._import_changes = changes if obj.pk is not None else {}
        return changes

    @staticmethod
    def model_errors(obj, columns_by_field: dict, exclude=()) -> list[tuple[str, str]]:
        """The model's own field validators and clean(), mapped back to column headers."""
        try:
            obj.clean_fields(exclude=list(exclude))
            obj.clean()
        except ValidationError as exc:
            out = []
            for field_name, messages in exc.message_dict.items():
                header = columns_by_field.get(field_name, columns_by_field.get("__all__", ""))
                out.extend((header, m) for m in messages)
            return out
        return []

    @transaction.atomic
    def apply(self, plan: Plan, user) -> dict:
        if self.targeted and (problem := self.target_problem(user)):  # checked again: it may have changed meanwhile
            raise PermissionDenied(problem)
        model = self.model
        model.objects.bulk_create(plan.create, batch_size=1000)
        if plan.update:
            now = timezone.now()
            for obj, _changes in plan.update:
                obj.updated_at = now
            fields = sorted({f for _obj, changes in plan.update for f in changes} | {"updated_at"})
            model.objects.bulk_update([obj for obj, _c in plan.update], fields, batch_size=1000)
        self._audit(plan, user)
        return plan.summary()

    def _audit(self, plan: Plan, user) -> None:
        """django-auditlog does not see bulk writes: one entry per created or changed object, set-wise."""
        content_type = ContentType.objects.get_for_model(self.model)
        actor = user if user is not None and user.is_authenticated else None
        entries = []
        for obj in plan.create:
            entries.append(LogEntry(content_type=content_type, object_pk=str(obj.pk), object_id=obj.pk,
                                    object_repr=str(obj)[:200], action=LogEntry.Action.CREATE, actor=actor,
                                    changes={}, changes_text="", additional_data={"source": "import"}))
        for obj, changes in plan.update:
            entries.append(LogEntry(content_type=content_type, object_pk=str(obj.pk), object_id=obj.pk,
                                    object_repr=str(obj)[:200], action=LogEntry.Action.UPDATE, actor=actor,
                                    changes={k: [_audit_text(o), _audit_text(n)] for k, (o, n) in changes.items()},
                                    changes_text="", additional_data={"source": "import"}))
        LogEntry.objects.bulk_create(entries, batch_size=1000)


def _differs(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        try:
            return Decimal(str(old)) != Decimal(str(new))
        except (InvalidOperation, TypeError):
            return True
    return old != new


def _audit_text(value) -> str:
    return "None" if value is None else str(value)
