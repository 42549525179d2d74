"""The API contract: strict parameters answer 400 with a Russian message (never a default, never a
500), and the schema says what the API does — nullable fields, error answers, parameter types. schemathesis runs over
the whole schema in CI (scripts/api_contract.sh); these are the reproductions of the outside test, kept fast."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from roadmaps.models import Roadmap

from ..factories import SchoolYearFactory


@pytest.mark.parametrize(("query", "param", "message"), [
    ("page=0", "page", "целое число не меньше 1"),
    ("page=-1", "page", "целое число не меньше 1"),
    ("page=last", "page", "целое число не меньше 1"),
    ("page_size=false", "page_size", "целое число не меньше 1"),
    ("page_size=1e3", "page_size", "целое число не меньше 1"),
    ("page_size=5000", "page_size", "Не больше 1000"),
    ("page_size=1&page_size=2", "page_size", "один раз"),
    ("is_active=0.5", "is_active", "true или false"),
    ("kind=", "kind", "Укажите значение"),
])
def test_lenient_parameters_are_refused_in_russian(client_for, methodologist_a, school_a1, query, param, message):
    response = client_for(methodologist_a).get(f"/api/v1/schools/?{query}")
    assert response.status_code == 400, response.content
    assert message in response.json()[param][0]


def test_the_outside_tests_reproductions(client_for, methodologist_a, school_a1):
    client = client_for(methodologist_a)
    assert client.get("/api/v1/schools/?municipality=0").status_code == 400  # an unknown municipality: 400
    huge = client.get("/api/v1/assessment-results/?municipality=-3.402823466e%2B38")  # was a 500 (overflow)
    assert huge.status_code == 400 and "число" in huge.json()["municipality"][0]
    assert client.get("/api/v1/identification-runs/%C3%B6/schools/").status_code == 404  # was a 500
    assert client.get("/api/v1/schools/?page=1&page_size=10").status_code == 200
    assert client.get("/api/v1/schools/?page=99").status_code == 404  # past the end: 404, documented


@pytest.fixture
def schema(db):
    return SchemaGenerator().get_schema(request=None, public=True)


def test_nullable_fields_are_documented_as_nullable(schema, client_for, methodologist_a, muni_a):
    props = schema["components"]["schemas"]
    assert props["Roadmap"]["properties"]["school"].get("nullable") is True
    assert props["Roadmap"]["properties"]["last_report_status"].get("nullable") is True
    assert props["Activity"]["properties"]["risk_factor"].get("nullable") is True
    assert "nullable" not in props["Roadmap"]["properties"]["title"]
    # another school's mentor or mentee is answered as null (mentoring/api/pairs.py)
    assert props["Pair"]["properties"]["mentor"].get("nullable") is True
    # and the API does answer null there: a municipal roadmap has no school
    Roadmap.objects.create(level="municipal", municipality=muni_a, school_year=SchoolYearFactory(start_year=2024),
                           title="План", goal="Цель", period_start="2024-09-01", period_end="2025-08-31")
    row = client_for(methodologist_a).get("/api/v1/roadmaps/").json()["results"][0]
    assert row["school"] is None and row["last_report_status"] is None


def test_every_operation_documents_its_error_answers_and_pages_are_integers(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            missing = {"400", "401", "403", "404", "429"} - set(operation["responses"])
            assert not missing, f"{method.upper()} {path}: {sorted(missing)}"
            assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], f"{method.upper()} {path}"
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/schools/"]["get"]["parameters"]}
    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 1000}


@pytest.mark.parametrize("path", ["/api/v1/statuses/", "/api/v1/identification-runs/", "/api/v1/roadmaps/"])
@pytest.mark.parametrize("value", ["0.5", "2024.0", "-1.5"])
def test_a_fraction_where_a_whole_number_is_meant_is_refused_with_the_parameter_named(
        client_for, methodologist_a, path, value):
    response = client_for(methodologist_a).get(path, {"school_year": value})
    assert response.status_code == 400, response.content
    assert response.json()["school_year"] == ["Укажите целое число."]
    assert client_for(methodologist_a).get(path, {"school_year": "2024"}).status_code == 200
