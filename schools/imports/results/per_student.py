"""Per-student rows aggregated into school-level results (one AssessmentResult per school and grade): the base of
the ВПР export and the ОГЭ/ЕГЭ protocol kinds."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from core.imports.base import Importer, Plan
from core.imports.readers import ImportFileError, MissingAnswer

from ...models import AssessmentResult, Procedure
from . import cells as read
from .school_level import RESULT_FIELDS, ResultsLookupMixin


class AggregatingImporter(ResultsLookupMixin, Importer):
    """Per-student rows aggregated into school-level results (one AssessmentResult per school and grade)."""

    model = AssessmentResult
    update_fields = RESULT_FIELDS

    def student(self, values: dict, row: int, context: dict) -> tuple[tuple, dict]:
        """(group key, contribution) for one student row; ValueError(column, message) on bad input."""
        raise NotImplementedError

    def context(self, table) -> dict:
        return {}

    def validate(self, table, user, progress=lambda done, total: None) -> Plan:
        rows = [(n, cells) for n, cells in table.rows if not read.is_summary(cells)]
        plan = Plan(total=len(rows))
        try:
            context = self.context(table)
        except MissingAnswer:
            raise
        except ImportFileError as exc:
            self._error(plan, table.header_row, "", "", str(exc))
            return plan
        positions = self.positions(table)
        groups: dict[tuple, list] = defaultdict(list)
        first_row: dict[tuple, int] = {}
        objects: dict[tuple, tuple] = {}  # key of ids → the key with the school and subject objects
        students = []
        participants: dict[str, int] = {}  # participant code → the row it first stands in
        for row_number, cells in rows:
            raw = {c.header: (cells[positions[c.header]] if c.header in positions and positions[c.header] < len(cells)
                              else None) for c in self.columns}
            code = read.text_of(raw.get("Код участника"))
            if code:
                if code in participants:
                    self._error(plan, row_number, "Код участника", code, _(
                        "Участник с этим кодом уже есть в строке %(row)s файла: каждый участник — одна строка.") % {
                        "row": participants[code]})
                    continue
                participants[code] = row_number
            values, failed = {}, False
            for column in self.columns:
                try:
                    values[column.field] = self.convert_cell(column, raw[column.header])
                except ValueError as exc:
                    failed = True
                    self._error(plan, row_number, column.header, raw[column.header], str(exc))
            failed = self.extra_cells(cells, values, row_number, plan) or failed
            if not failed:
                students.append((row_number, values))
        self.load_refs({v["school"] for _r, v in students}, set(context.get("years", ())) or {
            v.get("school_year") for _r, v in students if v.get("school_year")}, user,
            subject_name=context.get("subject"))
        for row_number, values in students:
            try:
                key, contribution = self.student(values, row_number, context)
            except ValueError as exc:
                header, message = exc.args if len(exc.args) == 2 else ("", str(exc))
                self._error(plan, row_number, header, values.get(self._field_of(header)), message)
                continue
            school, start_year, procedure, subject, grade = key
            by_ids = (school.pk, start_year, procedure, subject.pk, grade)  # ids hash fast; models do not
            if by_ids not in first_row:
                first_row[by_ids], objects[by_ids] = row_number, key
            groups[by_ids].append(contribution)
        for by_ids, contributions in groups.items():
            key = objects[by_ids]
            school, start_year, procedure, subject, grade = key
            result = self.result_for(school, start_year, procedure, subject, grade)
            self.assign(result, self.aggregate(contributions, procedure), RESULT_FIELDS, keep_empty=False)
            for header, message in self.model_errors(result, {"__all__": ""}, exclude=["school", "school_year",
                                                                                      "subject"]):
                self._error(plan, first_row[by_ids], header, "", message)
            action = self._classify(plan, result)
            self.add_preview(plan, first_row[by_ids], action, result)
        self.after_groups(plan)
        plan.errors.sort(key=lambda e: e.row)
        return plan

    def extra_cells(self, cells: list, values: dict, row: int, plan: Plan) -> bool:
        """A kind that reads columns beyond its declared ones (ВПР task columns) puts them into `values` here and
        reports bad cells with `_error`; True when the row has any."""
        return False

    def after_groups(self, plan: Plan) -> None:
        """A kind that keeps more than the school-level results plans it here (the rows are validated)."""

    def convert_cell(self, column, raw):
        return self.convert(column, raw)

    def school_checked(self, code, header):
        school = self.schools.get(code)
        if school is not None and self.school_allowed(school):  # the common case, without building messages
            return school
        school, problem = self.find_school(code, _("Нет прав вносить результаты этой школы."))
        raise ValueError(header, problem)

    @staticmethod
    def aggregate(contributions: list[dict], procedure: str) -> dict:
        counted = [c for c in contributions if c["mark"] is not None]
        marks = {m: sum(1 for c in counted if c["mark"] == m) for m in (2, 3, 4, 5)}
        scores = [c["score"] for c in counted if c["score"] is not None]
        journal = [c for c in counted if c.get("journal") is not None]
        data = {"participants": len(counted), "mark2": marks[2], "mark3": marks[3], "mark4": marks[4],
                "mark5": marks[5], "mean_score": (sum(scores) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)
                if scores else None}
        if procedure == Procedure.EGE:
            data.update(mark3=0, mark4=0, mark5=0)
        if journal:
            data.update(lowered=sum(1 for c in journal if c["mark"] < c["journal"]),
                        confirmed=sum(1 for c in journal if c["mark"] == c["journal"]),
                        raised=sum(1 for c in journal if c["mark"] > c["journal"]))
        return data
