"""Import templates that cannot hurt: every kind's template marks its example rows («да» in the last column «Пример»);
the untouched template, or any file holding an example row (marked or not), is refused with a Russian message before
any row is checked — by the service, the upload page and `manage.py import_file` — and nothing is written."""

from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from core.imports import IMPORTERS
from core.imports.services import run_import, template_csv, template_workbook
from core.models import ImportJob
from schools.models import AssessmentResult

from ..factories import SchoolFactory, result

EXAMPLES = "Это строки-примеры из шаблона"
ALL_KINDS = sorted(IMPORTERS)


def _counts():
    return {kind: importer.model.objects.count() for kind, importer in IMPORTERS.items()}


@pytest.fixture
def real_school(muni_a, year):
    """The school the results template's example row names, with a real result (53 participants) for that row."""
    school = SchoolFactory(municipality=muni_a, code="231001", short_name="МБОУ СОШ № 4")
    return school, result(school, 2024, "vpr", "math", 5, 53, mark2=5, mark3=20, mark4=20, mark5=8)


def test_every_kind_shows_its_examples_marked():
    assert len(ALL_KINDS) >= 9
    for kind in ALL_KINDS:
        columns = IMPORTERS[kind].columns
        ws = load_workbook(BytesIO(template_workbook(kind)))["Данные"]
        assert [c.value for c in ws[1]] == [*(c.header for c in columns), "Пример"], kind
        assert ws.max_row == 1 + len(IMPORTERS[kind].example_rows()), kind
        assert all(ws.cell(row=r, column=len(columns) + 1).value == "да" for r in range(2, ws.max_row + 1)), kind
        lines = template_csv(kind).decode("utf-8-sig").splitlines()
        assert lines[0].endswith(";Пример") and all(line.endswith(";да") for line in lines[1:]), kind


@pytest.mark.parametrize("kind", ALL_KINDS)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_untouched_template_is_refused_and_nothing_written(db, real_school, kind, fmt):
    data = template_workbook(kind) if fmt == "xlsx" else template_csv(kind)
    before = _counts()
    outcome = run_import(kind=kind, file=BytesIO(data), filename=f"template.{fmt}", options={"roadmap": 1, "event": 1})
    assert not outcome.ok and len(outcome.errors) == 1
    assert outcome.errors[0]["message"].startswith(EXAMPLES) and "Ничего не записано" in outcome.errors[0]["message"]
    assert _counts() == before
    assert AssessmentResult.objects.get(school=real_school[0]).participants == 53


def test_an_example_row_without_its_mark_is_refused_too(db, real_school):
    """The column «Пример» deleted, the example row kept among real rows: refused, naming the row."""
    school, stored = real_school
    header = "Код ОО;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Средний балл;Понизили;" \
             "Подтвердили;Повысили"
    data = (f"{header}\n{school.code};2023/2024;ВПР;Математика;5;40;4;20;10;6;;;;\n"
            "231001;2024/2025;ВПР;Математика;5;48;6;20;15;7;11,4;5;38;5\n").encode()
    outcome = run_import(kind="results", file=BytesIO(data), filename="f.csv")
    assert not outcome.ok
    assert outcome.errors[0]["message"] == ("Это строки-примеры из шаблона: строки 3. Удалите их и загрузите файл "
                                            "снова. Ничего не записано.")
    assert AssessmentResult.objects.count() == 1 and AssessmentResult.objects.get().participants == stored.participants


def test_a_marked_row_is_refused_whatever_it_holds(db, real_school):
    school, _stored = real_school
    data = ("Код ОО;Учебный год;Процедура;Предмет;Класс;Участников;Пример\n"
            f"{school.code};2023/2024;ВПР;Математика;5;40;\n"
            f"{school.code};2022/2023;ВПР;Математика;5;41;да\n").encode()
    outcome = run_import(kind="results", file=BytesIO(data), filename="f.csv")
    assert not outcome.ok and "строки 3." in outcome.errors[0]["message"]
    assert AssessmentResult.objects.count() == 1


def test_a_file_of_own_rows_with_an_empty_example_column_loads(db, real_school):
    """The template's column «Пример» left in place but empty: the rows are data."""
    school, _stored = real_school
    data = ("Код ОО;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»;Пример\n"
            f"{school.code};2023/2024;ВПР;Математика;5;40;2;10;20;8;\n").encode()
    outcome = run_import(kind="results", file=BytesIO(data), filename="f.csv")
    assert outcome.ok, outcome.errors
    assert AssessmentResult.objects.count() == 2


def test_the_upload_page_refuses_the_template_at_the_field(client_for, methodologist_a, real_school):
    client = client_for(methodologist_a)
    template = client.get(reverse("imports:template", args=["results", "xlsx"])).content
    upload = SimpleUploadedFile("template-results.xlsx", template)
    response = client.post(reverse("imports:start"), {"kind": "results", "file": upload})
    assert response.status_code == 400
    assert EXAMPLES in response.content.decode()
    assert not ImportJob.objects.exists()
    assert AssessmentResult.objects.get().participants == 53


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_the_command_refuses_the_template_with_a_non_zero_exit(db, tmp_path, real_school, kind):
    path = tmp_path / f"template-{kind}.xlsx"
    path.write_bytes(template_workbook(kind))
    target = ["--target", "1"] if IMPORTERS[kind].targeted else []
    before, err = _counts(), StringIO()
    with pytest.raises(CommandError, match="Файл отклонён") as refused:
        call_command("import_file", kind, str(path), *target, stdout=StringIO(), stderr=err)
    assert refused.value.returncode == 1
    assert EXAMPLES in err.getvalue()
    assert _counts() == before


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_upload_page_refuses_the_template_before_storing_it(db, methodologist_a, kind):
    """`start_job` is what every upload page calls (the import page, a roadmap's, an event's): the template is
    refused there, with the message the page shows, and no job or file is kept."""
    from django.core.exceptions import ValidationError

    from core.imports.services import start_job

    upload = SimpleUploadedFile(f"template-{kind}.xlsx", template_workbook(kind))
    with pytest.raises(ValidationError, match=EXAMPLES):
        start_job(actor=methodologist_a, kind=kind, upload=upload, options={"roadmap": 1, "event": 1})
    assert not ImportJob.objects.exists()
