"""API of results, methodologies, identification runs with evidence, and statuses: scope and filters."""

import datetime

import pytest
from rest_framework.test import APIClient

from identification import services
from identification.models import Methodology
from schools.models import AssessmentResult

from ..factories import result
from ..identification.test_runs import struggling_municipality


@pytest.fixture
def api():
    def _as(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _as


@pytest.fixture
def approved_run(muni_a, methodologist_a, head_a):
    schools = struggling_municipality(muni_a)
    run = services.create_run(actor=methodologist_a, methodology=Methodology.objects.get(is_default=True),
                              region=muni_a.region, municipality=muni_a, start_year=2024, enqueue=False)
    run = services.compute_run(run=run)
    services.approve_run(actor=head_a, run=run, order_number="7", order_date=datetime.date(2025, 9, 1))
    run.test_schools = schools
    return run


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


def test_methodologies_are_readable(api, director_a1):
    rows = api(director_a1).get("/api/v1/methodologies/").json()["results"]
    assert rows[0]["family"] == "default" and rows[0]["rules"]["lrs"]["min_met"] == 2


def test_runs_and_evidence_only_for_municipal_staff(api, approved_run, methodologist_a, director_a1, muni_b):
    client = api(methodologist_a)
    runs = client.get("/api/v1/identification-runs/?school_year=2024").json()["results"]
    assert [r["id"] for r in runs] == [approved_run.pk] and runs[0]["order_number"] == "7"
    rows = client.get(f"/api/v1/identification-runs/{approved_run.pk}/schools/?status=lrs").json()["results"]
    assert [r["school"] for r in rows] == [approved_run.test_schools[0].code]
    assert rows[0]["evidence"]["C1"]["outcome"] == "met"
    assert api(director_a1).get("/api/v1/identification-runs/").json()["count"] == 0
    assert api(director_a1).get(f"/api/v1/identification-runs/{approved_run.pk}/schools/").status_code == 404


def test_statuses_follow_the_registry_scope(api, approved_run, director_a1, director_b1):
    rows = api(director_a1).get("/api/v1/statuses/?school_year=2024&status=lrs").json()["results"]
    assert len(rows) == 1 and rows[0]["order_number"] == "7" and rows[0]["school_year"] == "2024/2025"
    assert api(director_b1).get("/api/v1/statuses/").json()["count"] == 0
