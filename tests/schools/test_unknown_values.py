"""Unknown is not zero: a count of the yearly data left empty — in the form, an import or the API — is stored as NULL,
shown as «нет данных», and a change against it is not a number; the form offers the school year as a select."""

import re
from html import unescape
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.formats import school_year_name, school_year_of
from core.imports.services import run_import
from schools.models import OPTIONAL_FIELDS, SchoolYearData

from ..factories import SchoolYearDataFactory
from ..html import text_of

CURRENT = school_year_of(timezone.localdate())


def _create(school):
    return reverse("schools:yearly_data_create", args=[school.pk])


def test_the_form_starts_empty_and_offers_the_current_school_year(client_for, director_a1, school_a1):
    SchoolYearDataFactory(school=school_a1, school_year__start_year=CURRENT - 1)
    html = client_for(director_a1).get(_create(school_a1)).content.decode()
    select = html[html.index('name="start_year"'):].split("</select>")[0]
    assert '<input type="number" name="start_year"' not in html  # a select, not a typed year
    options = re.findall(r'<option value="(\d+)"([^>]*)>([^<]+)</option>', select)
    assert options[0][0] == str(CURRENT) and "selected" in options[0][1]
    assert options[0][2] == school_year_name(CURRENT)
    assert unescape(options[1][2]) == f"{school_year_name(CURRENT - 1)} — уже внесены"
    for field in OPTIONAL_FIELDS:  # no count is pre-filled with 0
        tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html).group(0)
        assert "value=" not in tag, tag


def test_only_the_required_counts_are_stored_the_rest_unknown(client_for, director_a1, school_a1):
    client = client_for(director_a1)
    response = client.post(_create(school_a1), {"start_year": CURRENT, "students": 300, "teachers": 20})
    assert response.status_code == 302
    record = SchoolYearData.objects.get(school=school_a1)
    assert record.school_year.start_year == CURRENT
    assert all(getattr(record, f) is None for f in OPTIONAL_FIELDS)
    assert len(record.missing) == 9 and "из малоимущих семей" in record.missing
    # the year's form says what is missing
    page = text_of(client.get(reverse("schools:yearly_data_edit", args=[school_a1.pk, CURRENT])))
    assert "Не внесены (нет данных): из них с ОВЗ, из малоимущих семей" in page


def test_a_year_outside_the_offered_ones_is_refused(client_for, director_a1, school_a1):
    response = client_for(director_a1).post(_create(school_a1), {"start_year": CURRENT + 3, "students": 300,
                                                                  "teachers": 20})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not SchoolYearData.objects.exists()


def test_the_card_shows_unknown_not_zero_and_no_difference_against_it(client_for, director_a1, school_a1):
    SchoolYearDataFactory(school=school_a1, school_year__start_year=CURRENT - 1, students=300,
                          students_low_income=36, students_single_parent=63, vacancies=2, teachers=20)
    SchoolYearDataFactory(school=school_a1, school_year__start_year=CURRENT, students=300, teachers=20,
                          **dict.fromkeys(OPTIONAL_FIELDS))
    client = client_for(director_a1)
    html = client.get(reverse("schools:school_detail", args=[school_a1.pk])).content.decode()
    section = html[html.index('id="yearly"'):html.index('id="results"')]
    row = unescape(section[section.index("Из малоимущих семей"):]).split("</tr>")[0]
    cells = re.findall(r"<td class=\"num[^\"]*\">(.*?)</td>", row, re.S)
    assert "36" in cells[0] and "нет данных" in cells[1]
    assert "−36" not in section and "−63" not in section  # no difference against an unknown value
    assert "+0" not in section
    text = text_of(client.get(reverse("schools:school_detail", args=[school_a1.pk])))
    assert f"За {school_year_name(CURRENT)} не внесены (нет данных): из них с ОВЗ, из малоимущих семей" in text
    assert f"За {school_year_name(CURRENT - 1)} не внесены" not in text


def test_a_known_value_after_an_unknown_year_has_no_number_as_its_change(client_for, director_a1, school_a1):
    SchoolYearDataFactory(school=school_a1, school_year__start_year=CURRENT - 1, vacancies=None)
    SchoolYearDataFactory(school=school_a1, school_year__start_year=CURRENT, vacancies=4)
    html = client_for(director_a1).get(reverse("schools:school_detail", args=[school_a1.pk])).content.decode()
    row = unescape(html[html.index("Вакансий"):]).split("</tr>")[0]
    assert "изм.: нет данных" in row and "+4" not in row


def test_an_empty_cell_in_an_import_is_unknown(school_a1):
    text = ("Код ОО;Учебный год;Обучающихся;Педагогов;Из малоимущих семей;Вакансий\n"
            f"{school_a1.code};2024/2025;300;20;;\n"
            f"{school_a1.code};2023/2024;300;20;30;0\n")
    result = run_import(kind="yearly-data", file=BytesIO(text.encode()), filename="y.csv", user=None)
    assert not result.errors
    new = SchoolYearData.objects.get(school=school_a1, school_year__start_year=2024)
    assert new.students_low_income is None and new.vacancies is None and new.students_disabled is None
    old = SchoolYearData.objects.get(school=school_a1, school_year__start_year=2023)
    assert old.students_low_income == 30 and old.vacancies == 0  # a written 0 is a 0


@pytest.fixture
def api():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return make


def test_the_api_reads_and_writes_unknown_as_null(api, director_a1, school_a1):
    client = api(director_a1)
    response = client.post("/api/v1/yearly-data/", {"school": school_a1.code, "school_year": "2024/2025",
                                                    "students": 300, "teachers": 25}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert all(body[f] is None for f in OPTIONAL_FIELDS)
    response = client.patch(f"/api/v1/yearly-data/{body['id']}/", {"vacancies": 3}, format="json")
    assert response.json()["vacancies"] == 3 and response.json()["students_low_income"] is None
    response = client.patch(f"/api/v1/yearly-data/{body['id']}/", {"vacancies": None}, format="json")
    assert response.status_code == 200 and SchoolYearData.objects.get().vacancies is None


def test_the_card_names_the_source_of_each_teacher_count(client_for, director_a1, school_a1):
    """СОШ № 4 had 20 teachers in its yearly data and 12 in the registry: the card says which is which."""
    from ..factories import TeacherFactory

    SchoolYearDataFactory(school=school_a1, school_year__start_year=CURRENT, teachers=20)
    for i in range(12):
        TeacherFactory(school=school_a1, full_name=f"Педагог {i}")
    TeacherFactory(school=school_a1, full_name="Ушедшая", is_active=False)
    client = client_for(director_a1)
    text = text_of(client.get(reverse("schools:school_detail", args=[school_a1.pk])))
    assert "Педагоги по реестру: 12 работают, 1 не работает" in text
    assert (f"По данным за {school_year_name(CURRENT)} педагогов — 20 (штат на начало года, вносит школа), в реестре "
            "работающих — 12: сверьте реестр и данные за год.") in text
    assert "Педагогов — по данным за год" in text
    SchoolYearData.objects.filter(school=school_a1).update(teachers=12)
    text = text_of(client.get(reverse("schools:school_detail", args=[school_a1.pk])))
    assert "сверьте реестр" not in text  # the two sources agree: nothing to say


def test_a_teacher_without_experience_is_unknown_not_zero(client_for, director_a1, school_a1):
    from schools.models import Teacher

    text = "Код ОО;ФИО;Должность;Стаж, лет\n" f"{school_a1.code};Орлова Вера Николаевна;учитель;\n"
    result = run_import(kind="teachers", file=BytesIO(text.encode()), filename="t.csv", user=None)
    assert not result.errors
    assert Teacher.objects.get(school=school_a1).experience_years is None
    html = client_for(director_a1).get(reverse("schools:school_detail", args=[school_a1.pk])).content.decode()
    section = html[html.index('id="teachers"'):]
    row = unescape(section[section.index("Орлова Вера Николаевна"):]).split("</tr>")[0]
    assert "нет данных" in row
    response = client_for(director_a1).post(reverse("schools:teacher_create", args=[school_a1.pk]), {
        "full_name": "Белова Анна", "position": "учитель", "qualification_category": "none", "is_active": "on"})
    assert response.status_code == 302
    assert Teacher.objects.get(full_name="Белова Анна").experience_years is None


def test_the_import_template_says_an_empty_cell_is_unknown(db):
    from openpyxl import load_workbook

    from core.imports.services import template_workbook

    wb = load_workbook(BytesIO(template_workbook("yearly-data")))
    example = dict(zip([c.value for c in wb["Данные"][1]], [c.value for c in wb["Данные"][2]], strict=True))
    assert example["Из малоимущих семей"] == 60 and example["Обучающихся"] == 500  # not a row of zeros
    notes = {row[0].value: row[2].value for row in wb["Пояснения"].iter_rows(min_row=2) if row[0].value}
    assert "пусто — нет данных (не 0)" in notes["Вакансий"]
    assert "пусто" not in (notes["Педагогов"] or "")  # required


def test_an_empty_count_of_marks_is_refused_not_read_as_zero(db, methodologist_a, school_a1):
    """«2» left empty would be stored as 0 — «no one failed» — and the failing share would read it as a fact."""
    from core.imports.services import run_import
    from schools.models import AssessmentResult

    from ..factories import SchoolYearFactory

    SchoolYearFactory(start_year=2024)
    head = "Код ОО;Учебный год;Процедура;Предмет;Класс;Участников;«2»;«3»;«4»;«5»\n"
    data = (head + f"{school_a1.code};2024/2025;ВПР;Математика;5;40;;10;20;8\n"
                   f"{school_a1.code};2024/2025;ЕГЭ;Математика;11;30;;;;\n").encode()
    outcome = run_import(kind="results", file=BytesIO(data), filename="r.csv", user=methodologist_a)
    assert not outcome.ok and not AssessmentResult.objects.exists()
    assert {(e["row"], e["column"]) for e in outcome.errors} == {(2, "«2»"), (3, "«2»")}  # ЕГЭ: only «2» is asked
    assert all("нет данных" in e["message"] for e in outcome.errors)
