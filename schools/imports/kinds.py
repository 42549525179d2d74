"""The registry's import kinds: schools, yearly data, teachers."""

from django.utils.translation import gettext as _

from core.imports.base import Column, Importer

from .. import access
from ..models import (
    Location,
    Municipality,
    QualificationCategory,
    School,
    SchoolKind,
    SchoolYear,
    SchoolYearData,
    Teacher,
)


def _by_field(columns):
    return {c.field: c.header for c in columns}


class SchoolScopeMixin:
    """Rows may only touch schools (and municipalities) the uploader may change: the rules are those of
    schools.access, read once per file as id sets. No user (a management command) means all rights."""

    def prepare_scope(self, user):
        self.user = user
        self.editable_school_ids = None
        self.managed_muni_ids = None
        if user is not None:
            self.editable_school_ids = set(access.editable_schools(user).values_list("pk", flat=True))
            self.managed_muni_ids = set(access.managed_municipalities(user).values_list("pk", flat=True))

    def school_allowed(self, school) -> bool:
        return self.editable_school_ids is None or school.pk in self.editable_school_ids

    def find_school(self, code, refusal: str):
        """(the school with this code that the uploader may change, None) or (None, the reason it cannot)."""
        school = self.schools.get(code)
        if school is None:
            return None, _("Школа с таким кодом не найдена в реестре.")
        if not self.school_allowed(school):
            return None, refusal
        return school, None

    def municipality_allowed(self, municipality) -> bool:
        return self.managed_muni_ids is None or municipality.pk in self.managed_muni_ids

    def locked_fields(self, school) -> frozenset:
        """Fields of an existing school the uploader may not change (as on its page and in the API)."""
        return frozenset() if self.user is None else access.locked_fields(self.user, school)


class SchoolsImporter(SchoolScopeMixin, Importer):
    kind = "schools"
    title = _("Школы")
    model = School
    columns = (
        Column("Код ОО", "code", required=True, help="Код организации, как в файлах оценочных процедур",
               example="231001"),
        Column("Муниципалитет (код)", "municipality", required=True, example="dinskoy"),
        Column("Краткое наименование", "short_name", required=True, example="МБОУ СОШ № 1 ст. Динская"),
        Column("Полное наименование", "full_name", required=True,
               example="Муниципальное бюджетное общеобразовательное учреждение средняя общеобразовательная школа "
                       "№ 1 ст. Динская"),
        Column("ИНН", "inn", example="2330012345"),
        Column("Вид", "kind", "choice", required=True, choices=tuple(SchoolKind.choices), example="СОШ"),
        Column("Местность", "location", "choice", required=True, choices=tuple(Location.choices),
               example="сельская"),
        Column("Адрес", "address", example="353200, Краснодарский край, ст-ца Динская, ул. Красная, 1"),
        Column("Директор", "director_name", example="Иванова Мария Петровна"),
        Column("Телефон", "phone", example="+7 (86162) 5-12-34"),
        Column("Электронная почта", "email", "email", example="school1@example.ru"),
        Column("Сайт", "website", "url", example="https://school1.example.ru"),
        Column("Действует", "is_active", "bool", help="да / нет; пусто — да", example="да"),
    )
    update_fields = ("municipality", "short_name", "full_name", "inn", "kind", "location", "address",
                     "director_name", "phone", "email", "website", "is_active")

    def prepare(self, rows, user):
        self.prepare_scope(user)
        codes = {r["municipality"] for r in rows}
        self.municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
        self.existing = {s.code: s for s in School.objects.filter(code__in={r["code"] for r in rows})}

    def key(self, values):
        return values["code"]

    def build(self, values, row, user):
        headers = _by_field(self.columns)
        municipality = self.municipalities.get(values["municipality"])
        if municipality is None:
            return None, [(headers["municipality"], _("Муниципалитет с таким кодом не найден."))]
        if not self.municipality_allowed(municipality):
            return None, [(headers["municipality"], _("Нет прав вносить школы этого муниципалитета."))]
        school = self.existing.get(values["code"])
        if school is not None and not self.school_allowed(school):
            return None, [(headers["code"], _("Школа с этим кодом относится к другому муниципалитету; "
                                              "менять её нельзя."))]
        locked = self.locked_fields(school) if school is not None else frozenset()
        school = school or School(code=values["code"])
        changes = self.assign(school, {**values, "municipality": municipality}, ("code", *self.update_fields))
        refused = [f for f in changes if f in locked]
        if refused:
            return None, [(headers[f], str(access.LOCKED_FIELD_MESSAGE)) for f in refused]
        return school, self.model_errors(school, headers, exclude=["municipality"])

    def describe(self, obj):
        return f"{obj.code} — {obj.short_name}"


# header, field, required, example (a consistent row: every «of them» within its base)
YEARLY_COLUMNS = (
    ("Обучающихся", "students", True, "500"),
    ("Из них с ОВЗ", "students_disabled", False, "20"),
    ("Из малоимущих семей", "students_low_income", False, "60"),
    ("Из неполных семей", "students_single_parent", False, "90"),
    ("Родители без высшего образования", "students_parents_no_higher_ed", False, "200"),
    ("Русский язык не родной", "students_non_native", False, "15"),
    ("На профилактическом учёте", "students_preventive_register", False, "5"),
    ("С пропусками без уважительной причины", "students_unexcused_absences", False, "10"),
    ("Педагогов", "teachers", True, "40"),
    ("Из них молодых специалистов", "young_specialists", False, "4"),
    ("Вакансий", "vacancies", False, "2"),
)
# an optional count left empty is unknown («нет данных»), never 0 (docs/methodology.md, C6)
UNKNOWN_HELP = ("целое число не меньше 0; пусто — нет данных (не 0); у уже внесённых данных пустая ячейка значение "
                "не меняет")


class YearlyDataImporter(SchoolScopeMixin, Importer):
    kind = "yearly-data"
    title = _("Данные школ за учебный год")
    model = SchoolYearData
    columns = (
        Column("Код ОО", "school", required=True, example="231001"),
        Column("Учебный год", "school_year", "year", required=True, help="например, 2024/2025",
               example="2024/2025"),
        *(Column(header, field, "int", required=required, example=example, help="" if required else UNKNOWN_HELP)
          for header, field, required, example in YEARLY_COLUMNS),
    )
    update_fields = tuple(f for _h, f, _r, _e in YEARLY_COLUMNS)

    def prepare(self, rows, user):
        self.prepare_scope(user)
        self.schools = {s.code: s for s in School.objects.filter(code__in={r["school"] for r in rows})}
        years = {r["school_year"] for r in rows}
        self.years = {y.start_year: y for y in SchoolYear.objects.filter(start_year__in=years)}
        self.existing = {(d.school_id, d.school_year.start_year): d for d in SchoolYearData.objects.filter(
            school__in=self.schools.values(), school_year__start_year__in=years).select_related("school_year")}

    def key(self, values):
        return (values["school"], values["school_year"])

    def build(self, values, row, user):
        headers = _by_field(self.columns)
        school, problem = self.find_school(values["school"], _("Нет прав вносить данные этой школы."))
        if problem:
            return None, [(headers["school"], problem)]
        record = self.existing.get((school.pk, values["school_year"]))
        if record is None:
            year = self.years.get(values["school_year"])
            if year is None:  # a new school year is saved by apply(), never during validation
                year = self.years[values["school_year"]] = SchoolYear(start_year=values["school_year"])
            # an empty cell is unknown (NULL, «нет данных»), not 0; an existing record keeps its value
            record = SchoolYearData(school=school, school_year=year)
        self.assign(record, values, self.update_fields)
        headers["__all__"] = headers["students"]
        return record, self.model_errors(record, headers, exclude=["school", "school_year"])

    def describe(self, obj):
        return f"{obj.school.code} — {obj.school.short_name}, {obj.school_year.name}"

    def apply(self, plan, user):
        for year in self.years.values():
            if year.pk is None:  # bulk_create fills each record's school_year_id from the saved year
                year.pk = SchoolYear.objects.get_or_create(start_year=year.start_year)[0].pk
                year._state.adding = False
        return super().apply(plan, user)


class TeachersImporter(SchoolScopeMixin, Importer):
    kind = "teachers"
    title = _("Педагоги")
    model = Teacher
    columns = (
        Column("Код ОО", "school", required=True, example="231001"),
        Column("ФИО", "full_name", required=True, example="Орлова Вера Николаевна"),
        Column("Должность", "position", example="учитель"),
        Column("Предметы", "subjects", help="через запятую", example="русский язык, литература"),
        Column("Стаж, лет", "experience_years", "int", example="12"),
        Column("Квалификационная категория", "qualification_category", "choice",
               choices=tuple(QualificationCategory.choices), example="первая"),
        Column("Работает", "is_active", "bool", help="да / нет; пусто — да", example="да"),
    )
    update_fields = ("position", "subjects", "experience_years", "qualification_category", "is_active")

    def prepare(self, rows, user):
        self.prepare_scope(user)
        self.schools = {s.code: s for s in School.objects.filter(code__in={r["school"] for r in rows})}
        names = {r["full_name"] for r in rows}
        self.existing = {(t.school_id, t.full_name): t for t in Teacher.objects.filter(
            school__in=self.schools.values(), full_name__in=names)}

    def key(self, values):
        return (values["school"], values["full_name"].lower())

    def build(self, values, row, user):
        headers = _by_field(self.columns)
        school, problem = self.find_school(values["school"], _("Нет прав вносить педагогов этой школы."))
        if problem:
            return None, [(headers["school"], problem)]
        teacher = self.existing.get((school.pk, values["full_name"])) or Teacher(school=school,
                                                                                 full_name=values["full_name"])
        self.assign(teacher, values, self.update_fields)
        return teacher, self.model_errors(teacher, headers, exclude=["school"])

    def describe(self, obj):
        return f"{obj.school.code} — {obj.full_name}"
