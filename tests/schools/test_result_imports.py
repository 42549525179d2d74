"""Result imports: school-level table, per-student ВПР export (ФИС ОКО layout), ОГЭ/ЕГЭ protocol with
column mapping and marks from the grading scale. Broken files write nothing."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.imports.services import run_import
from core.models import ImportJob
from schools.models import AssessmentResult

RESULTS_HEADER = "Код ОО;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Средний балл;Понизили;" \
                 "Подтвердили;Повысили"


def csv_bytes(text):
    return text.replace("\n", "\r\n").encode("utf-8")


def vpr_xlsx(rows, meta=(("Предмет:", "Математика"), ("Учебный год:", "2024/2025"))):
    wb = Workbook()
    ws = wb.active
    ws.append(["Всероссийские проверочные работы. Индивидуальные результаты"])
    for m in meta:
        ws.append(list(m))
    ws.append([])
    ws.append(["№", "ОО", "Класс", "Вариант", "1 (1б)", "2 (2б)", "Первичный балл", "Отметка", "Отметка по журналу"])
    for r in rows:
        ws.append(list(r))
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def imp(kind, data, name="f.csv", **kw):
    return run_import(kind=kind, file=BytesIO(data), filename=name, **kw)


def test_school_level_results(school_a1):
    data = csv_bytes(RESULTS_HEADER + f"\n{school_a1.code};2024/2025;ВПР;математика;5;40;6;20;10;4;11,45;4;30;6\n"
                                      f"{school_a1.code};2024/2025;ЕГЭ;Русский язык;11;20;2;;;;61,5;;;\n")
    result = imp("results", data)
    assert result.ok, result.errors
    vpr = AssessmentResult.objects.get(procedure="vpr")
    assert (vpr.participants, vpr.mark2, str(vpr.mean_score), vpr.raised) == (40, 6, "11.45", 6)
    assert imp("results", data).summary["unchanged"] == 2


def test_school_level_results_refusals(school_a1, school_b1, methodologist_a):
    data = csv_bytes(RESULTS_HEADER + f"\n{school_a1.code};2024/2025;ВПР;математика;5;40;30;20;10;4;11;;;\n"
                                      f"{school_a1.code};2024/2025;ОГЭ;химия-2;9;10;;;;;;;;\n"
                                      f"{school_a1.code};2024/2025;ОГЭ;математика;5;10;;;;;;;;\n"
                                      f"{school_b1.code};2024/2025;ВПР;математика;5;10;;;;;;;;\n")
    result = imp("results", data, user=methodologist_a)
    messages = [(e["row"], e["message"]) for e in result.errors]
    assert (2, "Сумма отметок (64) больше числа участников (40).") in messages
    assert (3, "Предмет не найден в справочнике предметов.") in messages
    assert (4, "Класс 5 не подходит для процедуры ОГЭ.") in messages
    assert (5, "Нет прав вносить результаты этой школы.") in messages
    assert not AssessmentResult.objects.exists()


def test_vpr_individual_export_is_aggregated(school_a1):
    data = vpr_xlsx([
        (1, school_a1.code, "5А", 1, 1, 2, 12, 4, 4),
        (2, school_a1.code, "5А", 2, 1, 0, 5, 2, 3),
        (3, school_a1.code, "5 б", 1, 1, 2, 16, 5, 4),
        (4, school_a1.code, "5Б", 2, 0, 0, None, "Х", 3),
        (5, school_a1.code, "5Б", 2, 0, 0, None, "нет отметки", None),
        (6, school_a1.code, "6", 1, 1, 1, 9, 3, "-"),
    ])
    result = imp("vpr-individual", data, "vpr.xlsx")
    assert result.ok, result.errors
    five = AssessmentResult.objects.get(grade=5)
    assert (five.participants, five.mark2, five.mark4, five.mark5, str(five.mean_score)) == (3, 1, 1, 1, "11.00")
    assert (five.lowered, five.confirmed, five.raised) == (1, 1, 1)
    six = AssessmentResult.objects.get(grade=6)
    assert (six.participants, six.lowered, six.confirmed, six.raised) == (1, None, None, None)
    assert five.subject.code == "math" and five.school_year.start_year == 2024
    assert imp("vpr-individual", data, "vpr.xlsx").summary["unchanged"] == 2


def test_vpr_individual_broken_files(school_a1):
    result = imp("vpr-individual", vpr_xlsx([(1, school_a1.code, "5А", 1, 1, 2, 12, 4, 4)], meta=()), "v.xlsx")
    assert "«Предмет: …»" in result.errors[0]["message"]
    result = imp("vpr-individual", vpr_xlsx([
        (1, school_a1.code, "5А", 1, 1, 2, 12, 6, 4),
        (2, school_a1.code, "пятый", 1, 1, 2, 12, 4, 4),
        (3, "000000", "5А", 1, 1, 2, 12, 4, 4),
        (4, school_a1.code, "5А", 1, 1, 2, "много", 4, 4),
    ]), "v.xlsx")
    assert [(e["row"], e["column"]) for e in result.errors] == [(6, "Отметка"), (7, "Класс"), (8, "ОО"),
                                                                 (9, "Первичный балл")]
    assert not AssessmentResult.objects.exists()


def test_exam_protocol_marks_from_scale_and_ege_minimum(school_a1):
    data = csv_bytes("Код ОО;Процедура;Предмет;Учебный год;Балл;Отметка\n"
                     f"{school_a1.code};ОГЭ;Математика;2024/2025;7;\n"
                     f"{school_a1.code};ОГЭ;Математика;2024/2025;16;\n"
                     f"{school_a1.code};ОГЭ;Математика;2024/2025;25;5\n"
                     f"{school_a1.code};ОГЭ;Математика;2024/2025;;\n"
                     f"{school_a1.code};ЕГЭ;Русский язык;2024/2025;23;\n"
                     f"{school_a1.code};ЕГЭ;Русский язык;2024/2025;81;\n")
    result = imp("exam-protocol", data)
    assert result.ok, result.errors
    oge = AssessmentResult.objects.get(procedure="oge")
    assert (oge.grade, oge.participants, oge.mark2, oge.mark4, oge.mark5, str(oge.mean_score)) == (
        9, 3, 1, 1, 1, "16.00")
    ege = AssessmentResult.objects.get(procedure="ege")
    assert (ege.grade, ege.participants, ege.mark2, str(ege.mean_score)) == (11, 2, 1, "52.00")


def test_exam_protocol_without_scale_or_over_maximum(school_a1):
    data = csv_bytes("Код ОО;Процедура;Предмет;Учебный год;Балл\n"
                     f"{school_a1.code};ОГЭ;Математика;2030/2031;10\n"
                     f"{school_a1.code};ОГЭ;Математика;2024/2025;40\n")
    result = imp("exam-protocol", data)
    assert [e["row"] for e in result.errors] == [2, 3]
    assert "шкалы перевода баллов" in result.errors[0]["message"]
    assert result.errors[1]["message"] == "Балл больше максимального по шкале (31)."
    assert not AssessmentResult.objects.exists()


def test_exam_protocol_with_column_mapping(school_a1):
    data = csv_bytes("ФИО;Школа;Экзамен;Дисциплина;Год;Первичный балл\n"
                     f"Иванов И. И.;{school_a1.code};ОГЭ;Математика;2024/2025;16\n")
    assert "Не найдена строка заголовков" in imp("exam-protocol", data).errors[0]["message"]
    mapping = {"Код ОО": "Школа", "Процедура": "Экзамен", "Предмет": "Дисциплина", "Учебный год": "Год",
               "Балл": "Первичный балл"}
    assert imp("exam-protocol", data, mapping=mapping).ok


def test_mapping_step_in_the_pages(client_for, methodologist_a, school_a1, django_capture_on_commit_callbacks):
    client = client_for(methodologist_a)
    data = csv_bytes("ФИО;Школа;Экзамен;Предмет;Год;Первичный балл\n"
                     f"Иванов И. И.;{school_a1.code};ОГЭ;Математика;2024/2025;16\n")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:start"),
                    {"kind": "exam-protocol", "file": SimpleUploadedFile("p.csv", data)})
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.NEEDS_MAPPING
    assert job.file_header == ["ФИО", "Школа", "Экзамен", "Предмет", "Год", "Первичный балл"]
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Сопоставьте столбцы" in html
    response = client.post(reverse("imports:mapping", args=[job.pk]), {"map_0": "Школа"}, follow=True)
    assert "Укажите столбцы файла для: Процедура" in response.content.decode()
    form = {"map_0": "Школа", "map_1": "Экзамен", "map_2": "Предмет", "map_3": "Год", "map_4": "Первичный балл"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:mapping", args=[job.pk]), form)
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY and job.summary["created"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[job.pk]))
    assert AssessmentResult.objects.get().mark4 == 1


@pytest.mark.parametrize("kind", ["results", "vpr-individual", "exam-protocol"])
def test_result_templates_download(client_for, methodologist_a, kind):
    response = client_for(methodologist_a).get(reverse("imports:template", args=[kind, "xlsx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_results_import_follows_the_results_rule_not_the_school_edit_rule(school_a1, school_b1, muni_a):
    """A methodologist of A who also directs B1 edits B1's registry card, but B1's results belong to B's
    methodologists (schools.access.can_edit_results): the import refuses them as the API and pages do."""
    from accounts.models import Membership, Role

    from ..factories import make_user

    user = make_user(Role.METHODOLOGIST, municipality=muni_a)
    Membership.objects.create(user=user, role=Role.SCHOOL_DIRECTOR, school=school_b1)
    data = csv_bytes(RESULTS_HEADER + f"\n{school_b1.code};2024/2025;ВПР;математика;5;10;1;5;3;1;11;;;\n"
                                      f"{school_a1.code};2024/2025;ВПР;математика;5;10;1;5;3;1;11;;;\n")
    result = imp("results", data, user=user)
    assert [(e["row"], e["message"]) for e in result.errors] == [(2, "Нет прав вносить результаты этой школы.")]
    assert not AssessmentResult.objects.exists()


def fis_oko_xlsx(rows, *, title="ВПР 2025. Индивидуальные результаты участников", date="Дата: 15.04.2025",
                 footer=True):
    """A per-student workbook laid out as ФИС ОКО exports it: a title, «Предмет:», «Дата:», the table with
    participant codes and per-task columns, and totals under it."""
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(["Предмет:", "Математика"])
    if date:
        ws.append([date])
    ws.append([])
    ws.append(["№", "Код участника", "ОО", "Класс", "Вариант", "1 (1б)", "2 (2б)", "Первичный балл", "Отметка",
               "Отметка по журналу"])
    for r in rows:
        ws.append(list(r))
    if footer:
        ws.append([])
        ws.append([f"Всего участников: {len(rows)}"])
        ws.append(["Средний первичный балл", None, None, None, None, None, None, 11.4])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_fis_oko_file_as_it_comes(school_a1, school_a2):
    rows = [(1, "P1", school_a1.code, "5А", 1, 1, 2, 12, 4, 4), (2, "P2", school_a1.code, "5А", 2, 1, 0, 5, 2, 3),
            (3, "P3", school_a1.code, "5Б", 1, 1, 2, 16, 5, 5), (4, "P4", school_a2.code, "5А", 1, 0, 1, 8, 3, 3),
            (5, "P5", school_a2.code, "5А", 2, 1, 1, 9, 3, 4)]
    result = imp("vpr-individual", fis_oko_xlsx(rows), "vpr-2025.xlsx")
    assert result.ok, result.errors
    assert result.summary["total"] == 5  # the totals under the table are not students
    a1 = AssessmentResult.objects.get(school=school_a1)
    a2 = AssessmentResult.objects.get(school=school_a2)
    assert a1.school_year.start_year == 2024  # «Дата: 15.04.2025» → 2024/2025
    assert (a1.participants, a1.mark2, a1.mark4, a1.mark5, str(a1.mean_score)) == (3, 1, 1, 1, "11.00")
    assert (a2.participants, a2.mark3, str(a2.mean_score), a2.lowered, a2.confirmed) == (2, 2, "8.50", 1, 1)


def test_fis_oko_year_from_the_title_then_asked(school_a1):
    rows = [(1, "P1", school_a1.code, "5А", 1, 1, 2, 12, 4, 4)]
    assert imp("vpr-individual", fis_oko_xlsx(rows, date=None), "v.xlsx").ok
    assert AssessmentResult.objects.get().school_year.start_year == 2024  # «ВПР 2025» is spring 2025
    AssessmentResult.objects.all().delete()
    untitled = fis_oko_xlsx(rows, title="Индивидуальные результаты", date=None)
    result = imp("vpr-individual", untitled, "v.xlsx")
    assert not result.ok and "не указан учебный год" in result.errors[0]["message"]
    assert not AssessmentResult.objects.exists()
    assert imp("vpr-individual", untitled, "v.xlsx", options={"school_year": "2023/2024"}).ok
    assert AssessmentResult.objects.get().school_year.start_year == 2023


def test_fis_oko_repeated_participant_names_both_rows(school_a1):
    rows = [(1, "P1", school_a1.code, "5А", 1, 1, 2, 12, 4, 4), (2, "P2", school_a1.code, "5А", 1, 1, 2, 10, 4, 4),
            (3, "P1", school_a1.code, "5А", 1, 1, 2, 12, 4, 4)]
    result = imp("vpr-individual", fis_oko_xlsx(rows), "v.xlsx")
    assert [(e["row"], e["column"], e["value"]) for e in result.errors] == [(8, "Код участника", "P1")]
    assert "строке 6" in result.errors[0]["message"]
    assert not AssessmentResult.objects.exists()


def test_mean_is_rounded_half_up(school_a1):
    rows = [(i, f"P{i}", school_a1.code, "5А", 1, 1, 1, score, 4, 4) for i, score in enumerate((10, 10, 10, 10, 10,
                                                                                                 10, 10, 11.5), 1)]
    assert imp("vpr-individual", fis_oko_xlsx(rows), "v.xlsx").ok
    # 81.5 / 8 = 10.1875 → 10.19; and a half: 10.125 → 10.13 (half-even would give 10.12)
    assert str(AssessmentResult.objects.get().mean_score) == "10.19"
    AssessmentResult.objects.all().delete()
    rows = [(i, f"P{i}", school_a1.code, "5А", 1, 1, 1, score, 4, 4) for i, score in enumerate((10, 10, 10, 10.5), 1)]
    assert imp("vpr-individual", fis_oko_xlsx(rows), "v.xlsx").ok
    assert str(AssessmentResult.objects.get().mean_score) == "10.13"


def test_the_import_page_asks_for_the_year_only_when_the_file_has_none(client_for, methodologist_a, school_a1,
                                                                       django_capture_on_commit_callbacks):
    rows = [(1, "P1", school_a1.code, "5А", 1, 1, 2, 12, 4, 4)]
    client = client_for(methodologist_a)
    upload = SimpleUploadedFile("v.xlsx", fis_oko_xlsx(rows, title="Результаты", date=None))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:start"), {"kind": "vpr-individual", "file": upload})
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.NEEDS_ANSWER and job.question["name"] == "school_year"
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Уточните данные файла" in html and 'name="answer"' in html
    assert not AssessmentResult.objects.exists()
    response = client.post(reverse("imports:answer", args=[job.pk]), {"answer": ""}, follow=True)
    assert "Укажите: Учебный год." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:answer", args=[job.pk]), {"answer": "2024/2025"})
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY and job.options["school_year"] == "2024/2025"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[job.pk]))
    assert AssessmentResult.objects.get().school_year.start_year == 2024


def test_huge_or_odd_numbers_are_row_errors(school_a1):
    rows = [(i, f"P{i}", school_a1.code, "5А", 1, 1, 2, score, 4, 4)
            for i, score in enumerate(("1E+5000000", "Infinity", "sNaN", "1E+50"), 1)]
    result = imp("vpr-individual", fis_oko_xlsx(rows), "v.xlsx")
    assert [(e["row"], e["column"]) for e in result.errors] == [(6, "Первичный балл"), (7, "Первичный балл"),
                                                                (8, "Первичный балл"), (9, "Первичный балл")]
