"""Registry API: scoping (404 foreign, 403 read-only), writes through services with audit, filters,
assessment results, constant query counts, OpenAPI schema. (Sign-in and tokens: tests/accounts/test_api_auth.py.)"""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from schools.models import AssessmentResult, School, SchoolYearData, Teacher

from ..factories import SchoolFactory, SchoolYearDataFactory, TeacherFactory, result


@pytest.fixture
def api():
    def _as(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _as


def school_payload(**kw):
    data = {"code": "555555", "short_name": "МБОУ СОШ № 55", "full_name": "Муниципальное бюджетное "
            "общеобразовательное учреждение СОШ № 55", "kind": "sosh", "location": "rural", "municipality": "dinskoy"}
    data.update(kw)
    return data


def test_foreign_school_is_404_and_neighbour_private_data_hidden(api, director_a1, school_a2, school_b1):
    client = api(director_a1)
    assert client.get(f"/api/v1/schools/{school_b1.pk}/").status_code == 404
    response = client.get(f"/api/v1/schools/{school_a2.pk}/")
    assert response.status_code == 200 and response.json()["code"] == school_a2.code
    teacher = TeacherFactory(school=school_a2)
    record = SchoolYearDataFactory(school=school_a2)
    assert client.get(f"/api/v1/teachers/{teacher.pk}/").status_code == 404
    assert client.get(f"/api/v1/yearly-data/{record.pk}/").status_code == 404
    assert client.get("/api/v1/teachers/").json()["count"] == 0
    assert client.get("/api/v1/yearly-data/").json()["count"] == 0


def test_director_edits_own_school_not_neighbour(api, director_a1, school_a1, school_a2):
    client = api(director_a1)
    response = client.patch(f"/api/v1/schools/{school_a1.pk}/", {"phone": "+7 (861) 000-00-00"}, format="json")
    assert response.status_code == 200 and response.json()["phone"] == "+7 (861) 000-00-00"
    entry = LogEntry.objects.get_for_object(School.objects.get(pk=school_a1.pk)).latest("timestamp")
    assert entry.actor == director_a1
    assert client.patch(f"/api/v1/schools/{school_a2.pk}/", {"phone": "1"}, format="json").status_code == 403
    response = client.patch(f"/api/v1/schools/{school_a1.pk}/", {"code": "999999"}, format="json")
    assert response.status_code == 400 and "code" in response.json()
    assert client.delete(f"/api/v1/schools/{school_a1.pk}/").status_code == 405


def test_head_reads_but_cannot_write(api, head_a, school_a1):
    client = api(head_a)
    assert client.get("/api/v1/schools/").json()["count"] == 1
    assert client.patch(f"/api/v1/schools/{school_a1.pk}/", {"phone": "1"}, format="json").status_code == 403
    assert client.post("/api/v1/schools/", school_payload(), format="json").status_code == 403


def test_methodologist_creates_school_in_own_municipality_only(api, methodologist_a, muni_a, muni_b):
    client = api(methodologist_a)
    response = client.post("/api/v1/schools/", school_payload(municipality=muni_b.code), format="json")
    assert response.status_code == 400
    assert response.json()["municipality"] == ["Нет прав добавлять школы в этот муниципалитет."]
    response = client.post("/api/v1/schools/", school_payload(), format="json")
    assert response.status_code == 201
    assert School.objects.get(code="555555").municipality == muni_a


def test_validation_errors_in_russian(api, methodologist_a, school_a1, muni_a):
    client = api(methodologist_a)
    response = client.post("/api/v1/schools/", school_payload(inn="1234567890"), format="json")
    assert response.status_code == 400 and response.json()["inn"] == ["Неверная контрольная цифра ИНН."]
    response = client.post("/api/v1/schools/", school_payload(code=school_a1.code), format="json")
    assert response.status_code == 400 and "уже существует" in response.json()["code"][0]
    data = {"school": school_a1.code, "school_year": "2024/2025", "students": 100, "students_disabled": 101,
            "teachers": 10}
    response = client.post("/api/v1/yearly-data/", data, format="json")
    assert response.json()["students_disabled"] == ["Не может быть больше общего числа обучающихся (100)."]
    response = client.post("/api/v1/yearly-data/", {**data, "school_year": "2024-2026"}, format="json")
    assert response.json()["school_year"] == ["Учебный год записывается как 2024/2025."]
    assert not SchoolYearData.objects.exists()


def test_yearly_data_and_teachers_write(api, director_a1, school_a1, school_a2):
    client = api(director_a1)
    data = {"school": school_a1.code, "school_year": "2024/2025", "students": 300, "teachers": 25}
    response = client.post("/api/v1/yearly-data/", data, format="json")
    assert response.status_code == 201 and response.json()["school_year"] == "2024/2025"
    assert client.post("/api/v1/yearly-data/", data, format="json").status_code == 400
    record_id = response.json()["id"]
    response = client.patch(f"/api/v1/yearly-data/{record_id}/", {"vacancies": 3}, format="json")
    assert response.status_code == 200 and SchoolYearData.objects.get().vacancies == 3
    assert client.post("/api/v1/yearly-data/", {**data, "school": school_a2.code}, format="json").status_code == 403
    response = client.post("/api/v1/teachers/", {"school": school_a1.code, "full_name": "Орлова Вера Николаевна",
                                                 "subjects": "математика"}, format="json")
    assert response.status_code == 201
    assert client.post("/api/v1/teachers/", {"school": school_a2.code, "full_name": "Х"},
                       format="json").status_code == 403
    assert Teacher.objects.get().school == school_a1


def test_filters_search_ordering(api, methodologist_a, muni_a):
    SchoolFactory(municipality=muni_a, short_name="Лицей № 1", kind="lyceum", location="urban")
    SchoolFactory(municipality=muni_a, short_name="СОШ № 2", kind="sosh", location="rural", is_active=False)
    client = api(methodologist_a)
    assert [s["short_name"] for s in client.get("/api/v1/schools/?kind=lyceum").json()["results"]] == ["Лицей № 1"]
    assert client.get("/api/v1/schools/?is_active=false").json()["count"] == 1
    assert client.get("/api/v1/schools/?location=rural").json()["count"] == 1
    assert client.get("/api/v1/schools/?q=лицей").json()["count"] == 1
    assert client.get(f"/api/v1/schools/?municipality={muni_a.pk}").json()["count"] == 2
    names = [s["short_name"] for s in client.get("/api/v1/schools/?ordering=-name").json()["results"]]
    assert names == ["СОШ № 2", "Лицей № 1"]
    assert client.get("/api/v1/schools/?page_size=1").json()["next"]


def test_results_read_in_private_scope_and_write_by_methodologist(api, director_a1, methodologist_a, school_a1,
                                                                  school_a2):
    result(school_a1, 2024, "vpr", "math", 5, 40, mark2=4, mean_score=12)
    result(school_a2, 2024, "vpr", "math", 5, 40, mark2=4, mean_score=12)
    rows = api(director_a1).get("/api/v1/assessment-results/").json()["results"]
    assert [r["school"] for r in rows] == [school_a1.code]
    assert rows[0]["school_year"] == "2024/2025" and rows[0]["subject"] == "math"
    payload = {"school": school_a1.code, "school_year": "2024/2025", "procedure": "oge", "subject": "math",
               "grade": 9, "participants": 30, "mark2": 3, "mark3": 10, "mark4": 10, "mark5": 7, "mean_score": "16.5"}
    assert api(director_a1).post("/api/v1/assessment-results/", payload, format="json").status_code == 403
    response = api(methodologist_a).post("/api/v1/assessment-results/", payload, format="json")
    assert response.status_code == 201, response.json()
    bad = {**payload, "grade": 5, "subject": "russian"}
    response = api(methodologist_a).post("/api/v1/assessment-results/", bad, format="json")
    assert response.json()["grade"] == ["Класс 5 не подходит для процедуры ОГЭ."]
    assert AssessmentResult.objects.count() == 3
    filtered = api(methodologist_a).get("/api/v1/assessment-results/?procedure=oge&school_year=2024").json()
    assert filtered["count"] == 1


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/api/v1/schools/", "/api/v1/teachers/", "/api/v1/yearly-data/",
                                 "/api/v1/municipalities/"])
def test_list_endpoints_run_constant_queries(api, methodologist_a, muni_a, url):
    client = api(methodologist_a)
    for _ in range(10):
        s = SchoolFactory(municipality=muni_a)
        TeacherFactory(school=s)
        SchoolYearDataFactory(school=s)
    client.get(url)  # warm-up: the user's scope is cached on the (forced) user object
    small = _queries(client, url + "?page_size=500")
    for _ in range(290):
        s = SchoolFactory(municipality=muni_a)
        TeacherFactory(school=s)
        SchoolYearDataFactory(school=s)
    assert _queries(client, url + "?page_size=500") == small


def test_schema_and_docs_are_local(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/schools/", "/api/v1/yearly-data/", "/api/v1/teachers/", "/api/v1/municipalities/",
                 "/api/v1/auth/token/"):
        assert path in text
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn." not in docs and "unpkg" not in docs and "jsdelivr" not in docs
