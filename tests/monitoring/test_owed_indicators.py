"""The director's indicator values in the programme's progress report: each saved on its own (a missing yearly
figure blocks only the share that needs it, with a link to enter it), the report sent without owed values only with
a reason the reviewer sees, the review shown being the current round's, and the start page listing what is owed with
its due date and a link straight to its form."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from monitoring import start_page
from monitoring.models import ReportValue
from roadmaps import services as roadmap_services
from roadmaps.models import ProgressReport
from tests.factories import RoadmapFactory, SchoolYearDataFactory, SchoolYearFactory

D = datetime.date
URL = "/roadmaps/reports/{pk}/sections/monitoring/"


@pytest.fixture
def programme(school_a1, year):
    return RoadmapFactory(school=school_a1, school_year=year, status="approved")


LAST = (D(2025, 6, 1), D(2025, 8, 31))


def report_of(roadmap, start=LAST[0], end=LAST[1]) -> ProgressReport:
    return ProgressReport.objects.create(roadmap=roadmap, period_start=start, period_end=end, label="IV квартал",
                                         summary="Итоги")


def filed(report) -> dict:
    return {v.indicator.code: v.data.get("entered") for v in ReportValue.objects.filter(report=report)
            .select_related("indicator")}


def test_each_value_is_saved_on_its_own(programme, director_a1, client_for):
    report = report_of(programme)  # no yearly data: the share of teachers cannot be computed
    client = client_for(director_a1)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'id="ind-lessons_visited"' in page and 'id="ind-risk_group"' in page
    assert "Нет числа педагогов школы за этот год" in page and "/schools/" in page and "/yearly/" in page
    assert client.post(URL.format(pk=report.pk), {"only": "lessons_visited", "lessons_visited": "42"}
                       ).status_code == 302
    saved = client.post(URL.format(pk=report.pk), {"only": "risk_group", "risk_group": "12"})
    assert saved.status_code == 302 and saved.url.endswith("#ind-risk_group")  # back at its own form
    assert filed(report) == {"lessons_visited": "42", "risk_group": 12}  # the first one kept
    # the share needing the yearly figure is refused at its own field, nothing else touched
    response = client.post(URL.format(pk=report.pk), {"only": "inschool_control", "inschool_control": "5"})
    assert response.status_code == 400
    assert "Нет числа педагогов школы за этот год" in response.content.decode()
    assert filed(report) == {"lessons_visited": "42", "risk_group": 12}
    # a trajectory share reads the group already filed
    response = client.post(URL.format(pk=report.pk), {"only": "individual_routes", "individual_routes": "13"})
    assert response.status_code == 400 and "Не больше, чем обучающихся в группе риска (12)." in \
        response.content.decode()
    client.post(URL.format(pk=report.pk), {"only": "individual_routes", "individual_routes": "9"})
    assert filed(report)["individual_routes"] == 9
    # emptying one takes only that one out
    client.post(URL.format(pk=report.pk), {"only": "lessons_visited", "lessons_visited": ""})
    assert "lessons_visited" not in filed(report) and filed(report)["risk_group"] == 12


def test_share_saved_once_the_yearly_data_is_there(programme, director_a1, school_a1, year):
    report = report_of(programme)
    SchoolYearDataFactory(school=school_a1, school_year=year, teachers=40)
    roadmap_services.save_report_section(actor=director_a1, report=report, key="monitoring",
                                         data={"only": "inschool_control", "inschool_control": "10"})
    value = ReportValue.objects.get(report=report)
    assert (value.value, value.n) == (25, 40)


def test_report_sent_without_owed_values_only_with_a_reason(programme, director_a1, methodologist_a, client_for):
    report = report_of(programme)  # the last period: the year's values are owed
    with pytest.raises(ValidationError) as exc:
        roadmap_services.submit_report(actor=director_a1, report=report)
    assert "missing_reason" in exc.value.message_dict
    page = client_for(director_a1).post(f"/roadmaps/reports/{report.pk}/submit/", {"missing_reason": ""})
    assert page.status_code == 400 and "напишите, почему они не внесены" in page.content.decode()
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.DRAFT
    response = client_for(director_a1).post(f"/roadmaps/reports/{report.pk}/submit/",
                                            {"missing_reason": "Внутришкольный контроль завершится 15.09"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_submitted and report.missing_reason == "Внутришкольный контроль завершится 15.09"
    seen = client_for(methodologist_a).get(report.get_absolute_url()).content.decode()
    assert "Отправлен без обязательных значений" in seen and "завершится 15.09" in seen


def test_reason_not_kept_when_nothing_is_owed(programme, director_a1):
    early = report_of(programme, D(2024, 9, 1), D(2024, 11, 30))
    roadmap_services.submit_report(actor=director_a1, report=early, reason="лишнее")
    early.refresh_from_db()
    assert early.missing_reason == ""


def test_review_shown_is_the_current_submissions(programme, director_a1, methodologist_a, client_for):
    report = report_of(programme, D(2024, 9, 1), D(2024, 11, 30))
    roadmap_services.submit_report(actor=director_a1, report=report)
    roadmap_services.review_report(actor=methodologist_a, report=report, accept=False, comment="Добавьте цифры")
    roadmap_services.submit_report(actor=director_a1, report=report)
    report.refresh_from_db()
    assert (report.reviewed_by, report.reviewed_at, report.review_comment) == (None, None, "")
    assert [h["comment"] for h in report.review_history] == ["Добавьте цифры"]
    page = client_for(director_a1).get(report.get_absolute_url()).content.decode()
    assert 'id="current-review"' not in page  # no green box with the old round
    history = page[page.index('id="review-history"'):]
    assert "Добавьте цифры" in history and methodologist_a.display_name in history
    roadmap_services.review_report(actor=methodologist_a, report=report, accept=True)
    page = client_for(director_a1).get(report.get_absolute_url()).content.decode()
    box = page[page.index('id="current-review"'):page.index('id="review-history"')]
    assert "Принят" in box and "Добавьте цифры" not in box


@pytest.fixture
def this_year_programme(school_a1, director_a1):
    year = SchoolYearFactory(start_year=2026)
    return RoadmapFactory(school=school_a1, school_year=year, status="approved")


def test_start_page_lists_owed_values_with_due_date_and_link(this_year_programme, director_a1, methodologist_a,
                                                             client_for):
    with time_machine.travel("2026-12-07 12:00 +0300", tick=False):
        groups = start_page.monitoring_tasks(director_a1)
        assert len(groups) == 1 and len(groups[0].items) == 5
        item = groups[0].items[0]
        assert item.note.startswith("срок — 31.08.2027") and item.url.endswith("#reports")  # no report yet
        report = report_of(this_year_programme, D(2026, 10, 1), D(2026, 12, 31))
        roadmap_services.save_report_section(actor=director_a1, report=report, key="monitoring",
                                             data={"only": "lessons_visited", "lessons_visited": "7"})
        items = start_page.monitoring_tasks(director_a1)[0].items
        assert len(items) == 4 and "lessons_visited" not in " ".join(i.url for i in items)
        assert items[0].url.startswith(report.get_absolute_url() + "#ind-")
        page = client_for(director_a1).get("/").content.decode()
        assert "Показатели мониторинга за 2026/2027" in page and f"{report.get_absolute_url()}#ind-" in page
        assert start_page.monitoring_tasks(methodologist_a) == []
