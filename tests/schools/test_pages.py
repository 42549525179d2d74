"""Registry pages: refusals, edits, validation next to fields, exports, constant query counts."""

import re
from html import unescape
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from schools.models import School, SchoolYearData, Teacher

from ..factories import MunicipalityFactory, SchoolFactory, SchoolYearDataFactory, TeacherFactory, result


def _detail(school):
    return reverse("schools:school_detail", args=[school.pk])


# ---- anonymous and foreign ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["schools:school_list", "schools:municipality_list", "schools:school_create",
                                  "accounts:user_list"])
def test_anonymous_goes_to_sign_in(client, db, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_foreign_school_is_404_everywhere(client_for, director_b1, school_a1):
    client = client_for(director_b1)
    teacher = TeacherFactory(school=school_a1)
    for url in [_detail(school_a1), reverse("schools:school_edit", args=[school_a1.pk]),
                reverse("schools:yearly_data_create", args=[school_a1.pk]),
                reverse("schools:teacher_create", args=[school_a1.pk]),
                reverse("schools:teacher_edit", args=[teacher.pk]),
                reverse("schools:teacher_export", args=[school_a1.pk]),
                reverse("schools:municipality_detail", args=[school_a1.municipality_id])]:
        assert client.get(url).status_code == 404, url


def test_list_shows_only_visible_schools(client_for, director_b1, school_a1, school_b1):
    response = client_for(director_b1).get(reverse("schools:school_list"))
    content = response.content.decode()
    assert school_b1.short_name in content
    assert school_a1.short_name not in content


# ---- read-only and private data ---------------------------------------------------------------

def test_director_sees_neighbour_registry_but_not_private_data(client_for, director_a1, school_a2):
    TeacherFactory(school=school_a2, full_name="Сидорова Ольга Ивановна")
    SchoolYearDataFactory(school=school_a2)
    client = client_for(director_a1)
    response = client.get(_detail(school_a2))
    content = response.content.decode()
    assert response.status_code == 200
    assert school_a2.short_name in content
    assert "Сидорова" not in content
    assert "Контингент и социальный контекст" not in content
    assert "Редактировать" not in content
    assert client.get(reverse("schools:school_edit", args=[school_a2.pk])).status_code == 403
    assert client.get(reverse("schools:teacher_export", args=[school_a2.pk])).status_code == 403
    assert client.post(reverse("schools:yearly_data_create", args=[school_a2.pk]), {}).status_code == 403


def test_head_reads_private_data_but_cannot_edit(client_for, head_a, school_a1):
    TeacherFactory(school=school_a1, full_name="Кузнецова Анна Сергеевна")
    client = client_for(head_a)
    content = client.get(_detail(school_a1)).content.decode()
    assert "Кузнецова Анна Сергеевна" in content
    assert client.get(reverse("schools:school_edit", args=[school_a1.pk])).status_code == 403
    assert client.post(reverse("schools:school_create"), {}).status_code == 403


# ---- edits ------------------------------------------------------------------------------------

def _school_post(school, **changes):
    data = {f: getattr(school, f) for f in ["code", "short_name", "full_name", "inn", "kind", "location",
                                             "address", "director_name", "phone", "email", "website"]}
    data["municipality"] = school.municipality_id
    data["is_active"] = "on" if school.is_active else ""
    data.update(changes)
    return data


def test_director_edits_own_school_and_audit_records_it(client_for, director_a1, school_a1, methodologist_a):
    client = client_for(director_a1)
    response = client.post(reverse("schools:school_edit", args=[school_a1.pk]),
                           _school_post(school_a1, phone="+7 (86162) 5-55-55", code="999999"))
    assert response.status_code == 302
    school_a1.refresh_from_db()
    assert school_a1.phone == "+7 (86162) 5-55-55"
    assert school_a1.code == "230001", "a director cannot change the registry code"
    entry = LogEntry.objects.get_for_object(school_a1).latest("timestamp")
    assert entry.actor == director_a1
    assert "phone" in entry.changes_dict
    # methodologists see the journal on the card, directors do not
    assert "Журнал изменений" not in client.get(_detail(school_a1)).content.decode()
    content = client_for(methodologist_a).get(_detail(school_a1)).content.decode()
    assert "Журнал изменений" in content and "+7 (86162) 5-55-55" in content


def test_wrong_fields_are_shown_next_to_the_field_and_nothing_changes(client_for, methodologist_a, school_a1):
    response = client_for(methodologist_a).post(reverse("schools:school_edit", args=[school_a1.pk]),
                                                _school_post(school_a1, inn="1234567890", email="not-an-email"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Неверная контрольная цифра ИНН." in content
    assert "Введите правильный адрес электронной почты." in content
    school_a1.refresh_from_db()
    assert school_a1.inn == ""


def test_methodologist_creates_school_only_in_own_municipality(client_for, methodologist_a, muni_a, muni_b):
    client = client_for(methodologist_a)
    data = {"municipality": muni_b.pk, "code": "555555", "short_name": "МБОУ СОШ № 55",
            "full_name": "Муниципальное бюджетное общеобразовательное учреждение СОШ № 55", "kind": "sosh",
            "location": "rural", "is_active": "on"}
    response = client.post(reverse("schools:school_create"), data)
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not School.objects.filter(code="555555").exists()
    response = client.post(reverse("schools:school_create"), {**data, "municipality": muni_a.pk})
    school = School.objects.get(code="555555")
    assert response["Location"] == school.get_absolute_url()


def test_duplicate_code_is_refused(client_for, methodologist_a, muni_a, school_a1):
    data = {"municipality": muni_a.pk, "code": school_a1.code, "short_name": "Дубль", "full_name": "Дубль",
            "kind": "sosh", "location": "urban"}
    response = client_for(methodologist_a).post(reverse("schools:school_create"), data)
    assert "Школа с таким Код ОО уже существует." in response.content.decode()
    assert School.objects.filter(code=school_a1.code).count() == 1


# ---- yearly data ------------------------------------------------------------------------------

def _yearly_post(**changes):
    data = {"start_year": 2024, "students": 300, "students_disabled": 10, "students_low_income": 20,
            "students_single_parent": 40, "students_parents_no_higher_ed": 100, "students_non_native": 5,
            "students_preventive_register": 3, "students_unexcused_absences": 7, "teachers": 25,
            "young_specialists": 3, "vacancies": 1}
    data.update(changes)
    return data


def test_yearly_data_created_and_shown_with_changes(client_for, director_a1, school_a1):
    client = client_for(director_a1)
    url = reverse("schools:yearly_data_create", args=[school_a1.pk])
    assert client.post(url, _yearly_post(start_year=2023)).status_code == 302
    assert client.post(url, _yearly_post(start_year=2024, students=400, vacancies=6)).status_code == 302
    assert SchoolYearData.objects.filter(school=school_a1).count() == 2
    content = client.get(_detail(school_a1)).content.decode()
    assert "2023/2024" in content and "2024/2025" in content
    assert "+100" in content  # students grew by 100
    assert 'class="num changed"' in content


def test_yearly_changes_are_coloured_only_in_rows_with_a_direction(client_for, director_a1, school_a1):
    client = client_for(director_a1)
    url = reverse("schools:yearly_data_create", args=[school_a1.pk])
    assert client.post(url, _yearly_post(start_year=2023)).status_code == 302
    assert client.post(url, _yearly_post(start_year=2024, students=400, students_low_income=30,
                                         students_preventive_register=9, vacancies=0)).status_code == 302
    html = client.get(_detail(school_a1)).content.decode()

    def tone(delta):
        found = re.findall(r'<span class="small ([a-z]+)" title="Изменение к предыдущему году([^"]*)">'
                           + re.escape(delta) + "</span>", html)
        assert len(found) == 1, delta
        return found[0]

    assert tone("+100") == ("muted", "")  # more students is neither good nor bad
    assert tone("+10") == ("muted", "")  # nor more pupils from low-income families
    assert tone("+6") == ("worse", ": к худшему")  # more pupils on the preventive register
    assert tone("−1") == ("better", ": к лучшему")  # fewer vacancies (a true minus sign)
    assert "(7,5\u00a0%)" in html and "(6,7\u00a0%)" in html  # 30 of 400, 20 of 300: the sign kept by its number


def test_results_on_the_card_are_grouped_by_year_and_procedure(client_for, director_a1, school_a1):
    for year in (2023, 2024):
        result(school_a1, year, "vpr", "math", 5, 20, mark2=5, mark3=15, mean_score=11.5, confirmed=15)
        result(school_a1, year, "oge", "russian", 9, 10, mark3=10)
    html = client_for(director_a1).get(_detail(school_a1)).content.decode()
    section = html[html.index('id="results"'):html.index('id="teachers"')]
    groups = re.findall(r'<tr class="group"><td colspan="6"><span>([^<]+)</span>', section)
    assert groups == ["2024/2025 · ОГЭ", "2024/2025 · ВПР", "2023/2024 · ОГЭ", "2023/2024 · ВПР"]  # newest first
    assert "<td>2024/2025</td>" not in section  # the year is the group's heading, not a column
    assert 'class="data wrap-head compact results"' in section and "responsive" not in section  # a table on phones
    row = unescape(section[section.index("<td>Математика</td>"):]).split("</tr>")[0]
    assert "25,0\u00a0%" in row and "75\u00a0%" in row  # failing share, confirmed: each sign kept by its number


def test_yearly_data_subset_larger_than_total_is_refused(client_for, director_a1, school_a1):
    url = reverse("schools:yearly_data_create", args=[school_a1.pk])
    response = client_for(director_a1).post(url, _yearly_post(students_disabled=301, young_specialists=30))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Не может быть больше общего числа обучающихся (300)." in content
    assert "Не может быть больше числа педагогов (25)." in content
    assert not SchoolYearData.objects.exists()


def test_yearly_data_same_year_twice_is_refused(client_for, director_a1, school_a1):
    SchoolYearDataFactory(school=school_a1, school_year__start_year=2024)
    response = client_for(director_a1).post(reverse("schools:yearly_data_create", args=[school_a1.pk]),
                                            _yearly_post())
    assert "уже внесены" in response.content.decode()
    assert SchoolYearData.objects.count() == 1


def test_yearly_data_edit_keeps_year(client_for, director_a1, school_a1):
    record = SchoolYearDataFactory(school=school_a1, school_year__start_year=2024)
    url = reverse("schools:yearly_data_edit", args=[school_a1.pk, 2024])
    response = client_for(director_a1).post(url, _yearly_post(start_year=2030, students=777))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.students == 777 and record.school_year.start_year == 2024
    assert client_for(director_a1).get(reverse("schools:yearly_data_edit", args=[school_a1.pk, 2019])
                                       ).status_code == 404


# ---- teachers ---------------------------------------------------------------------------------

def test_teacher_create_and_edit(client_for, director_a1, school_a1):
    client = client_for(director_a1)
    data = {"full_name": "Орлова Вера Николаевна", "position": "учитель", "subjects": "русский язык, литература",
            "experience_years": 12, "qualification_category": "first", "is_active": "on"}
    assert client.post(reverse("schools:teacher_create", args=[school_a1.pk]), data).status_code == 302
    teacher = Teacher.objects.get(full_name="Орлова Вера Николаевна")
    assert teacher.school == school_a1 and teacher.subjects == "русский язык, литература"
    response = client.post(reverse("schools:teacher_create", args=[school_a1.pk]), data)
    assert "В школе уже есть педагог «Орлова Вера Николаевна»" in response.content.decode()
    response = client.post(reverse("schools:teacher_edit", args=[teacher.pk]), {**data, "experience_years": -1})
    assert "Убедитесь, что это значение больше либо равно 0." in response.content.decode()
    assert client.post(reverse("schools:teacher_edit", args=[teacher.pk]),
                       {**data, "experience_years": 13}).status_code == 302
    teacher.refresh_from_db()
    assert teacher.experience_years == 13


# ---- exports ----------------------------------------------------------------------------------

def _xlsx_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_school_export_respects_scope_and_filters(client_for, methodologist_a, school_a1, school_a2, school_b1):
    school_a2.location = "rural"
    school_a2.save()
    client = client_for(methodologist_a)
    rows = _xlsx_rows(client.get(reverse("schools:school_list_export")))
    assert rows[0][0] == "Код ОО"
    assert sorted(r[0] for r in rows[1:]) == ["230001", "230002"]
    rows = _xlsx_rows(client.get(reverse("schools:school_list_export") + "?location=rural"))
    assert [r[0] for r in rows[1:]] == ["230002"]


def test_yearly_export_only_private_scope(client_for, director_a1, school_a1, school_a2):
    SchoolYearDataFactory(school=school_a1)
    SchoolYearDataFactory(school=school_a2)
    rows = _xlsx_rows(client_for(director_a1).get(reverse("schools:yearly_data_export")))
    assert [r[0] for r in rows[1:]] == ["230001"]
    assert rows[1][2] == "2024/2025"


def test_municipality_list_and_export(client_for, methodologist_a, school_a1, school_a2, school_b1):
    client = client_for(methodologist_a)
    content = client.get(reverse("schools:municipality_list")).content.decode()
    assert "Динской район" in content and "Калининский район" not in content
    rows = _xlsx_rows(client.get(reverse("schools:municipality_list_export")))
    assert rows[1][:4] == ["dinskoy", "Динской район", "Краснодарский край", 2]


# ---- search, filter, sort, paginate -----------------------------------------------------------

def test_search_filter_and_pagination(client_for, methodologist_a, muni_a):
    for i in range(60):
        SchoolFactory(municipality=muni_a, short_name=f"Школа {i:02d}", kind="lyceum" if i % 2 else "sosh")
    client = client_for(methodologist_a)
    response = client.get(reverse("schools:school_list") + "?kind=lyceum&ordering=-name")
    page = response.context["page_obj"]
    assert page.paginator.count == 30
    assert page.object_list[0].short_name == "Школа 59"
    response = client.get(reverse("schools:school_list") + "?q=школа 0")
    assert response.context["page_obj"].paginator.count == 10
    response = client.get(reverse("schools:school_list") + "?page=2")
    assert len(response.context["page_obj"].object_list) == 10
    response = client.get(reverse("schools:school_list") + "?kind=nonsense")
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()


# ---- query counts -----------------------------------------------------------------------------

def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["schools:school_list", "schools:municipality_list"])
def test_list_pages_run_constant_queries(client_for, methodologist_a, muni_a, url_name):
    client = client_for(methodologist_a)
    url = reverse(url_name)
    SchoolFactory.create_batch(10, municipality=muni_a)
    small = _count_queries(client, url)
    schools = SchoolFactory.create_batch(290, municipality=muni_a)
    for s in schools[:50]:
        SchoolYearDataFactory(school=s)
    for _ in range(5):
        MunicipalityFactory(region=muni_a.region)
    assert _count_queries(client, url) == small


def test_school_card_runs_constant_queries(client_for, methodologist_a, school_a1):
    client = client_for(methodologist_a)
    url = _detail(school_a1)
    TeacherFactory(school=school_a1)
    small = _count_queries(client, url)
    TeacherFactory.create_batch(30, school=school_a1)
    for year in (2022, 2023):
        SchoolYearDataFactory(school=school_a1, school_year__start_year=year)
    assert _count_queries(client, url) == small
