"""API of methodologies, identification runs with evidence, and statuses: scope and filters."""

import datetime

import pytest
from rest_framework.test import APIClient

from identification import services
from identification.models import Methodology

from ..factories import RunFactory, SchoolStatusFactory
from .test_runs import struggling_municipality


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
    services.approve_run(actor=head_a, run=run, order_number="7", order_date=datetime.date(2024, 9, 2))
    run.test_schools = schools
    return run


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


def test_runs_of_another_municipality_are_404(api, methodologist_a, muni_a, muni_b, year):
    own = RunFactory(municipality=muni_a, school_year=year)
    foreign = RunFactory(municipality=muni_b, school_year=year, approved=True)
    client = api(methodologist_a)
    assert [r["id"] for r in client.get("/api/v1/identification-runs/").json()["results"]] == [own.pk]
    assert client.get(f"/api/v1/identification-runs/{own.pk}/").json()["state"] == "queued"
    assert client.get(f"/api/v1/identification-runs/{foreign.pk}/").status_code == 404


def test_each_director_lists_the_statuses_of_own_municipality(api, director_a1, director_b1, school_a2, school_b1,
                                                              year):
    SchoolStatusFactory(school=school_a2, school_year=year)
    SchoolStatusFactory(school=school_b1, school_year=year, status="dsc")
    rows = api(director_a1).get("/api/v1/statuses/").json()["results"]
    assert [(r["school"], r["status"]) for r in rows] == [(school_a2.code, "lrs")]
    rows = api(director_b1).get("/api/v1/statuses/").json()["results"]
    assert [(r["school"], r["status"]) for r in rows] == [(school_b1.code, "dsc")]
