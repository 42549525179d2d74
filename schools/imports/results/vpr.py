"""Kind `vpr-individual`: a ВПР export laid out like ФИС ОКО «Индивидуальные результаты» (subject and year in the
header block), aggregated per school and grade and per class (teachers' results are their classes' results)."""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import school_year_of
from core.imports.base import Column, Plan
from core.imports.readers import ImportFileError, MissingAnswer, normalize_header

from ...models import ClassResult, Procedure, SchoolYear, TaskResult
from . import cells as read
from . import tasks as task_cells
from .per_student import AggregatingImporter

TASK_HELP = _("балл ученика за задание: целое от 0 до максимального, «X» — не приступал (0 баллов), пусто — нет "
              "данных. Столбцов заданий столько, сколько в работе; заголовок — номер задания, максимальный балл и "
              "уровень: «1 (1б) Б», «2.1 (2б, П)», «3 (2б) повышенный» (Б — базовый, П — повышенный, В — высокий). "
              "Уровень можно дать и строкой «Уровень» над таблицей, под столбцами заданий; задание без уровня "
              "сохраняется, но в сигнал по заданиям не входит")


class VprIndividualImporter(AggregatingImporter):
    kind = "vpr-individual"
    title = _("ВПР: индивидуальные результаты (выгрузка ФИС ОКО)")
    allow_extra_columns = True  # task columns such as «1 (2б)» (found by tasks.task_columns, not declared)
    columns = (
        Column("ОО", "school", required=True, help="код ОО", example="231001"),
        Column("Код участника", "participant", required=False, help="повтор кода — ошибка", example="2310010501"),
        Column("Класс", "grade", required=True, example="5А"),
        Column("Вариант", "variant", required=False, example="1"),
        Column("Первичный балл", "score", required=True, example="12"),
        Column("Отметка", "mark", required=True, example="4"),
        Column("Отметка по журналу", "journal", required=False, example="4"),
        # two task columns show the layout in the template; a file's task columns are read whatever their number
        Column("1 (1б) Б", "task_example_1", required=False, help=TASK_HELP, example="1"),
        Column("2 (2б) П", "task_example_2", required=False, help=TASK_HELP, example="0"),
    )

    def convert_cell(self, column, raw):
        if column.field.startswith("task_example"):  # read with the other task columns (extra_cells)
            return None
        if column.field == "grade":  # the class as named («5А»); its grade is checked here and read in student()
            read.grade(raw)
            return read.class_name(raw)
        if column.field in ("mark", "journal"):
            return read.mark(raw)
        if column.field == "score":
            return read.score(raw)
        text = read.text_of(raw)
        if text and text.isalnum():  # a code as it usually comes: nothing to clean
            return text
        return self.convert(column, raw)

    def context(self, table):
        meta = read.metadata(table.above)
        subject_name = meta.get("предмет")
        if not subject_name:
            raise ImportFileError(_("В шапке файла (строки над таблицей) должен быть «Предмет: …», как в "
                                    "выгрузке ФИС ОКО."))
        start_year = self.school_year(meta, table.above)
        self.task_columns = task_cells.task_columns(table.header, table.above)
        return {"subject": subject_name, "years": [start_year], "year": start_year}

    def extra_cells(self, cells, values, row, plan):
        """The pupil's points on each task column (None: no value), bad cells as errors at the task's column."""
        got, failed, size = [], False, len(cells)
        for column in self.task_columns:
            raw = cells[column.index] if column.index < size else None
            kind = raw.__class__  # the usual cells (a number from XLSX, digits from CSV) without a call
            if kind is float and 0 <= raw <= column.max_points and raw.is_integer() or (
                    kind is int and 0 <= raw <= column.max_points):
                got.append(int(raw))
                continue
            if kind is str and raw.isascii() and raw.isdigit() and int(raw) <= column.max_points:
                got.append(int(raw))
                continue
            try:
                got.append(task_cells.points(raw, column.max_points))
            except ValueError as exc:
                failed = True
                self._error(plan, row, column.header, raw, str(exc))
        values["tasks"] = got
        return failed

    def school_year(self, meta: dict, above: list[list]) -> int:
        """The school year of the file: «Учебный год: …» in the header, else the work's date («Дата: …»),
        else the title («ВПР 2025 …»), else the user's answer — asked for only when the file has none."""
        year_text = meta.get("учебный год") or meta.get("год")
        if year_text:
            try:
                return SchoolYear.parse(year_text)
            except ValueError:
                raise ImportFileError(_("Учебный год в шапке файла записывается как 2024/2025.")) from None
        day = read.date_of(meta.get("дата") or meta.get("дата проведения"))
        if day is not None:
            return school_year_of(day)
        from_title = read.title_year(above)
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
        return ((school, context["year"], Procedure.VPR, subject, read.grade(class_name)),
                {"mark": values["mark"], "score": values["score"], "journal": values.get("journal"),
                 "class_name": class_name})

    # ---- class-level aggregates (teachers' results are their classes' results) -----------------------------

    def validate(self, table, user, progress=lambda done, total: None) -> Plan:
        self.class_groups: dict[tuple, list] = defaultdict(list)
        self.task_columns: list[task_cells.TaskColumn] = []
        # (school id, year, subject id, grade) → [points per task, pupils with a value per task]
        self.task_sums: dict[tuple, tuple[list, list]] = {}
        return super().validate(table, user, progress)

    def student(self, values, row, context):
        key, contribution = self._student(values, row, context)
        school, start_year, _procedure, subject, grade_no = key
        self.class_groups[(school.pk, start_year, subject.pk, contribution["class_name"])].append(contribution)
        self.class_objects[(school.pk, start_year, subject.pk)] = (school, subject)
        if self.task_columns:
            unit = (school.pk, start_year, subject.pk, grade_no)
            sums = self.task_sums.get(unit)
            if sums is None:
                sums = self.task_sums[unit] = ([0] * len(self.task_columns), [0] * len(self.task_columns))
            if contribution["mark"] is not None:  # the pupils the results count (absent ones have no points)
                total, counted = sums
                for i, p in enumerate(values["tasks"]):
                    if p is not None:
                        total[i] += p
                        counted[i] += 1
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
        tasks = TaskResult.objects.filter(school__in=self.schools.values(), school_year__start_year__in=years,
                                          procedure=Procedure.VPR)
        if subject is not None:
            tasks = tasks.filter(subject=subject)
        self.existing_tasks = {(t.school_id, t.school_year.start_year, t.subject_id, t.grade, t.task): t
                               for t in tasks.select_related("school_year")}

    def after_groups(self, plan):
        """Class results of the file's classes: new, changed or the same (the same file twice changes nothing);
        a class stored for a school and subject of the file but absent from it is removed (a corrected file)."""
        self.class_create, self.class_update, self.class_delete = [], [], []
        self.task_create, self.task_update, self.task_delete = [], [], []
        if plan.errors:
            return
        fields = ("grade", "participants", "mark2", "mark3", "mark4", "mark5", "mean_score")
        present = set()
        for (school_id, start_year, subject_id, class_name), contributions in self.class_groups.items():
            data = self.aggregate(contributions, Procedure.VPR)
            if not data["participants"]:  # nobody of the class wrote the work: no class result
                continue
            present.add((school_id, start_year, subject_id, class_name))
            data = {"grade": read.grade(class_name), **{f: data[f] for f in fields[1:]}}
            found = self.existing_classes.get((school_id, start_year, subject_id, class_name))
            if found is None:
                school, subject = self.class_objects[(school_id, start_year, subject_id)]
                self.class_create.append(ClassResult(school=school, school_year=self.year(start_year),
                                                     procedure=Procedure.VPR, subject=subject,
                                                     class_name=class_name, **data))
            elif any(read.differs_value(getattr(found, f), v) for f, v in data.items()):
                for f, v in data.items():
                    setattr(found, f, v)
                self.class_update.append(found)
        covered = set(self.class_objects)
        self.class_delete = [c.pk for key, c in self.existing_classes.items()
                             if key[:3] in covered and key not in present]
        self.plan_tasks()

    def plan_tasks(self):
        """Task results of the file's school × grade units: new, changed or the same; a task stored for a unit of the
        file but absent from it is removed (a corrected file replaces the unit's tasks). A file without task columns
        leaves stored tasks as they are: it tells nothing about them."""
        self.task_create, self.task_update, self.task_delete = [], [], []
        present = set()
        for unit, (total, counted) in self.task_sums.items():
            school_id, start_year, subject_id, grade_no = unit
            for column, points, participants in zip(self.task_columns, total, counted, strict=True):
                if not participants:
                    continue
                key = (*unit, column.task)
                present.add(key)
                data = {"level": column.level, "max_points": column.max_points, "points": points,
                        "participants": participants}
                found = self.existing_tasks.get(key)
                if found is None:
                    school, subject = self.class_objects[(school_id, start_year, subject_id)]
                    self.task_create.append(TaskResult(school=school, school_year=self.year(start_year),
                                                       procedure=Procedure.VPR, subject=subject, grade=grade_no,
                                                       task=column.task, **data))
                elif any(getattr(found, f) != v for f, v in data.items()):
                    for f, v in data.items():
                        setattr(found, f, v)
                    self.task_update.append(found)
        units = set(self.task_sums)
        self.task_delete = [t.pk for key, t in self.existing_tasks.items() if key[:4] in units and key not in present]

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
        for task in self.task_create:
            task.school_year_id = task.school_year.pk
        TaskResult.objects.bulk_create(self.task_create, batch_size=1000)
        # a changed task is written anew: nothing refers to task rows, and an UPDATE of thousands of rows through
        # CASE expressions (bulk_update) took a minute on SQLite where DELETE and INSERT take a second
        changed = [task.pk for task in self.task_update]
        for start in range(0, len(changed), 1000):
            TaskResult.objects.filter(pk__in=changed[start:start + 1000]).delete()
        for task in self.task_update:
            task.pk = None
        TaskResult.objects.bulk_create(self.task_update, batch_size=1000)
        for start in range(0, len(self.task_delete), 1000):
            TaskResult.objects.filter(pk__in=self.task_delete[start:start + 1000]).delete()
        summary["tasks"] = {"created": len(self.task_create), "updated": len(self.task_update),
                            "removed": len(self.task_delete)}
        return summary
