"""Import kinds for assessment results: a school-level table, a per-student ВПР export laid out like
ФИС ОКО «Индивидуальные результаты», and a per-student ОГЭ/ЕГЭ protocol (with column mapping)."""

import datetime
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import parse_date, school_year_of
from core.imports.base import Column, Importer, Plan
from core.imports.readers import ImportFileError, MissingAnswer, normalize_header

from ..models import AssessmentResult, ClassResult, GradingScale, Procedure, School, SchoolYear, Subject, class_key
from .kinds import SchoolScopeMixin, _by_field

RESULT_FIELDS = ("participants", "mark2", "mark3", "mark4", "mark5", "mean_score", "lowered", "confirmed",
                 "raised")
NO_MARK = {"", "x", "х", "-", "–", "—", "нет отметки", "не писал", "отсутствовал", "н"}


class ResultsLookupMixin(SchoolScopeMixin):
    def school_allowed(self, school) -> bool:
        """Results are the municipality's data (schools.access.can_edit_results), not the school's."""
        return self.managed_muni_ids is None or school.municipality_id in self.managed_muni_ids

    def load_refs(self, school_codes, years, user, *, subject_name: str | None = None):
        """Schools, subjects, years and the results already stored, each in one query. A file of one subject
        (a ВПР export) loads only that subject's results."""
        self.prepare_scope(user)
        self.schools = {s.code: s for s in School.objects.filter(code__in=school_codes)}
        self.subjects = {}
        for s in Subject.objects.all():
            self.subjects[normalize_header(s.name)] = s
            self.subjects[normalize_header(s.code)] = s
        self.years = {y.start_year: y for y in SchoolYear.objects.filter(start_year__in=years)}
        existing = AssessmentResult.objects.filter(school__in=self.schools.values(), school_year__start_year__in=years)
        subject = self.subjects.get(normalize_header(subject_name)) if subject_name else None
        if subject is not None:
            existing = existing.filter(subject=subject)
        self.existing = {(r.school_id, r.school_year.start_year, r.procedure, r.subject_id, r.grade): r
                         for r in existing.select_related("school", "school_year", "subject")}

    def year(self, start_year):
        if start_year not in self.years:  # saved by apply(), never during validation
            self.years[start_year] = SchoolYear(start_year=start_year)
        return self.years[start_year]

    def result_for(self, school, start_year, procedure, subject, grade) -> AssessmentResult:
        found = self.existing.get((school.pk, start_year, procedure, subject.pk, grade))
        if found is not None:
            return found
        return AssessmentResult(school=school, school_year=self.year(start_year), procedure=procedure,
                                subject=subject, grade=grade, participants=0)

    def apply(self, plan, user):
        for year in self.years.values():
            if year.pk is None:
                year.pk = SchoolYear.objects.get_or_create(start_year=year.start_year)[0].pk
                year._state.adding = False
        return super().apply(plan, user)

    def describe(self, obj):
        return (f"{obj.school.code} — {obj.get_procedure_display()} {obj.subject.name.lower()} {obj.grade} кл., "
                f"{obj.school_year.start_year}/{obj.school_year.start_year + 1}: {obj.participants} уч.")


PROCEDURE_CHOICES = tuple(Procedure.choices)


class ResultsImporter(ResultsLookupMixin, Importer):
    kind = "results"
    title = _("Результаты ВПР, ОГЭ, ЕГЭ по школам")
    model = AssessmentResult
    columns = (
        Column("Код ОО", "school", required=True, example="231001"),
        Column("Учебный год", "school_year", "year", required=True, example="2024/2025"),
        Column("Процедура", "procedure", "choice", required=True, choices=PROCEDURE_CHOICES, example="ВПР"),
        Column("Предмет", "subject", required=True, example="Математика"),
        Column("Класс", "grade", "int", required=True, example="5"),
        Column("Участников", "participants", "int", required=True, example="48"),
        Column("«2»", "mark2", "int", help="ЕГЭ: не набрали минимального балла", example="6"),
        Column("«3»", "mark3", "int", example="20"),
        Column("«4»", "mark4", "int", example="15"),
        Column("«5»", "mark5", "int", example="7"),
        Column("Средний балл", "mean_score", "decimal", help="ВПР и ОГЭ — первичный, ЕГЭ — тестовый",
               example="11,4"),
        Column("Понизили", "lowered", "int", help="ВПР/ОГЭ: отметка ниже отметки по журналу", example="5"),
        Column("Подтвердили", "confirmed", "int", example="38"),
        Column("Повысили", "raised", "int", example="5"),
    )
    update_fields = RESULT_FIELDS

    def prepare(self, rows, user):
        self.load_refs({r["school"] for r in rows}, {r["school_year"] for r in rows}, user)

    def key(self, values):
        return (values["school"], values["school_year"], values["procedure"], normalize_header(values["subject"]),
                values["grade"])

    def build(self, values, row, user):
        headers = _by_field(self.columns)
        school, problem = self.find_school(values["school"], _("Нет прав вносить результаты этой школы."))
        if problem:
            return None, [(headers["school"], problem)]
        subject = self.subjects.get(normalize_header(values["subject"]))
        if subject is None:
            return None, [(headers["subject"], _("Предмет не найден в справочнике предметов."))]
        result = self.result_for(school, values["school_year"], values["procedure"], subject, values["grade"])
        data = {f: values.get(f) for f in RESULT_FIELDS}
        for f in ("mark2", "mark3", "mark4", "mark5"):
            data[f] = data[f] or 0
        self.assign(result, data, RESULT_FIELDS)
        headers["__all__"] = headers["participants"]
        return result, self.model_errors(result, headers, exclude=["school", "school_year", "subject"])


def _mark(raw) -> int | None:
    """«5» → 5; «X», «-», «нет отметки», empty → None (not counted); anything else → ValueError."""
    if raw in (2, 3, 4, 5) and not isinstance(raw, bool):  # a number cell (int or float), the usual case
        return int(raw)
    if raw is None:
        return None
    text = normalize_header(raw if not isinstance(raw, float) or not raw.is_integer() else int(raw))
    if text in NO_MARK:
        return None
    if text in ("2", "3", "4", "5"):
        return int(text)
    raise ValueError(_("Отметка должна быть 2, 3, 4 или 5 (или «X», «-», «нет отметки»)."))


@lru_cache(maxsize=512)
def _grade(raw) -> int:
    """«5А», «5 б», 5 → 5 (a file has a few dozen distinct class names: each is parsed once)."""
    match = re.match(r"\s*(\d{1,2})", str(raw if raw is not None else ""))
    if not match or not 4 <= int(match.group(1)) <= 11:
        raise ValueError(_("Класс: ожидается номер класса от 4 до 11, например «5» или «5А»."))
    return int(match.group(1))


@lru_cache(maxsize=512)
def _class_name(raw) -> str:
    """«5 а», «5А», 5 → «5А», «5» (the key teaching assignments use)."""
    return class_key(_text_of(raw))


def _differs_value(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is None or new is None or Decimal(str(old)) != Decimal(str(new))
    return old != new


def _score(raw) -> Decimal | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 0 <= raw <= 1000:
        return _decimal_of(raw)
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if normalize_header(text) in NO_MARK:
        return None
    if len(text) > 20:  # «1E+5000000» and the like: refused before any arithmetic
        raise ValueError(_("Балл должен быть числом."))
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValueError(_("Балл должен быть числом.")) from None
    if not value.is_finite() or value.adjusted() > 3:
        raise ValueError(_("Балл должен быть числом не больше 1000."))
    if value < 0:
        raise ValueError(_("Балл не может быть отрицательным."))
    return value


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
        rows = [(n, cells) for n, cells in table.rows if not _is_summary(cells)]
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
            code = _text_of(raw.get("Код участника"))
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
            if len(plan.preview) < 500:
                plan.preview.append({"row": first_row[by_ids], "action": action, "object": self.describe(result)})
        self.after_groups(plan)
        plan.errors.sort(key=lambda e: e.row)
        return plan

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


SUMMARY_WORDS = ("всего", "итого", "среднее", "средний", "средняя")


@lru_cache(maxsize=4096)
def _decimal_of(number) -> Decimal:
    """A number cell as the Decimal its text shows (12.0 → 12, 10.5 → 10.5), without float noise."""
    return Decimal(int(number)) if float(number).is_integer() else Decimal(repr(float(number)))


def _text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _is_summary(cells) -> bool:
    """A totals row under the table («Всего участников: 197», «Итого», «Средний балл: …»): not a student."""
    for cell in cells:
        if cell is None or str(cell).strip() == "":
            continue
        return str(cell).strip().lower().startswith(SUMMARY_WORDS)
    return False


def _date_of(value) -> datetime.date | None:
    """«15.04.2025», «2025-04-15» or an Excel date; None when the cell holds no date."""
    try:
        return parse_date(value)
    except ValueError:
        return None


def _title_year(above: list[list]) -> int | None:
    """«ВПР 2025 …» in the title: ВПР are written in spring, so 2025 is the school year 2024/2025."""
    for row in above:
        for cell in row:
            match = re.search(r"\bВПР[\s-]*(20\d\d)\b", str(cell or ""), re.IGNORECASE)
            if match:
                return int(match.group(1)) - 1
    return None


def _metadata(above: list[list]) -> dict[str, str]:
    """«Предмет: Математика», «Учебный год | 2024/2025» … in the rows above the header."""
    out = {}
    for row in above:
        cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
        for i, cell in enumerate(cells):
            if ":" in cell:
                key, _sep, value = cell.partition(":")
                if value.strip():
                    out[normalize_header(key)] = value.strip()
                    continue
                if i + 1 < len(cells):
                    out[normalize_header(key)] = cells[i + 1]
            elif i + 1 < len(cells) and i == 0:
                out.setdefault(normalize_header(cell), cells[i + 1])
    return out


class VprIndividualImporter(AggregatingImporter):
    kind = "vpr-individual"
    title = _("ВПР: индивидуальные результаты (выгрузка ФИС ОКО)")
    allow_extra_columns = True  # task columns such as «1 (2б)»
    columns = (
        Column("ОО", "school", required=True, help="код ОО", example="231001"),
        Column("Код участника", "participant", required=False, help="повтор кода — ошибка", example="2310010501"),
        Column("Класс", "grade", required=True, example="5А"),
        Column("Вариант", "variant", required=False, example="1"),
        Column("Первичный балл", "score", required=True, example="12"),
        Column("Отметка", "mark", required=True, example="4"),
        Column("Отметка по журналу", "journal", required=False, example="4"),
    )

    def convert_cell(self, column, raw):
        if column.field == "grade":  # the class as named («5А»); its grade is checked here and read in student()
            _grade(raw)
            return _class_name(raw)
        if column.field in ("mark", "journal"):
            return _mark(raw)
        if column.field == "score":
            return _score(raw)
        text = _text_of(raw)
        if text and text.isalnum():  # a code as it usually comes: nothing to clean
            return text
        return self.convert(column, raw)

    def context(self, table):
        meta = _metadata(table.above)
        subject_name = meta.get("предмет")
        if not subject_name:
            raise ImportFileError(_("В шапке файла (строки над таблицей) должен быть «Предмет: …», как в "
                                    "выгрузке ФИС ОКО."))
        start_year = self.school_year(meta, table.above)
        return {"subject": subject_name, "years": [start_year], "year": start_year}

    def school_year(self, meta: dict, above: list[list]) -> int:
        """The school year of the file: «Учебный год: …» in the header, else the work's date («Дата: …»),
        else the title («ВПР 2025 …»), else the user's answer — asked for only when the file has none."""
        year_text = meta.get("учебный год") or meta.get("год")
        if year_text:
            try:
                return SchoolYear.parse(year_text)
            except ValueError:
                raise ImportFileError(_("Учебный год в шапке файла записывается как 2024/2025.")) from None
        day = _date_of(meta.get("дата") or meta.get("дата проведения"))
        if day is not None:
            return school_year_of(day)
        from_title = _title_year(above)
        if from_title is not None:
            return from_title
        answer = self.options.get("school_year")
        if answer:
            try:
                return SchoolYear.parse(answer)
            except ValueError:
                pass
        raise MissingAnswer(_("В файле не указан учебный год (нет ни «Учебный год:», ни «Дата:», ни года в "
                              "названии работы). Укажите учебный год, например 2024/2025."),
                            name="school_year", label=_("Учебный год"), example="2024/2025")

    def _student(self, values, row, context):
        school = self.school_checked(values["school"], "ОО")
        if "subject_obj" not in context:
            context["subject_obj"] = self.subjects.get(normalize_header(context["subject"]))
        subject = context["subject_obj"]
        if subject is None:
            raise ValueError("", _("Предмет «%(s)s» из шапки файла не найден в справочнике.") % {
                "s": context["subject"]})
        if values["mark"] is not None and values["score"] is None:
            raise ValueError("Первичный балл", _("У ученика с отметкой должен быть первичный балл."))
        class_name = values["grade"]
        return ((school, context["year"], Procedure.VPR, subject, _grade(class_name)),
                {"mark": values["mark"], "score": values["score"], "journal": values.get("journal"),
                 "class_name": class_name})

    # ---- class-level aggregates (teachers' results are their classes' results) -----------------------------

    def validate(self, table, user, progress=lambda done, total: None) -> Plan:
        self.class_groups: dict[tuple, list] = defaultdict(list)
        return super().validate(table, user, progress)

    def student(self, values, row, context):
        key, contribution = self._student(values, row, context)
        school, start_year, _procedure, subject, _grade_no = key
        self.class_groups[(school.pk, start_year, subject.pk, contribution["class_name"])].append(contribution)
        self.class_objects[(school.pk, start_year, subject.pk)] = (school, subject)
        return key, contribution

    def load_refs(self, school_codes, years, user, *, subject_name=None):
        super().load_refs(school_codes, years, user, subject_name=subject_name)
        self.class_objects: dict[tuple, tuple] = {}
        existing = ClassResult.objects.filter(school__in=self.schools.values(), school_year__start_year__in=years,
                                              procedure=Procedure.VPR)
        subject = self.subjects.get(normalize_header(subject_name)) if subject_name else None
        if subject is not None:
            existing = existing.filter(subject=subject)
        self.existing_classes = {(c.school_id, c.school_year.start_year, c.subject_id, c.class_name): c
                                 for c in existing.select_related("school_year")}

    def after_groups(self, plan):
        """Class results of the file's classes: new, changed or the same (the same file twice changes nothing);
        a class stored for a school and subject of the file but absent from it is removed (a corrected file)."""
        self.class_create, self.class_update, self.class_delete = [], [], []
        if plan.errors:
            return
        fields = ("grade", "participants", "mark2", "mark3", "mark4", "mark5", "mean_score")
        present = set()
        for (school_id, start_year, subject_id, class_name), contributions in self.class_groups.items():
            data = self.aggregate(contributions, Procedure.VPR)
            if not data["participants"]:  # nobody of the class wrote the work: no class result
                continue
            present.add((school_id, start_year, subject_id, class_name))
            data = {"grade": _grade(class_name), **{f: data[f] for f in fields[1:]}}
            found = self.existing_classes.get((school_id, start_year, subject_id, class_name))
            if found is None:
                school, subject = self.class_objects[(school_id, start_year, subject_id)]
                self.class_create.append(ClassResult(school=school, school_year=self.year(start_year),
                                                     procedure=Procedure.VPR, subject=subject,
                                                     class_name=class_name, **data))
            elif any(_differs_value(getattr(found, f), v) for f, v in data.items()):
                for f, v in data.items():
                    setattr(found, f, v)
                self.class_update.append(found)
        covered = set(self.class_objects)
        self.class_delete = [c.pk for key, c in self.existing_classes.items()
                             if key[:3] in covered and key not in present]

    def apply(self, plan, user):
        summary = super().apply(plan, user)
        for result in self.class_create:  # the year may have been saved by the school-level apply just now
            result.school_year_id = result.school_year.pk
        ClassResult.objects.bulk_create(self.class_create, batch_size=1000)
        now = timezone.now()
        for result in self.class_update:
            result.updated_at = now
        ClassResult.objects.bulk_update(self.class_update, ["grade", "participants", "mark2", "mark3", "mark4",
                                                            "mark5", "mean_score", "updated_at"], batch_size=1000)
        ClassResult.objects.filter(pk__in=self.class_delete).delete()
        summary["classes"] = {"created": len(self.class_create), "updated": len(self.class_update),
                              "removed": len(self.class_delete)}
        return summary


class ExamProtocolImporter(AggregatingImporter):
    kind = "exam-protocol"
    title = _("ОГЭ/ЕГЭ: протокол результатов участников")
    mappable = True
    allow_extra_columns = True  # protocols carry names, passport data, etc. that we do not keep
    columns = (
        Column("Код ОО", "school", required=True, example="231001"),
        Column("Процедура", "procedure", "choice", required=True, choices=(("oge", "ОГЭ"), ("ege", "ЕГЭ")),
               example="ОГЭ"),
        Column("Предмет", "subject", required=True, example="Математика"),
        Column("Учебный год", "school_year", "year", required=True, example="2024/2025"),
        Column("Балл", "score", required=True, help="ОГЭ — первичный балл, ЕГЭ — тестовый балл", example="17"),
        Column("Отметка", "mark", help="если пусто — вычисляется по шкале перевода", example=""),
    )

    def convert_cell(self, column, raw):
        if column.field == "mark":
            return _mark(raw)
        if column.field == "score":
            return _score(raw)
        return self.convert(column, raw)

    def load_refs(self, school_codes, years, user, **kwargs):
        super().load_refs(school_codes, years, user, **kwargs)
        self.scales = {(s.procedure, s.subject_id, s.grade, s.school_year.start_year): s
                       for s in GradingScale.objects.filter(school_year__start_year__in=years)
                       .select_related("school_year")}

    def student(self, values, row, context):
        school = self.school_checked(values["school"], "Код ОО")
        subject = self.subjects.get(normalize_header(values["subject"]))
        if subject is None:
            raise ValueError("Предмет", _("Предмет не найден в справочнике предметов."))
        procedure = values["procedure"]
        grade = 9 if procedure == Procedure.OGE else 11
        mark, score = values.get("mark"), values["score"]
        if score is None:  # absent from the exam: not a participant
            return ((school, values["school_year"], procedure, subject, grade), {"mark": None, "score": None})
        scale = self.scales.get((procedure, subject.pk, grade, values["school_year"]))
        if procedure == Procedure.EGE:
            if scale is None or scale.min_passing_score is None:
                raise ValueError("Балл", _("Нет минимального балла ЕГЭ по этому предмету за этот год: добавьте "
                                           "шкалу перевода баллов."))
            mark = 2 if score < scale.min_passing_score else 5  # ЕГЭ: only "below the minimum" matters
        elif mark is None:
            if scale is None:
                raise ValueError("Отметка", _("Отметки нет, а шкалы перевода баллов для этого предмета и года "
                                              "нет: добавьте шкалу или отметку."))
            if score > scale.max_score:
                raise ValueError("Балл", _("Балл больше максимального по шкале (%(m)s).") % {"m": scale.max_score})
            mark = scale.mark_for(score)
        return ((school, values["school_year"], procedure, subject, grade), {"mark": mark, "score": score})
