"""Entered values filed by the director in the programme's progress report (one form, one review), through the
report-section extension point of core.registries; read-only once the report is sent and when it is accepted."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring.models import Source, Value
from roadmaps import services as roadmap_services
from roadmaps.models import Level, ProgressReport
from roadmaps.registries import report_sections
from tests.factories import RoadmapFactory, SchoolYearDataFactory

D = datetime.date
GOOD = {"inschool_control": "30", "lessons_visited": "42", "risk_group": "12", "individual_routes": "9",
        "unexcused_absences": "180"}


@pytest.fixture
def programme(school_a1, year):
    SchoolYearDataFactory(school=school_a1, school_year=year, teachers=40)
    return RoadmapFactory(school=school_a1, school_year=year, status="approved")


def report_of(roadmap, start=None, end=None) -> ProgressReport:
    start, end = start or D(2025, 6, 1), end or D(2025, 8, 31)
    return ProgressReport.objects.create(roadmap=roadmap, period_start=start, period_end=end, label="IV квартал",
                                         summary="Итоги")


def values(school, year) -> dict:
    return {v.indicator.code: v for v in Value.objects.filter(school=school, school_year=year,
                                                                source=Source.ENTERED).select_related("indicator")}


def test_the_section_belongs_to_school_programmes_only(programme, muni_a, year):
    assert [s.key for s in report_sections(report_of(programme))] == ["monitoring"]
    municipal = RoadmapFactory(municipal=True, municipality=muni_a, school_year=year, level=Level.MUNICIPAL)
    assert report_sections(report_of(municipal)) == []


def test_director_files_values_in_the_report(programme, director_a1, methodologist_a, school_a1, year,
                                             client_for):
    report = report_of(programme)
    page = client_for(director_a1).get(report.get_absolute_url())
    assert "Показатели мониторинга за учебный год" in page.content.decode()
    response = client_for(director_a1).post(f"/roadmaps/reports/{report.pk}/sections/monitoring/", GOOD)
    assert response.status_code == 302
    # the form shows what was filed
    assert 'value="42"' in client_for(director_a1).get(report.get_absolute_url()).content.decode()
    # reviewed before live: a draft, a sent and a returned report's values are not the school's values yet
    assert values(school_a1, year) == {}
    roadmap_services.submit_report(actor=director_a1, report=report)
    assert values(school_a1, year) == {}
    assert "42" in client_for(methodologist_a).get(report.get_absolute_url()).content.decode()  # the reviewer sees
    api = client_for(methodologist_a).get("/api/v1/indicator-values/", {"school": school_a1.code,
                                                                        "indicator": "lessons_visited"})
    assert api.json()["count"] == 0
    roadmap_services.review_report(actor=methodologist_a, report=report, accept=True)
    v = values(school_a1, year)
    assert v["inschool_control"].value == 75 and v["inschool_control"].n == 40  # 30 of 40 teachers
    assert v["individual_routes"].value == 75 and v["individual_routes"].n == 12
    assert v["lessons_visited"].value == 42 and v["unexcused_absences"].value == 180
    assert v["risk_group"].report_id == report.pk
    api = client_for(methodologist_a).get("/api/v1/indicator-values/", {"school": school_a1.code,
                                                                        "indicator": "lessons_visited"})
    assert api.json()["count"] == 1 and float(api.json()["results"][0]["value"]) == 42


def test_bad_input_is_named_at_its_field_and_writes_nothing(programme, director_a1, school_a1, year, client_for):
    report = report_of(programme)
    bad = {**GOOD, "individual_routes": "20", "inschool_control": "41", "lessons_visited": "-1"}
    response = client_for(director_a1).post(f"/roadmaps/reports/{report.pk}/sections/monitoring/", bad)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Не больше, чем обучающихся в группе риска (12)." in html
    assert "Не больше, чем педагогов в школе за год (40)." in html
    assert "Число не может быть отрицательным." in html
    assert values(school_a1, year) == {}


def test_final_report_needs_the_values_before_it_is_sent(programme, director_a1, school_a1, year):
    early = report_of(programme, D(2024, 9, 1), D(2024, 11, 30))
    roadmap_services.submit_report(actor=director_a1, report=early)  # a quarter before the last: not required
    final = report_of(programme)
    with pytest.raises(ValidationError) as exc:
        roadmap_services.submit_report(actor=director_a1, report=final)
    assert "Количество уроков посещенных администрацией" in " ".join(exc.value.messages)
    roadmap_services.save_report_section(actor=director_a1, report=final, key="monitoring", data=GOOD)
    assert roadmap_services.submit_report(actor=director_a1, report=final).status == "submitted"


def test_values_are_read_only_once_sent_and_accepted(programme, director_a1, methodologist_a, school_a1, year,
                                                     client_for):
    report = report_of(programme)
    roadmap_services.save_report_section(actor=director_a1, report=report, key="monitoring", data=GOOD)
    roadmap_services.submit_report(actor=director_a1, report=report)
    roadmap_services.review_report(actor=methodologist_a, report=report, accept=True)
    with pytest.raises(ValidationError):
        roadmap_services.save_report_section(actor=director_a1, report=report, key="monitoring",
                                             data={**GOOD, "lessons_visited": "99"})
    response = client_for(director_a1).post(f"/roadmaps/reports/{report.pk}/sections/monitoring/",
                                            {**GOOD, "lessons_visited": "99"})
    assert response.status_code == 403
    assert values(school_a1, year)["lessons_visited"].value == 42
    page = client_for(methodologist_a).get(report.get_absolute_url()).content.decode()
    assert "Отчёт принят: значения закреплены и вошли в мониторинг." in page and "42" in page


def test_refusals(programme, director_b1, head_a, client_for):
    report = report_of(programme)
    with pytest.raises(PermissionDenied):
        roadmap_services.save_report_section(actor=head_a, report=report, key="monitoring", data=GOOD)
    assert client_for(director_b1).post(f"/roadmaps/reports/{report.pk}/sections/monitoring/", GOOD).status_code \
        == 404
    assert Value.objects.count() == 0
