"""Small forms posted from an object's page (a designation's early end, an event's material and cancellation, a
teacher's class load): a refusal shows the page again with the message next to its field and what was typed kept,
and writes nothing — never a notice after a redirect that loses the input."""

import datetime

from django.urls import reverse

from mentoring.models import Event, EventKind, EventMaterial, TeachingAssignment
from partnerships.models import Designation
from schools.models import Subject

from .. import html as h
from ..factories import DesignationFactory, TeacherFactory

D = datetime.date


def test_designation_termination_refused_at_its_field(client_for, methodologist_a, school_a2):
    designation = DesignationFactory(school=school_a2, start=D(2024, 9, 1), end=D(2027, 8, 31))
    url = reverse("partnerships:designation_terminate", args=[designation.pk])
    client = client_for(methodologist_a)
    response = client.post(url, {"termination_reason": "", "termination_note": "Решение совета", "terminated_on": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert h.field_errors(page, "termination_reason") == ["Обязательное поле."]
    assert h.field_errors(page, "terminated_on") == ["Обязательное поле."]
    assert "Решение совета" in page  # the note typed stays
    # a date before the status began: the service's message, at the date
    response = client.post(url, {"termination_reason": "done_early", "termination_note": "Решение совета",
                                 "terminated_on": "2024-08-01"})
    page = response.content.decode()
    assert h.field_errors(page, "terminated_on") == [
        "Дата прекращения не может быть раньше начала статуса (01.09.2024)."]
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    page = client.post(url, {"termination_reason": "done_early", "terminated_on": future}).content.decode()
    assert h.field_errors(page, "terminated_on") == [
        "Дата прекращения ещё не наступила: прекратите статус в этот день или позже."]
    designation.refresh_from_db()
    assert designation.state == Designation.State.ACTIVE and designation.terminated_on is None
    # and a right one goes through, back to the designation's page
    response = client.post(url, {"termination_reason": "done_early", "terminated_on": "2025-01-15"})
    assert response.status_code == 302 and response["Location"] == designation.get_absolute_url()
    designation.refresh_from_db()
    assert designation.state == Designation.State.TERMINATED and designation.terminated_on == D(2025, 1, 15)


def _event(school, designation):
    event = Event.objects.create(municipality=school.municipality, kind=EventKind.objects.get(code="model_seminar"),
                                 topic="Семинар по ВПР", date=datetime.date.today() + datetime.timedelta(days=5),
                                 designation=designation)
    event.target_schools.set([school])
    return event


def test_event_material_and_cancellation_refused_at_their_fields(client_for, leader_staff_a2, school_a1, school_a2):
    designation = DesignationFactory(school=school_a2, start=D(2024, 9, 1), end=datetime.date.today().replace(
        year=datetime.date.today().year + 2))
    event = _event(school_a1, designation)
    client = client_for(leader_staff_a2)
    response = client.post(reverse("mentoring:event_material", args=[event.pk]), {"title": "Презентация семинара"})
    page = response.content.decode()
    assert response.status_code == 200
    assert h.field_errors(page, "url") == ["Приложите файл или укажите ссылку."]
    assert 'value="Презентация семинара"' in page
    assert not EventMaterial.objects.exists()
    response = client.post(reverse("mentoring:event_cancel", args=[event.pk]), {"reason": ""})
    assert response.status_code == 200
    assert h.field_errors(response.content.decode(), "reason") == ["Обязательное поле."]
    event.refresh_from_db()
    assert event.status != Event.Status.CANCELLED


def test_class_load_refused_at_its_field(client_for, director_a1, school_a1):
    teacher = TeacherFactory(school=school_a1, full_name="Иванова Мария Петровна")
    response = client_for(director_a1).post(reverse("mentoring:assignment_add", args=[teacher.pk]), {
        "school_year": "2025-26", "class_name": "5А", "subject": Subject.objects.get(code="math").pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert h.field_errors(page, "school_year") == ["Учебный год записывается как 2024/2025."]
    assert 'value="5А"' in page and 'value="2025-26"' in page
    assert not TeachingAssignment.objects.exists()
