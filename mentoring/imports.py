"""Import kinds of the methodical work, two-phase as every import (a file with an error writes nothing; the same file
twice changes nothing):

- `teaching-load`: teacher × school year × class × subject (whose results a class's results are);
- `diagnostics`: results of a deficit diagnostic, one row per teacher × competence (long format: instruments differ
  in their competences); a diagnostic is the teacher, the instrument and the date;
- `event-participants` (targeted: started on an event's page): teachers of the event's schools by school code and name.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import parse_date, ru_date
from core.imports.base import Column, Importer, Plan, RowError
from core.imports.readers import normalize_header
from core.services import require
from schools.models import School, SchoolYear, Subject, Teacher, class_key

from . import access
from .models import Competence, Diagnostic, DiagnosticInstrument, DiagnosticScore, Event, Participation
from .models import TeachingAssignment as Assignment


class TeacherLookupMixin:
    """Teachers by school code and full name, limited to the schools whose teachers the uploader changes (no user —
    a management command — means all)."""

    refusal = gettext_lazy("Нет прав вносить данные педагогов этой школы.")

    def load_teachers(self, rows, user, *, schools_of_user=None):
        codes = {r["school"] for r in rows}
        self.schools = {s.code: s for s in School.objects.filter(code__in=codes)}
        allowed = schools_of_user if schools_of_user is not None else (
            access.editable_teacher_schools(user) if user is not None else None)
        self.allowed_ids = None if allowed is None else set(allowed.filter(code__in=codes).values_list("pk", flat=True))
        names = {r["teacher"] for r in rows}
        self.teachers = {(t.school_id, t.full_name.lower()): t for t in Teacher.objects.filter(
            school__in=self.schools.values(), full_name__in=names)}

    def find_teacher(self, values) -> tuple[Teacher | None, tuple[str, str] | None]:
        school = self.schools.get(values["school"])
        if school is None:
            return None, ("Код ОО", _("Школа с таким кодом не найдена в реестре."))
        if self.allowed_ids is not None and school.pk not in self.allowed_ids:
            return None, ("Код ОО", str(self.refusal))
        teacher = self.teachers.get((school.pk, values["teacher"].lower()))
        if teacher is None:
            return None, ("ФИО педагога", _("Педагог с таким ФИО не найден в этой школе: сначала загрузите педагогов."))
        return teacher, None


def _subjects() -> dict[str, Subject]:
    out = {}
    for s in Subject.objects.all():
        out[normalize_header(s.name)] = s
        out[normalize_header(s.code)] = s
    return out


class TeachingLoadImporter(TeacherLookupMixin, Importer):
    kind = "teaching-load"
    title = gettext_lazy("Учебная нагрузка педагогов (классы и предметы)")
    model = Assignment
    columns = (
        Column("Код ОО", "school", required=True, example="231001"),
        Column("ФИО педагога", "teacher", required=True, example="Орлова Вера Николаевна"),
        Column("Учебный год", "school_year", "year", required=True, example="2024/2025"),
        Column("Класс", "class_name", required=True, help="например, 5А", example="5А"),
        Column("Предмет", "subject", required=True, example="Математика"),
    )

    def prepare(self, rows, user):
        self.load_teachers(rows, user)
        self.subjects = _subjects()
        years = {r["school_year"] for r in rows}
        self.years = {y.start_year: y for y in SchoolYear.objects.filter(start_year__in=years)}
        self.existing = set(Assignment.objects.filter(
            teacher__in=self.teachers.values(), school_year__start_year__in=years).values_list(
            "teacher_id", "school_year__start_year", "class_name", "subject_id"))

    def key(self, values):
        return (values["school"], values["teacher"].lower(), values["school_year"], class_key(values["class_name"]),
                normalize_header(values["subject"]))

    def build(self, values, row, user):
        teacher, problem = self.find_teacher(values)
        if problem:
            return None, [problem]
        subject = self.subjects.get(normalize_header(values["subject"]))
        if subject is None:
            return None, [("Предмет", _("Предмет не найден в справочнике предметов."))]
        name = class_key(values["class_name"])
        if not name[:1].isdigit() or not 1 <= int("".join(ch for ch in name[:2] if ch.isdigit())) <= 11:
            return None, [("Класс", _("Класс записывается как «5А» или «11»: номер от 1 до 11 и буква."))]
        if values["school_year"] not in self.years:  # saved by apply(), never during validation
            self.years[values["school_year"]] = SchoolYear(start_year=values["school_year"])
        assignment = Assignment(teacher=teacher, school_year=self.years[values["school_year"]], class_name=name,
                                subject=subject)
        if (teacher.pk, values["school_year"], name, subject.pk) in self.existing:
            assignment.pk = -1  # stored already: nothing changes
            assignment._import_changes = {}
        return assignment, []

    def describe(self, obj):
        return f"{obj.teacher.full_name} — {obj.class_name}, {obj.subject.name.lower()}, {obj.school_year.name}"

    @transaction.atomic
    def apply(self, plan, user):
        for year in self.years.values():
            if year.pk is None:
                year.pk = SchoolYear.objects.get_or_create(start_year=year.start_year)[0].pk
                year._state.adding = False
        for a in plan.create:
            a.school_year_id = a.school_year.pk
        return super().apply(plan, user)


class DiagnosticsImporter(TeacherLookupMixin, Importer):
    """One row per teacher × competence; every competence of the instrument must be in the file for a diagnostic."""

    kind = "diagnostics"
    title = gettext_lazy("Результаты диагностики профессиональных дефицитов")
    model = Diagnostic
    columns = (
        Column("Код ОО", "school", required=True, example="231001"),
        Column("ФИО педагога", "teacher", required=True, example="Орлова Вера Николаевна"),
        Column("Инструмент", "instrument", required=True, help="название инструмента диагностики",
               example="Предметные и методические компетенции учителя"),
        Column("Дата", "date", "date", required=True, example="15.10.2025"),
        Column("Компетенция", "competence", required=True, help="код или название компетенции", example="K1"),
        Column("Балл", "score", "int", required=True, example="42"),
    )

    def convert(self, column, raw):
        if column.type != "date":
            return super().convert(column, raw)
        if raw is None or not str(raw).strip():
            raise ValueError(_("Обязательное поле не заполнено."))
        return parse_date(raw)

    def validate(self, table, user, progress=lambda done, total: None) -> Plan:
        """Rows are checked one by one, then grouped into diagnostics and each diagnostic checked as a whole."""
        self.groups: dict[tuple, dict] = {}
        plan = super().validate(table, user, progress)
        # super() classified each row; a diagnostic is the unit: rebuild create / update / unchanged from the groups
        plan.create, plan.update, plan.unchanged, plan.preview = [], [], 0, []
        if plan.errors:
            return plan
        today = timezone.localdate()
        for (teacher_id, instrument_id, day), group in self.groups.items():
            teacher, instrument = group["teacher"], group["instrument"]
            competences = self.competences[instrument_id]
            missing = [c.name for c in competences.values() if c.pk not in group["scores"]]
            if missing:
                plan.errors.append(RowError(row=group["row"], column="Компетенция", value="", message=_(
                    "Для диагностики %(t)s от %(d)s нет строк по компетенциям: %(c)s.") % {
                    "t": teacher.full_name, "d": ru_date(day), "c": ", ".join(missing)}))
                continue
            if day > today:
                plan.errors.append(RowError(row=group["row"], column="Дата", value=ru_date(day),
                                            message=_("Дата диагностики не может быть в будущем.")))
                continue
            stored = self.stored.get((teacher_id, instrument_id, day))
            diagnostic = Diagnostic(teacher=teacher, instrument=instrument, date=day)
            diagnostic._scores = group["scores"]
            if stored is None:
                action = "create"
                plan.create.append(diagnostic)
            elif stored != group["scores"]:
                action = "update"
                plan.update.append((diagnostic, {"scores": (stored, group["scores"])}))
            else:
                action = "unchanged"
                plan.unchanged += 1
            diagnostic._label = _("%(t)s — %(i)s, %(d)s") % {"t": teacher.full_name, "i": instrument.name,
                                                              "d": ru_date(day)}
            self.add_preview(plan, group["row"], action, diagnostic, changes=[
                {"column": _("Балл: %(c)s") % {"c": c.code or c.name}, "old": self.value_text("", stored.get(c.pk)),
                 "new": self.value_text("", group["scores"].get(c.pk))}
                for c in competences.values() if stored and stored.get(c.pk) != group["scores"].get(c.pk)])
        plan.errors.sort(key=lambda e: e.row)
        return plan

    def prepare(self, rows, user):
        self.load_teachers(rows, user)
        self.instruments = {normalize_header(i.name): i for i in DiagnosticInstrument.objects.all()}
        self.competences: dict[int, dict] = defaultdict(dict)
        self.competence_keys: dict[int, dict] = defaultdict(dict)
        for c in Competence.objects.all():
            self.competences[c.instrument_id][c.pk] = c
            self.competence_keys[c.instrument_id][normalize_header(c.code)] = c
            self.competence_keys[c.instrument_id][normalize_header(c.name)] = c
        self.stored: dict[tuple, dict] = defaultdict(dict)
        for teacher_id, instrument_id, day, competence_id, score in DiagnosticScore.objects.filter(
                diagnostic__teacher__in=self.teachers.values()).values_list(
                "diagnostic__teacher_id", "diagnostic__instrument_id", "diagnostic__date", "competence_id", "score"):
            self.stored[(teacher_id, instrument_id, day)][competence_id] = score

    def key(self, values):
        return (values["school"], values["teacher"].lower(), normalize_header(values["instrument"]), values["date"],
                normalize_header(values["competence"]))

    def build(self, values, row, user):
        teacher, problem = self.find_teacher(values)
        if problem:
            return None, [problem]
        instrument = self.instruments.get(normalize_header(values["instrument"]))
        if instrument is None:
            return None, [("Инструмент", _("Инструмент диагностики с таким названием не найден."))]
        competence = self.competence_keys[instrument.pk].get(normalize_header(values["competence"]))
        if competence is None:
            return None, [("Компетенция", _("В инструменте «%(i)s» нет такой компетенции.") % {"i": instrument.name})]
        if not instrument.scale_min <= values["score"] <= instrument.scale_max:
            return None, [("Балл", _("Балл — от %(a)s до %(b)s.") % {"a": instrument.scale_min,
                                                                     "b": instrument.scale_max})]
        group = self.groups.setdefault((teacher.pk, instrument.pk, values["date"]), {
            "teacher": teacher, "instrument": instrument, "row": row, "scores": {}})
        group["scores"][competence.pk] = values["score"]
        score = DiagnosticScore(competence=competence, score=values["score"])
        score._import_changes = {}
        return score, []

    def _classify(self, plan, obj):
        return "row"

    def describe(self, obj):
        return getattr(obj, "_label", "") or str(obj)

    @transaction.atomic
    def apply(self, plan, user):
        actor = user if user is not None and user.is_authenticated else None
        changed = [*plan.create, *(d for d, _c in plan.update)]
        for d in changed:
            instrument = d.instrument
            diagnostic, _created = Diagnostic.objects.update_or_create(
                teacher=d.teacher, instrument=instrument, date=d.date, defaults={"created_by": actor})
            diagnostic.scores.all().delete()
            DiagnosticScore.objects.bulk_create([
                DiagnosticScore(diagnostic=diagnostic, competence_id=competence_id, score=score,
                                is_deficit=score < instrument.deficit_below)
                for competence_id, score in d._scores.items()])
        return plan.summary()


class EventParticipantsImporter(TeacherLookupMixin, Importer):
    kind = "event-participants"
    title = gettext_lazy("Участники мероприятия")
    model = Participation
    targeted = True
    target_model = Event  # the target named as core.imports.base.Importer declares it (import_file --target)
    target_option = "event"
    target_label = gettext_lazy("мероприятие")
    refusal = gettext_lazy("Эта школа не входит в число школ мероприятия.")
    columns = (
        Column("Код ОО", "school", required=True, example="231001"),
        Column("ФИО педагога", "teacher", required=True, example="Орлова Вера Николаевна"),
    )

    def target(self) -> Event | None:
        if not hasattr(self, "_event"):
            self._event = Event.objects.filter(pk=self.options.get("event")).first()
        return self._event

    def target_problem(self, user) -> str | None:
        event = self.target()
        if event is None:
            return _("Мероприятие для загрузки не найдено.")
        if user is not None and not access.can_manage_event(user, event):
            return _("Участников добавляет организатор мероприятия.")
        return None

    def validate(self, table, user, progress=lambda done, total: None) -> Plan:
        problem = self.target_problem(user)
        if problem:
            plan = Plan(total=len(table.rows))
            plan.errors.append(RowError(row=table.header_row, column="", value="", message=problem))
            return plan
        return super().validate(table, user, progress)

    def prepare(self, rows, user):
        event = self.target()
        self.load_teachers(rows, user, schools_of_user=event.target_schools.all())
        self.existing = set(event.participations.values_list("teacher_id", flat=True))

    def key(self, values):
        return (values["school"], values["teacher"].lower())

    def build(self, values, row, user):
        teacher, problem = self.find_teacher(values)
        if problem:
            return None, [problem]
        participation = Participation(event=self.target(), teacher=teacher)
        if teacher.pk in self.existing:
            participation.pk = -1
            participation._import_changes = {}
        return participation, []

    def describe(self, obj):
        return f"{obj.teacher.full_name} ({obj.teacher.school.short_name})"

    @transaction.atomic
    def apply(self, plan, user):
        problem = self.target_problem(user)  # the rights again: they may have changed since the validation
        require(problem is None, problem)
        return super().apply(plan, user)
