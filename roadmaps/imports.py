"""Import kind `roadmap`: activities of one roadmap from an XLSX table laid out like the plan-graph export.

The header row is found by its names under the title and approval block; rows holding only a direction's name
(«Организационно-управленческое направление») group the activities below them, or a «Направление» column says
it per row. «№ п/п» is the key: a number already in the roadmap updates that activity, a new one adds it, so
importing the same file twice changes nothing. Only a draft or returned roadmap takes a file, as in the pages.
"""

import re

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import parse_date
from core.imports.base import Column, Importer
from core.imports.readers import normalize_header

from . import access
from .exports import SUFFIX
from .models import Activity, Direction, RiskFactor, Roadmap
from .services import activity_problems, renumber

DIRECTION = "Направление"


def _name_key(text) -> str:
    text = normalize_header(text)
    return re.sub(rf"\s*{SUFFIX}$", "", text).strip()


class RoadmapImporter(Importer):
    kind = "roadmap"
    title = gettext_lazy("Мероприятия дорожной карты (план-график)")
    model = Activity
    target_model = Roadmap
    target_option = "roadmap"
    target_label = gettext_lazy("дорожная карта")
    target_missing = gettext_lazy("Дорожная карта для загрузки не найдена.")
    target_refused = gettext_lazy("Вы не можете загружать мероприятия в эту дорожную карту.")
    columns = (
        Column("№ п/п", "number", "int", help="номер мероприятия; пусто — следующий по порядку", example="1"),
        Column("Мероприятие", "title", required=True, example="Методический семинар для учителей математики"),
        Column(DIRECTION, "direction", help="или строка с названием направления над мероприятиями",
               example="Информационно-методическое"),
        Column("Начало", "start", "date", required=True, example="01.10.2025"),
        Column("Срок исполнения", "due", "date", required=True, example="31.10.2025"),
        Column("Ответственные", "responsible_text", example="Заместитель директора по УВР"),
        Column("Исполнители", "executors", example="МБОУ СОШ № 4 (школа-лидер)"),
        Column("Ожидаемый результат", "expected_result", example="Не менее 10 учителей освоили приёмы"),
        Column("Целевой показатель", "indicator", example="Доля учителей, прошедших КПК"),
        Column("Целевое значение", "target_value", example="10 учителей"),
        Column("Фактор риска", "risk_factor", help="только в программе перехода школы"),
        Column("Статус", "status", "choice", choices=tuple(Activity.Status.choices)),
        Column("Выполнено, %", "percent", "int"),
    )
    update_fields = ("title", "direction_id", "risk_factor_id", "start", "due", "responsible_text", "executors",
                     "expected_result", "indicator", "target_value", "status", "percent")

    # ---- the target roadmap ------------------------------------------------------------------------

    def target_queryset(self):
        return Roadmap.objects.select_related("municipality", "school")

    def may_load_into(self, user, target) -> bool:
        return access.can_manage(user, target)

    def target_state_problem(self, roadmap) -> str | None:
        if not roadmap.is_editable:
            return _("Дорожная карта «%(t)s» %(s)s: план меняют в черновике — откройте новую редакцию.") % {
                "t": roadmap.title, "s": roadmap.get_status_display()}
        return None

    # ---- reading: direction rows become a column ---------------------------------------------------

    def read(self, file, filename):
        table = super().read(file, filename)
        names = [normalize_header(h) for h in table.header]
        if normalize_header(DIRECTION) in names:
            return table
        number = normalize_header("№ п/п")
        number_at = names.index(number) if number in names else 0
        title_at = names.index(normalize_header("Мероприятие"))
        rows, current = [], None
        for row_number, cells in table.rows:
            filled = [c for c in cells if c is not None and str(c).strip()]
            first = cells[number_at] if number_at < len(cells) else None
            is_group = (len(filled) == 1 and first is not None and str(first).strip()
                        and not str(first).strip().replace(".", "").isdigit()
                        and (title_at >= len(cells) or not cells[title_at]))
            if is_group:
                current = str(first).strip()
                continue
            rows.append((row_number, [*cells, *([None] * (len(table.header) - len(cells))), current]))
        table.header = [*table.header, DIRECTION]
        table.rows = rows
        return table

    def convert(self, column, raw):
        if column.type != "date":
            return super().convert(column, raw)
        if raw is None or not str(raw).strip():
            if column.required:
                raise ValueError(_("Обязательное поле не заполнено."))
            return None
        return parse_date(raw)

    # ---- validation ------------------------------------------------------------------------------

    def prepare(self, rows, user):
        roadmap = self.target()
        self.directions = {}
        for d in Direction.objects.all():
            self.directions[_name_key(d.name)] = d
            self.directions[_name_key(d.code)] = d
        self.factors = {_name_key(f.name): f for f in RiskFactor.objects.all()}
        self.existing = {a.number: a for a in roadmap.activities.all()}
        self.next_number = max([0, *self.existing, *[r["number"] or 0 for r in rows]]) + 1

    def key(self, values):
        return values["number"] if values["number"] else ("new", values["title"])

    def build(self, values, row, user):
        roadmap, errors = self.target(), []
        direction = self.directions.get(_name_key(values.get("direction") or ""))
        if direction is None:
            errors.append((DIRECTION, _("Неизвестное направление «%(d)s». Допустимые: %(all)s.") % {
                "d": values.get("direction") or "", "all": ", ".join(
                    d.name for d in Direction.objects.filter(is_active=True))} if values.get("direction") else
                _("Не указано направление: добавьте столбец «Направление» или строку с его названием над "
                  "мероприятиями.")))
        factor = None
        if values.get("risk_factor"):
            factor = self.factors.get(_name_key(values["risk_factor"]))
            if factor is None:
                errors.append(("Фактор риска", _("Неизвестный фактор риска: сверьте со справочником факторов.")))
        if errors:
            return None, errors
        number = values["number"]
        if not number:
            number, self.next_number = self.next_number, self.next_number + 1
        activity = self.existing.get(number) or Activity(roadmap=roadmap, number=number)
        activity.roadmap = roadmap  # the loaded instance: no query per row
        direction_chosen = activity.pk is None or activity.direction_id != direction.pk
        status = values.get("status") or activity.status or Activity.Status.PLANNED
        percent = values.get("percent")
        if status == Activity.Status.DONE:
            percent = 100
        fields = {"title": values["title"], "direction_id": direction.pk,
                  "risk_factor_id": factor.pk if factor else None, "start": values["start"], "due": values["due"],
                  "responsible_text": values.get("responsible_text") or "", "executors": values.get("executors") or "",
                  "expected_result": values.get("expected_result") or "", "indicator": values.get("indicator") or "",
                  "target_value": values.get("target_value") or "", "status": status,
                  "percent": percent if percent is not None else activity.percent}
        if activity.pk and activity.responsible_user_id and not fields["responsible_text"]:
            fields.pop("responsible_text")  # the named user stays responsible
        self.assign(activity, fields, list(fields), keep_empty=False)
        activity.direction = direction
        activity.risk_factor = factor
        by_field = {"start": "Начало", "due": "Срок исполнения", "risk_factor": "Фактор риска",
                    "percent": "Выполнено, %", "responsible_text": "Ответственные", "direction": DIRECTION,
                    "number": "№ п/п"}
        problems = activity_problems(activity, direction_chosen=direction_chosen)
        errors = [(by_field.get(field, "Мероприятие"), message) for field, message in problems.items()]
        errors += self.model_errors(activity, {**by_field, "title": "Мероприятие"},
                                    exclude=["roadmap", "responsible_user"])
        return (None, errors) if errors else (activity, [])

    def describe(self, obj):
        return f"{obj.number}. {obj.title}"

    def value_text(self, name, value):
        """A direction or risk factor by its name in the preview, not by its id."""
        if name in ("direction_id", "risk_factor_id") and value is not None:
            named = {o.pk: o.name for o in [*self.directions.values(), *self.factors.values()]
                     if isinstance(o, Direction if name == "direction_id" else RiskFactor)}
            return named.get(value, str(value))
        return super().value_text(name, value)

    @transaction.atomic
    def apply(self, plan, user):
        summary = super().apply(plan, user)  # the roadmap checked again first: it may have been submitted meanwhile
        renumber(self.target())  # numbers run in plan order, as in the pages (a file may add rows anywhere)
        return summary

