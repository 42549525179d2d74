"""Imports of schools, yearly data and teachers: broken files write nothing; good files are idempotent."""

from io import BytesIO, StringIO

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from core.imports.services import run_import
from core.models import ImportJob
from schools.models import School, SchoolYearData, Teacher

from ..factories import SchoolFactory, make_user

SCHOOL_HEADER = "Код ОО;Муниципалитет (код);Краткое наименование;Полное наименование;Вид;Местность"


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def xlsx_bytes(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def counts():
    return School.objects.count(), SchoolYearData.objects.count(), Teacher.objects.count()


def imp(kind, data: bytes, name="file.csv", user=None, dry_run=False):
    return run_import(kind=kind, file=BytesIO(data), filename=name, user=user, dry_run=dry_run)


# ---- broken files -----------------------------------------------------------------------------

def test_wrong_header_names_missing_and_unknown_columns(muni_a):
    before = counts()
    result = imp("schools", csv_bytes("Код;Муниципалитет (код);Наименование\n1;dinskoy;Школа\n"))
    assert not result.ok
    assert "нет обязательных столбцов «Код ОО», «Краткое наименование»" in result.errors[0]["message"]
    result = imp("schools", csv_bytes(SCHOOL_HEADER + ";Учеников\n1;dinskoy;Ш;Ш;СОШ;сельская;5\n"))
    assert "неизвестные столбцы: «Учеников»" in result.errors[0]["message"]
    assert counts() == before


def test_text_in_number_column(school_a1):
    before = counts()
    result = imp("yearly-data", csv_bytes("Код ОО;Учебный год;Обучающихся;Педагогов\n"
                                          f"{school_a1.code};2024/2025;много;20\n"
                                          f"{school_a1.code};2023/2024;12,5;20\n"))
    assert [(e["row"], e["column"], e["value"], e["message"]) for e in result.errors] == [
        (2, "Обучающихся", "много", "Ожидается целое число."),
        (3, "Обучающихся", "12,5", "Ожидается целое число, а не дробное."),
    ]
    assert counts() == before


def test_duplicate_code_in_file(muni_a):
    result = imp("schools", csv_bytes(SCHOOL_HEADER + "\n555;dinskoy;А;А полное;СОШ;сельская\n"
                                                      "555;dinskoy;Б;Б полное;СОШ;сельская\n"))
    assert result.errors == [{"row": 3, "column": "Код ОО", "value": "555",
                              "message": "Повтор: эта запись уже есть в строке 2 файла."}]
    assert not School.objects.filter(code="555").exists()


def test_unknown_municipality(muni_a):
    result = imp("schools", csv_bytes(SCHOOL_HEADER + "\n555;nowhere;А;А полное;СОШ;сельская\n"
                                                      "556;dinskoy;Б;Б полное;СОШ;сельская\n"))
    assert result.errors[0]["message"] == "Муниципалитет с таким кодом не найден."
    assert result.errors[0]["row"] == 2
    assert not School.objects.filter(code__in=["555", "556"]).exists()


@pytest.mark.parametrize("data,name,message", [
    (b"", "schools.csv", "Файл пуст."),
    (b"\r\n;;\r\n", "schools.csv", "В файле нет ни одной строки с данными."),
    (b"this is not a workbook", "schools.xlsx", "Файл не является книгой Excel (.xlsx)"),
    (b"PK\x03\x04broken zip", "schools.xlsx", "Файл не является книгой Excel (.xlsx) или повреждён."),
    (b"\xd0\xcf\x11\xe0", "schools.xls", "Формат .xls (Excel 97–2003) не поддерживается"),
    (b"x", "schools.pdf", "Неизвестный формат файла"),
])
def test_unreadable_files(db, data, name, message):
    result = imp("schools", data, name)
    assert not result.ok and message in result.errors[0]["message"]


def test_20_mb_file_is_refused_before_parsing(db):
    result = imp("schools", b"x" * (20 * 1024 * 1024), "big.csv")
    assert "Файл больше допустимых 10 МБ" in result.errors[0]["message"]


def test_one_bad_row_writes_nothing_at_all(muni_a):
    rows = "\n".join(f"{700 + i};dinskoy;Школа {i};Школа {i} полная;СОШ;сельская" for i in range(50))
    result = imp("schools", csv_bytes(SCHOOL_HEADER + "\n" + rows + "\n799;dinskoy;X;X;университет;сельская\n"))
    assert len(result.errors) == 1 and result.errors[0]["column"] == "Вид"
    assert "Допустимые: НОШ, ООШ, СОШ" in result.errors[0]["message"]
    assert School.objects.count() == 0


def test_model_rules_apply_row_by_row(school_a1):
    result = imp("yearly-data", csv_bytes("Код ОО;Учебный год;Обучающихся;Педагогов;Из них с ОВЗ;"
                                          "Из них молодых специалистов\n"
                                          f"{school_a1.code};2024/2025;100;10;101;11\n"))
    messages = {(e["column"], e["message"]) for e in result.errors}
    assert ("Из них с ОВЗ", "Не может быть больше общего числа обучающихся (100).") in messages
    assert ("Из них молодых специалистов", "Не может быть больше числа педагогов (10).") in messages
    result = imp("schools", csv_bytes(SCHOOL_HEADER + ";ИНН\n555;dinskoy;А;А;СОШ;сельская;1234567890\n"))
    assert result.errors[0]["message"] == "Неверная контрольная цифра ИНН."


# ---- encodings, separators, idempotency -------------------------------------------------------

def test_cp1251_semicolons_decimal_commas_and_stray_spaces(muni_a, school_a1):
    text = ("Код ОО;Учебный год;Обучающихся;Педагогов;Из них с ОВЗ\n"
            f"  {school_a1.code} ; 2024 / 2025 ;1 200,0;  80 ;12\n")
    result = imp("yearly-data", csv_bytes(text.replace(" 2024 / 2025 ", "2024/2025"), "cp1251"))
    assert result.ok, result.errors
    record = SchoolYearData.objects.get()
    assert (record.students, record.teachers, record.students_disabled) == (1200, 80, 12)


def test_utf8_bom_commas_and_xlsx(muni_a):
    text = "\ufeffКод ОО,Муниципалитет (код),Краткое наименование,Полное наименование,Вид,Местность\n" \
           "555,DINSKOY,\"Школа, № 5\",Полное,лицей,Городская\n"
    muni_a.code = "DINSKOY"
    muni_a.save()
    assert imp("schools", text.encode("utf-8")).ok
    school = School.objects.get(code="555")
    assert (school.short_name, school.kind, school.location) == ("Школа, № 5", "lyceum", "urban")
    data = xlsx_bytes([["Импорт школ Динского района"], [],
                       ["Код ОО", "Муниципалитет (код)", "Краткое наименование", "Полное наименование", "Вид",
                        "Местность", "Действует"],
                       [556, "DINSKOY", "Школа 6", "Полное 6", "СОШ", "сельская", "нет"]])
    result = imp("schools", data, "schools.xlsx")
    assert result.ok, result.errors
    assert School.objects.get(code="556").is_active is False


def test_same_file_twice_changes_nothing_and_updates_only_changes(muni_a, methodologist_a):
    data = csv_bytes(SCHOOL_HEADER + ";Телефон\n555;dinskoy;А;А полное;СОШ;сельская;111\n"
                                     "556;dinskoy;Б;Б полное;ООШ;сельская;222\n")
    assert imp("schools", data, user=methodologist_a).summary["created"] == 2
    second = imp("schools", data, user=methodologist_a)
    assert second.summary == {"total": 2, "created": 0, "updated": 0, "unchanged": 2, "errors": 0}
    changed = csv_bytes(SCHOOL_HEADER + ";Телефон\n555;dinskoy;А;А полное;СОШ;сельская;999\n"
                                        "556;dinskoy;Б;Б полное;ООШ;сельская;222\n")
    third = imp("schools", changed, user=methodologist_a)
    assert (third.summary["updated"], third.summary["unchanged"]) == (1, 1)
    school = School.objects.get(code="555")
    assert school.phone == "999"
    entry = LogEntry.objects.get_for_object(school).order_by("-pk").first()
    assert entry.actor == methodologist_a and entry.changes["phone"] == ["111", "999"]


def test_empty_cells_keep_existing_values(school_a1):
    school_a1.phone = "+7 000"
    school_a1.save()
    data = csv_bytes(SCHOOL_HEADER + ";Телефон\n"
                     f"{school_a1.code};dinskoy;{school_a1.short_name};{school_a1.full_name};СОШ;городская;\n")
    assert imp("schools", data).ok
    school_a1.refresh_from_db()
    assert school_a1.phone == "+7 000"


def test_teachers_import(school_a1):
    data = csv_bytes("Код ОО;ФИО;Предметы;Стаж, лет;Квалификационная категория\n"
                     f"{school_a1.code};Орлова Вера Николаевна;русский язык, литература;12;высшая\n"
                     f"{school_a1.code};Орлова Вера Николаевна;математика;1;первая\n")
    result = imp("teachers", data)
    assert result.errors[0]["row"] == 3 and "Повтор" in result.errors[0]["message"]
    data = csv_bytes("Код ОО;ФИО;Предметы;Стаж, лет;Квалификационная категория\n"
                     f"{school_a1.code};Орлова Вера Николаевна;русский язык, литература;12;высшая\n")
    assert imp("teachers", data).ok
    assert Teacher.objects.get().qualification_category == "highest"


def test_scope_refusal_for_other_municipality(methodologist_a, muni_b, school_b1):
    result = imp("schools", csv_bytes(SCHOOL_HEADER + f"\n555;{muni_b.code};А;А;СОШ;сельская\n"),
                 user=methodologist_a)
    assert result.errors[0]["message"] == "Нет прав вносить школы этого муниципалитета."
    text = f"Код ОО;Учебный год;Обучающихся;Педагогов\n{school_b1.code};2024/2025;1;1\n"
    result = imp("yearly-data", csv_bytes(text), user=methodologist_a)
    assert result.errors[0]["message"] == "Нет прав вносить данные этой школы."
    assert counts() == (1, 0, 0)


# ---- pages ------------------------------------------------------------------------------------

def test_import_pages_refuse_directors_heads_and_anonymous(client, client_for, director_a1, head_a):
    url = reverse("imports:start")
    assert client.get(url).status_code == 302
    assert client_for(director_a1).get(url).status_code == 403
    assert client_for(head_a).get(url).status_code == 403


def test_other_users_job_is_404(client_for, methodologist_a, muni_a):
    other = make_user(Role.METHODOLOGIST, municipality=muni_a)
    job = ImportJob.objects.create(kind="schools", original_name="x.csv", requested_by=other)
    client = client_for(methodologist_a)
    assert client.get(reverse("imports:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("imports:status", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:apply", args=[job.pk])).status_code == 404


def test_upload_preview_apply_flow(client_for, methodologist_a, muni_a, django_capture_on_commit_callbacks):
    client = client_for(methodologist_a)
    upload = SimpleUploadedFile("schools.csv", csv_bytes(SCHOOL_HEADER + "\n555;dinskoy;А;А полное;СОШ;сельская\n"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:start"), {"kind": "schools", "file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.state == ImportJob.State.READY and not School.objects.filter(code="555").exists()
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Будет добавлено: <b>1</b>" in html and "555 — А" in html
    status = client.get(reverse("imports:status", args=[job.pk])).json()
    assert status == {"state": "ready", "state_label": "проверен, ждёт подтверждения", "percent": 100,
                      "processed": 1, "total": 1, "working": False, "text": "1 из 1 строки", "error": "",
                      "stage": "", "stale": False, "restartable": False}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and School.objects.filter(code="555").exists()
    assert "Загрузка завершена: добавлено 1" in client.get(job.get_absolute_url()).content.decode()
    # applying twice does nothing
    response = client.post(reverse("imports:apply", args=[job.pk]), follow=True)
    assert "Загрузить можно только проверенный файл" in response.content.decode()


def test_invalid_upload_shows_errors(client_for, methodologist_a, muni_a, django_capture_on_commit_callbacks):
    client = client_for(methodologist_a)
    upload = SimpleUploadedFile("schools.csv", csv_bytes(SCHOOL_HEADER + "\n555;nowhere;А;А;СОШ;сельская\n"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:start"), {"kind": "schools", "file": upload})
    job = ImportJob.objects.get()
    html = client.get(job.get_absolute_url()).content.decode()
    assert job.state == ImportJob.State.INVALID
    assert "найдено 1 ошибка" in html and "Муниципалитет с таким кодом не найден." in html
    assert client.post(reverse("imports:apply", args=[job.pk])).status_code == 302
    assert not School.objects.filter(code="555").exists()


def test_upload_form_refuses_big_and_foreign_files(client_for, methodologist_a):
    client = client_for(methodologist_a)
    big = SimpleUploadedFile("big.xlsx", b"x" * (20 * 1024 * 1024))
    response = client.post(reverse("imports:start"), {"kind": "schools", "file": big})
    assert response.status_code == 400 and "Файл больше допустимых 10 МБ" in response.content.decode()
    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4")
    response = client.post(reverse("imports:start"), {"kind": "schools", "file": pdf})
    assert response.status_code == 400 and "Загрузите файл .xlsx или .csv." in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("kind", ["schools", "yearly-data", "teachers"])
def test_templates_match_the_importer(client_for, methodologist_a, kind):
    from core.imports import get_importer

    client = client_for(methodologist_a)
    response = client.get(reverse("imports:template", args=[kind, "xlsx"]))
    ws = load_workbook(BytesIO(response.content)).active
    headers = [c.header for c in get_importer(kind).columns]
    assert [c.value for c in ws[1]] == [*headers, "Пример"] and ws.cell(row=2, column=len(headers) + 1).value == "да"
    response = client.get(reverse("imports:template", args=[kind, "csv"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";") == [*headers, "Пример"] and lines[1].split(";")[-1] == "да"


# ---- command ----------------------------------------------------------------------------------

def test_import_file_command(tmp_path, muni_a):
    good = tmp_path / "schools.csv"
    good.write_bytes(csv_bytes(SCHOOL_HEADER + "\n555;dinskoy;А;А полное;СОШ;сельская\n"))
    out = StringIO()
    call_command("import_file", "schools", str(good), "--dry-run", stdout=out)
    assert "будет добавлено 1" in out.getvalue() and not School.objects.exists()
    call_command("import_file", "schools", str(good), stdout=out)
    assert School.objects.filter(code="555").exists()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(SCHOOL_HEADER + "\n556;nowhere;А;А полное;СОШ;сельская\n"))
    err = StringIO()
    with pytest.raises(CommandError, match="Файл отклонён: ошибок — 1"):
        call_command("import_file", "schools", str(bad), stderr=err)
    assert "строка 2, «Муниципалитет (код)» (значение: «nowhere»): Муниципалитет с таким кодом не найден." in \
        err.getvalue()
    with pytest.raises(CommandError, match="Неизвестный вид"):
        call_command("import_file", "pupils", str(good))


def test_constant_queries_validating_many_rows(muni_a, django_assert_max_num_queries):
    schools = [SchoolFactory(municipality=muni_a) for _ in range(30)]
    rows = "\n".join(f"{s.code};2024/2025;{100 + i};10" for i, s in enumerate(schools))
    with django_assert_max_num_queries(12):
        result = imp("yearly-data", csv_bytes("Код ОО;Учебный год;Обучающихся;Педагогов\n" + rows + "\n"),
                     dry_run=True)
    assert result.ok and result.summary["created"] == 30
