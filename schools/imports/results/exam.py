"""Kind `exam-protocol`: a per-student ОГЭ/ЕГЭ protocol (with column mapping); a missing mark comes from the
year's grading scale, ЕГЭ counts only «below the minimum»."""


from django.utils.translation import gettext as _

from core.imports.base import Column
from core.imports.readers import normalize_header

from ...models import GradingScale, Procedure
from . import cells as read
from .per_student import AggregatingImporter


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
            return read.mark(raw)
        if column.field == "score":
            return read.score(raw)
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
