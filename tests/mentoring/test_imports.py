"""Imports of the methodical work: class-level aggregates kept by the per-student ВПР import, the teaching load, the
diagnostics; a broken file writes nothing, the same file twice changes nothing."""

import datetime
from io import BytesIO

from core.imports.services import run_import
from mentoring.models import Diagnostic, DiagnosticScore, TeachingAssignment
from mentoring.selectors import teacher_results
from schools.models import AssessmentResult, ClassResult

from ..factories import TeacherFactory
from ..schools.test_result_imports import csv_bytes, vpr_xlsx


def imp(kind, data, name="f.csv", **kw):
    return run_import(kind=kind, file=BytesIO(data), filename=name, **kw)


def _vpr(school):
    return vpr_xlsx([
        (1, school.code, "5А", 1, 1, 2, 12, 4, 4),
        (2, school.code, "5а", 2, 1, 0, 5, 2, 3),
        (3, school.code, "5 б", 1, 1, 2, 16, 5, 4),
        (4, school.code, "5Б", 2, 0, 0, None, "Х", 3),
        (5, school.code, "6", 1, 1, 1, 9, 3, "-"),
    ])


def test_vpr_individual_keeps_class_results(school_a1):
    result = imp("vpr-individual", _vpr(school_a1), "vpr.xlsx")
    assert result.ok, result.errors
    assert result.summary["classes"] == {"created": 3, "updated": 0, "removed": 0}
    classes = {c.class_name: c for c in ClassResult.objects.all()}
    assert set(classes) == {"5А", "5Б", "6"}
    assert (classes["5А"].participants, classes["5А"].mark2, classes["5А"].mark4, str(classes["5А"].mean_score)) == (
        2, 1, 1, "8.50")
    assert (classes["5Б"].participants, classes["5Б"].mark5, classes["5Б"].grade) == (1, 1, 5)
    assert AssessmentResult.objects.get(grade=5).participants == 3  # the school level as before
    again = imp("vpr-individual", _vpr(school_a1), "vpr.xlsx")
    assert again.summary["unchanged"] == 2 and again.summary["classes"] == {"created": 0, "updated": 0,
                                                                           "removed": 0}
    # a corrected file without class 6 and with another mark in 5Б
    fixed = vpr_xlsx([(1, school_a1.code, "5А", 1, 1, 2, 12, 4, 4), (2, school_a1.code, "5а", 2, 1, 0, 5, 2, 3),
                      (3, school_a1.code, "5 б", 1, 1, 2, 10, 3, 4)])
    assert imp("vpr-individual", fixed, "vpr.xlsx").summary["classes"] == {"created": 0, "updated": 1, "removed": 1}
    assert set(ClassResult.objects.values_list("class_name", flat=True)) == {"5А", "5Б"}


def test_broken_vpr_file_writes_no_class_results(school_a1):
    broken = vpr_xlsx([(1, school_a1.code, "5А", 1, 1, 2, 12, 4, 4), (2, school_a1.code, "15Я", 1, 1, 2, 12, 7, 4)])
    result = imp("vpr-individual", broken, "vpr.xlsx")
    assert not result.ok
    assert any(e["row"] == 7 and e["column"] == "Класс" for e in result.errors), result.errors
    assert not ClassResult.objects.exists() and not AssessmentResult.objects.exists()


LOAD = "Код ОО;ФИО педагога;Учебный год;Класс;Предмет\n"


def test_teaching_load_import_and_teacher_results(school_a1, methodologist_a):
    t = TeacherFactory(school=school_a1, full_name="Орлова Вера Николаевна")
    imp("vpr-individual", _vpr(school_a1), "vpr.xlsx")
    data = csv_bytes(LOAD + f"{school_a1.code};Орлова Вера Николаевна;2024/2025;5 а;Математика\n"
                            f"{school_a1.code};орлова вера николаевна;2024/2025;5Б;математика\n")
    result = imp("teaching-load", data, user=methodologist_a)
    assert result.ok, result.errors
    assert result.summary["created"] == 2
    assert set(TeachingAssignment.objects.values_list("class_name", flat=True)) == {"5А", "5Б"}
    assert imp("teaching-load", data, user=methodologist_a).summary == {
        "total": 2, "created": 0, "updated": 0, "unchanged": 2, "errors": 0}
    r = teacher_results(start_year=2024, teacher_ids=[t.pk])[t.pk]
    # 5А: 2 students («2», «4»), 5Б: 1 student («5») → 3 students, one «2», mean mark (2 + 4 + 5) / 3
    assert (r.students, r.mark2, str(r.failing_share), str(r.mean_mark)) == (3, 1, "33.3", "3.67")


def test_teaching_load_broken_file_writes_nothing(school_a1, school_b1, methodologist_a):
    TeacherFactory(school=school_a1, full_name="Орлова Вера Николаевна")
    TeacherFactory(school=school_b1, full_name="Калинина Ольга Петровна")
    data = csv_bytes(LOAD + f"{school_a1.code};Орлова Вера Николаевна;2024/2025;5А;Математика\n"
                            f"{school_a1.code};Нет Такого;2024/2025;5А;Математика\n"
                            f"{school_a1.code};Орлова Вера Николаевна;2024/2025;5А;Астрология\n"
                            f"{school_b1.code};Калинина Ольга Петровна;2024/2025;5А;Математика\n"
                            f"{school_a1.code};Орлова Вера Николаевна;2024;Я;Математика\n")
    result = imp("teaching-load", data, user=methodologist_a)
    assert not result.ok
    by_row = {e["row"]: (e["column"], e["message"]) for e in result.errors}
    assert by_row[3][0] == "ФИО педагога" and "не найден" in by_row[3][1]
    assert by_row[4][0] == "Предмет"
    assert by_row[5] == ("Код ОО", "Нет прав вносить данные педагогов этой школы.")
    assert by_row[6][0] == "Класс"
    assert not TeachingAssignment.objects.exists()


DIAG = "Код ОО;ФИО педагога;Инструмент;Дата;Компетенция;Балл\n"


def test_diagnostics_import(school_a1, director_a1, instrument):
    TeacherFactory(school=school_a1, full_name="Орлова Вера Николаевна")
    rows = "".join(f"{school_a1.code};Орлова Вера Николаевна;{instrument.name};{day};{code};{score}\n"
                   for day, scores in (("01.10.2024", (40, 55, 30)), ("15.04.2025", (60, 65, 45)))
                   for code, score in zip(("K1", "K2", "Оценочная"), scores, strict=True))
    result = imp("diagnostics", csv_bytes(DIAG + rows), user=director_a1)
    assert result.ok, result.errors
    assert result.summary["created"] == 2
    first = Diagnostic.objects.get(date=datetime.date(2024, 10, 1))
    assert sorted(first.scores.filter(is_deficit=True).values_list("competence__code", flat=True)) == ["K1", "K3"]
    assert imp("diagnostics", csv_bytes(DIAG + rows), user=director_a1).summary["unchanged"] == 2
    changed = rows.replace(";K1;40", ";K1;42")
    outcome = imp("diagnostics", csv_bytes(DIAG + changed), user=director_a1)
    assert outcome.summary["updated"] == 1
    [update] = [p for p in outcome.preview if p["action"] == "update"]  # the preview: each changed score old → new
    assert update["object"] == f"Орлова Вера Николаевна — {instrument.name}, 01.10.2024"
    assert update["changes"] == [{"column": "Балл: K1", "old": "40", "new": "42"}]
    assert DiagnosticScore.objects.filter(score=42).count() == 1 and Diagnostic.objects.count() == 2


def test_diagnostics_broken_file_writes_nothing(school_a1, school_b1, director_a1, instrument):
    TeacherFactory(school=school_a1, full_name="Орлова Вера Николаевна")
    TeacherFactory(school=school_b1, full_name="Калинина Ольга Петровна")
    rows = (f"{school_a1.code};Орлова Вера Николаевна;{instrument.name};01.10.2024;K1;40\n"
            f"{school_a1.code};Орлова Вера Николаевна;{instrument.name};01.10.2024;K2;40\n"  # K3 missing
            f"{school_b1.code};Калинина Ольга Петровна;{instrument.name};01.10.2024;K1;40\n"
            f"{school_a1.code};Орлова Вера Николаевна;{instrument.name};02.10.2024;K1;400\n")
    result = imp("diagnostics", csv_bytes(DIAG + rows), user=director_a1)
    assert not result.ok
    columns = {(e["row"], e["column"]) for e in result.errors}
    assert (4, "Код ОО") in columns and (5, "Балл") in columns
    only_missing = imp("diagnostics", csv_bytes(DIAG + rows.split("\n", 2)[0] + "\n" + rows.split("\n")[1] + "\n"),
                       user=director_a1)
    assert not only_missing.ok and "Оценочная" in only_missing.errors[0]["message"]
    assert not Diagnostic.objects.exists()
