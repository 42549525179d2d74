"""Pages: «log an event» in one form, the coverage table (its figures, gaps, Excel export) and the fixed number of
queries of the list pages for few and many schools; the teacher's page in scope only; the low-results page."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from mentoring.models import Event, EventKind, MentoringPair, Participation

from ..factories import AgreementFactory, SchoolFactory, TeacherFactory


def _log(client, agreement, teachers, day):
    kind = EventKind.objects.get(code="model_seminar")
    return client.post(reverse("mentoring:event_create"), {
        "kind": kind.pk, "topic": "Анализ результатов ВПР", "date": day.isoformat(), "time": "14:30",
        "format": "in_person", "designation": agreement.designation.pk,
        "target_schools": [agreement.supported_school.pk],
        "participant": [t.pk for t in teachers], "attended": [t.pk for t in teachers]})


@pytest.fixture
def current_agreement(designation_a2, school_a1):
    today = datetime.date.today()
    designation_a2.end = today + datetime.timedelta(days=400)
    designation_a2.save()
    from partnerships.models import Agreement

    return AgreementFactory(designation=designation_a2, supported_school=school_a1,
                            start=today - datetime.timedelta(days=60), end=today + datetime.timedelta(days=300),
                            state=Agreement.State.ACTIVE)


def test_log_an_event_in_one_form_and_coverage_shows_it(client_for, leader_staff_a2, methodologist_a,
                                                         current_agreement, teachers_a1, school_a1):
    client = client_for(leader_staff_a2)
    form = client.get(reverse("mentoring:event_create"))
    assert form.status_code == 200
    assert all(t.full_name in form.content.decode() for t in teachers_a1)
    today = datetime.date.today()
    response = _log(client, current_agreement, teachers_a1, today)
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.is_held and event.designation == current_agreement.designation
    assert Participation.objects.filter(event=event, attended=True).count() == 5
    coverage = client_for(methodologist_a).get(reverse("mentoring:coverage"))
    html = coverage.content.decode()
    row = html[html.index(f'data-school="{school_a1.pk}"'):]
    row = row[:row.index("</tr>")]
    assert 'data-key="events" class="num">1' in row
    assert 'data-key="teachers" class="num">5' in row
    export = client_for(methodologist_a).get(reverse("mentoring:coverage_export"))
    sheet = load_workbook(BytesIO(export.content)).active
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["Школа"] == school_a1.short_name and values["Мероприятий"] == 1
    assert values["Педагогов по реестру"] == 5
    assert "прошли диагностику" in values["Пробелы"]  # nobody diagnosed: a gap


def test_log_event_refusals_keep_the_form(client_for, leader_staff_a2, current_agreement, teachers_a1, school_a3):
    client = client_for(leader_staff_a2)
    future = datetime.date.today() + datetime.timedelta(days=5)
    response = _log(client, current_agreement, teachers_a1, future)  # attendance of a future event
    assert response.status_code == 200
    assert "Посещаемость отмечается после мероприятия" in response.content.decode()
    assert not Event.objects.exists()
    response = client.post(reverse("mentoring:event_create"), {
        "kind": EventKind.objects.first().pk, "topic": "x", "date": "2025-01-01", "format": "in_person",
        "designation": current_agreement.designation.pk, "target_schools": [school_a3.pk]})
    assert response.status_code == 200 and not Event.objects.exists()


@pytest.mark.parametrize("role,status", [("head_a", 403), ("director_a1", 403), ("no_role_user", 403),
                                         ("methodologist_a", 200), ("leader_staff_a2", 200)])
def test_log_event_page_by_role(request, client_for, role, status, designation_a2):
    assert client_for(request.getfixturevalue(role)).get(reverse("mentoring:event_create")).status_code == status


def _many_schools(muni, designation, n):
    from partnerships.models import Agreement

    today = datetime.date.today()
    for i in range(n):
        school = SchoolFactory(municipality=muni)
        for j in range(3):
            TeacherFactory(school=school, full_name=f"Педагог {i}-{j}", experience_years=j)
        AgreementFactory(designation=designation, supported_school=school, start=today - datetime.timedelta(days=30),
                         end=today + datetime.timedelta(days=30), state=Agreement.State.ACTIVE)
        event = Event.objects.create(municipality=muni, kind=EventKind.objects.first(), topic=f"Семинар {i}",
                                     date=today, status=Event.Status.HELD, designation=designation)
        event.target_schools.set([school])
        Participation.objects.create(event=event, teacher=school.teachers.first(), attended=True, rating=4)
        # a pair outside the agreements: its mentee is «педагог другой школы» to the leader school's staff
        outside = TeacherFactory(school=SchoolFactory(municipality=muni), full_name=f"Вне соглашений {i}")
        mentor = TeacherFactory(school=designation.school, full_name=f"Наставник {school.pk}")
        MentoringPair.objects.create(mentor=mentor, mentee=outside, start=today, end=today + datetime.timedelta(90))


@pytest.mark.parametrize("role", ["methodologist_a", "leader_staff_a2"])
def test_list_pages_fixed_queries(request, role, client_for, muni_a, current_agreement, teachers_a1):
    """Also for leader-school staff, whose pages hide the teachers of schools outside their agreements."""
    client = client_for(request.getfixturevalue(role))
    pages = [reverse("mentoring:calendar") + "?view=list", reverse("mentoring:calendar"),
             reverse("mentoring:pair_list"), reverse("mentoring:community_list"), "/api/v1/events/",
             "/api/v1/mentoring-pairs/", "/api/v1/participations/"]
    if role == "methodologist_a":
        pages.append(reverse("mentoring:coverage"))
    _many_schools(muni_a, current_agreement.designation, 2)
    few = {}
    for path in pages:
        with CaptureQueriesContext(connection) as q:
            assert client.get(path).status_code == 200
        few[path] = len(q)
    _many_schools(muni_a, current_agreement.designation, 25)
    for path in pages:
        with CaptureQueriesContext(connection) as q:
            response = client.get(path)
        assert response.status_code == 200
        assert len(q) == few[path], path
    assert response.content  # the last page really lists rows


def test_teacher_page_in_scope_only(client_for, director_a1, director_b1, leader_staff_a2, teachers_a1):
    url = reverse("mentoring:teacher_detail", args=[teachers_a1[0].pk])
    assert client_for(director_a1).get(url).status_code == 200
    assert client_for(director_b1).get(url).status_code == 404
    assert client_for(leader_staff_a2).get(url).status_code == 404


def test_low_results_page_and_rule_form(client_for, methodologist_a, head_a, muni_a):
    page = client_for(methodologist_a).get(reverse("mentoring:low_results"))
    assert page.status_code == 200 and "Изменить пороги" in page.content.decode()
    response = client_for(methodologist_a).post(reverse("mentoring:low_results"), {
        "failing_share": "150", "mean_mark": "3,3", "min_students": "10"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert client_for(head_a).post(reverse("mentoring:low_results"), {
        "failing_share": "25", "mean_mark": "3.3", "min_students": "10"}).status_code == 403


def test_start_page_lines(client_for, leader_staff_a2, current_agreement, teachers_a1):
    past = datetime.date.today() - datetime.timedelta(days=3)
    event = Event.objects.create(municipality=current_agreement.designation.school.municipality,
                                 kind=EventKind.objects.get(code="open_lesson"), topic="Открытый урок по геометрии",
                                 date=past, designation=current_agreement.designation)
    event.target_schools.set([current_agreement.supported_school])
    html = client_for(leader_staff_a2).get("/").content.decode()
    assert "«Открытый урок по геометрии» — отметьте посещаемость" in html
    assert reverse("mentoring:event_edit", args=[event.pk]) in html
    event.status = Event.Status.HELD
    event.save()
    html = client_for(leader_staff_a2).get("/").content.decode()
    assert "Посещаемость всех прошедших мероприятий отмечена." in html


def test_meetings_posted_on_pair_and_community_pages(client_for, leader_staff_a2, methodologist_a, head_a,
                                                     agreement_a2_a1, mentor_a2, teachers_a1):
    from mentoring import services
    from mentoring.models import Community, MentoringPair

    pair = services.save_pair(actor=leader_staff_a2, pair=MentoringPair(), data={
        "mentor": mentor_a2, "mentee": teachers_a1[0], "agreement": agreement_a2_a1,
        "start": datetime.date(2024, 10, 1), "end": datetime.date(2025, 5, 31)})
    url = reverse("mentoring:pair_detail", args=[pair.pk])
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    refused = client_for(leader_staff_a2).post(url, {"date": future, "topic": "Разбор урока"})
    assert refused.status_code == 200 and "дата не может быть в будущем" in refused.content.decode()
    assert client_for(leader_staff_a2).post(url, {"date": "2024-11-05", "topic": "Разбор урока"}).status_code == 302
    assert pair.meetings.count() == 1
    community = Community.objects.create(municipality=teachers_a1[0].school.municipality, name="РМО")
    curl = reverse("mentoring:community_detail", args=[community.pk])
    assert client_for(head_a).post(curl, {"date": "2024-11-05", "topic": "Заседание"}).status_code == 403
    assert client_for(methodologist_a).post(curl, {"date": "2024-11-05", "topic": "Заседание",
                                                   "participants": "12"}).status_code == 302
    assert community.meetings.get().participants == 12


def test_coverage_shows_a_listed_school_still_without_a_partner(methodologist_a, current_agreement, school_a3):
    """By default the table holds the year's ШНОР/ШССУ and the schools under an agreement: a listed school without a
    partner is the one to see, not one to hide."""
    from identification.models import SchoolStatus
    from mentoring import selectors
    from schools.models import SchoolYear

    from ..factories import RunFactory

    year = selectors.current_start_year()
    school_year = SchoolYear.objects.get_or_create(start_year=year)[0]
    run = RunFactory(approved=True, municipality=school_a3.municipality, school_year=school_year)
    rows = {r.school for r in selectors.coverage(methodologist_a, start_year=year)}
    assert current_agreement.supported_school in rows and school_a3 not in rows
    SchoolStatus.objects.create(school=school_a3, school_year=school_year, status="dsc", run=run,
                                order_number=run.order_number, order_date=run.order_date)
    rows = {r.school for r in selectors.coverage(methodologist_a, start_year=year)}
    assert {current_agreement.supported_school, school_a3} <= rows


def test_calendar_says_what_a_held_events_number_is(client_for, methodologist_a, current_agreement, teachers_a1):
    from ..html import text_of

    day = datetime.date.today().replace(day=1)
    event = Event.objects.create(municipality=current_agreement.designation.school.municipality,
                                 kind=EventKind.objects.get(code="model_seminar"), topic="Семинар по ВПР", date=day,
                                 designation=current_agreement.designation, status=Event.Status.HELD)
    event.target_schools.set([current_agreement.supported_school])
    for t in teachers_a1[:2]:
        Participation.objects.create(event=event, teacher=t, attended=True)
    page = text_of(client_for(methodologist_a).get(reverse("mentoring:calendar")))
    assert "Семинар по ВПР 2 участника" in page
