"""Every free text is bounded (core/limits.py): in the model, hence in model forms and serializers; in the
hand-written form and serializer fields; in import cells. An over-long text is refused with Russian words at the
field and nothing is written."""

import io

import pytest
from django.apps import apps
from django.db import models

from core import limits
from core.imports.services import run_import
from monitoring import services
from monitoring.models import Audience, Recommendation
from schools.models import School, SchoolYear

PROJECT_APPS = {"accounts", "core", "schools", "identification", "partnerships", "roadmaps", "mentoring",
                "monitoring", "monitoring_reports"}

# Text fields left unbounded on purpose, with the reason; empty today: every text field has a bound.
UNBOUNDED = {}


def test_every_text_field_of_the_project_has_a_max_length():
    seen, missing = 0, []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or not isinstance(field, (models.CharField, models.TextField)):
                continue
            seen += 1
            label = f"{model._meta.label}.{field.name}"
            if field.max_length is None and label not in UNBOUNDED:
                missing.append(label)
    assert seen > 100  # the walk reached the project's models
    assert {m._meta.app_label for m in apps.get_models()} >= PROJECT_APPS
    assert not missing, f"text fields without max_length (core/limits.py): {missing}"


def test_the_limits_are_the_named_ones():
    bounds = {f.max_length for m in apps.get_models() if m._meta.app_label in PROJECT_APPS
              for f in m._meta.get_fields() if isinstance(f, models.TextField)}
    assert bounds == {limits.COMMENT, limits.LONG_TEXT}


@pytest.fixture
def department_rec(muni_a, methodologist_a):
    school_year = SchoolYear.objects.get_or_create(start_year=2024)[0]
    return services.add_recommendation(actor=methodologist_a, municipality=muni_a, school_year=school_year,
                                       audience=Audience.DEPARTMENT, text="Изменить дорожную карту.")


def test_a_form_refuses_an_over_long_text_in_russian_and_writes_nothing(department_rec, head_a, client_for):
    client = client_for(head_a)
    page = client.get(department_rec.get_absolute_url()).content.decode()
    assert f'maxlength="{limits.COMMENT}"' in page  # the browser stops the typing too
    response = client.post(department_rec.get_absolute_url(), {
        "action": "adopt", "order_number": "7-р", "order_date": "2025-01-15", "decision": "я" * (limits.COMMENT + 1)})
    assert response.status_code == 400
    body = response.content.decode()
    assert f"не более {limits.COMMENT} символов" in body and f"(сейчас {limits.COMMENT + 1})" in body
    department_rec.refresh_from_db()
    assert department_rec.state == Recommendation.State.PROPOSED and department_rec.decision == ""
    assert department_rec.order_number == ""

    ok = client.post(department_rec.get_absolute_url(), {
        "action": "adopt", "order_number": "7-р", "order_date": "2025-01-15", "decision": "я" * limits.COMMENT})
    assert ok.status_code == 302  # the bound itself is allowed
    department_rec.refresh_from_db()
    assert len(department_rec.decision) == limits.COMMENT


def test_the_api_refuses_an_over_long_text_in_russian_and_writes_nothing(muni_a, school_a1, methodologist_a,
                                                                         department_rec, client_for):
    client = client_for(methodologist_a)
    before = Recommendation.objects.count()
    created = client.post("/api/v1/recommendations/", {
        "municipality": muni_a.code, "school_year": "2024/2025", "audience": "school", "school": school_a1.code,
        "text": "я" * (limits.LONG_TEXT + 1)}, content_type="application/json")
    assert created.status_code == 400
    assert created.json()["text"] == [f"Убедитесь, что это значение содержит не более {limits.LONG_TEXT} символов."]
    assert Recommendation.objects.count() == before

    patched = client.patch(f"/api/v1/recommendations/{department_rec.pk}/", {"text": "я" * (limits.LONG_TEXT + 1)},
                           content_type="application/json")  # the model serializer takes the model's bound
    assert patched.status_code == 400 and f"не более {limits.LONG_TEXT} символов" in str(patched.json()["text"])
    department_rec.refresh_from_db()
    assert department_rec.text == "Изменить дорожную карту."


def test_an_over_long_import_cell_is_an_error_at_its_row_and_column(muni_a):
    long_name = "Ш" * 600
    text = ("Код ОО;Муниципалитет (код);Краткое наименование;Полное наименование;Вид;Местность\n"
            f"230777;{muni_a.code};Школа;{long_name};СОШ;сельская\n")
    result = run_import(kind="schools", file=io.BytesIO(text.encode()), filename="schools.csv")
    assert not result.ok
    [error] = result.errors
    assert error["row"] == 2 and error["column"] == "Полное наименование"
    assert error["message"] == "Не больше 500 символов, в ячейке 600."
    assert len(error["value"]) < 300 and error["value"].endswith("…")  # the job does not keep the whole cell
    assert not School.objects.filter(code="230777").exists()


def test_a_long_job_failure_is_kept_cut(db):
    from core.models import ImportJob

    job = ImportJob.objects.create(kind="schools", state=ImportJob.WORKING_STATES[0])
    ImportJob.fail(ImportJob.objects.filter(pk=job.pk), "сбой " * 5000)
    job.refresh_from_db()
    assert job.is_failed and len(job.error) == limits.COMMENT


def test_a_service_checks_a_text_that_came_past_a_form():
    from django.core.exceptions import ValidationError

    assert limits.check_length("comment", "я" * limits.COMMENT, limits.COMMENT) == "я" * limits.COMMENT
    with pytest.raises(ValidationError) as refused:
        limits.check_length("comment", "я" * (limits.COMMENT + 1), limits.COMMENT)
    assert refused.value.message_dict == {"comment": [
        f"Убедитесь, что это значение содержит не более {limits.COMMENT} символов (сейчас {limits.COMMENT + 1})."]}
