"""Kind `results`: school-level results (ВПР, ОГЭ, ЕГЭ) one row per school, procedure, subject, grade and year;
and what every result kind shares (schools, subjects, years and stored results looked up set-wise)."""


from django.utils.translation import gettext as _

from core.formats import school_year_name
from core.imports.base import Column, Importer
from core.imports.readers import normalize_header

from ...models import AssessmentResult, Procedure, School, SchoolYear, Subject
from ...registries import result_uses
from ..kinds import SchoolScopeMixin, _by_field

RESULT_FIELDS = ("participants", "mark2", "mark3", "mark4", "mark5", "mean_score", "lowered", "confirmed",
                 "raised")


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

    def field_label(self, name):
        """A changed result named as the school-level template names it («Участников», «2», …), for every kind."""
        return next((c.header for c in ResultsImporter.columns if c.field == name), None) or super().field_label(name)

    def uses(self, plan):
        """Changed results that an approved decision relies on (an approved list of ШНОР/ШССУ computed from them,
        registered by a higher app in schools.registries.register_result_uses), each named in words."""
        keys = {(obj.school_id, obj.school_year.start_year) for obj, _changes in plan.update}
        found = result_uses(keys)
        out = {}
        for obj, _changes in plan.update:
            texts = found.get((obj.school_id, obj.school_year.start_year))
            if texts:
                what = _("Результаты %(school)s, %(procedure)s %(subject)s %(grade)s кл. %(year)s использованы в") % {
                    "school": obj.school.short_name, "procedure": obj.get_procedure_display(),
                    "subject": obj.subject.name.lower(), "grade": obj.grade,
                    "year": school_year_name(obj.school_year.start_year)}
                out[id(obj)] = [f"{what} {text}" for text in texts]
        return out

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
        # an empty count of marks is unknown, not 0: the failing share would read it as «no one failed»
        # (docs/methodology.md); ЕГЭ has no «3»…«5», so only its «2» (below the minimum) is asked for
        needed = ("mark2",) if values["procedure"] == Procedure.EGE else ("mark2", "mark3", "mark4", "mark5")
        missing = [(headers[f], _("Пусто — это «нет данных», а не 0: впишите число (0, если таких нет)."))
                   for f in needed if data[f] is None]
        for f in ("mark2", "mark3", "mark4", "mark5"):
            data[f] = data[f] or 0  # ЕГЭ's «3»…«5»; a missing one needed is refused just below
        self.assign(result, data, RESULT_FIELDS)
        headers["__all__"] = headers["participants"]
        errors = missing + self.model_errors(result, headers, exclude=["school", "school_year", "subject"])
        return (None, errors) if missing else (result, errors)
