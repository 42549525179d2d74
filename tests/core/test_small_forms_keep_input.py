"""Small forms posted from an object's page (a designation's early end, an event's material and cancellation, a
teacher's class load): a refusal at a field shows the page again with the message next to its field and what was typed
kept, and writes nothing; a refusal of the action itself (the object changed meanwhile) is a notice on the object's
page, where the form may no longer be offered."""

import datetime

from django.urls import reverse

from core.formats import ru_date
from mentoring.models import Event, EventKind, EventMaterial, TeachingAssignment
from partnerships.models import Designation
from schools.models import Subject

from .. import html as h
from ..factories import DesignationFactory, TeacherFactory

DAY = datetime.timedelta(days=1)


def _terminate(client, designation, follow=False, **data):
    return client.post(reverse("partnerships:designation_terminate", args=[designation.pk]), data, follow=follow)


def test_designation_termination_refused_at_its_field(client_for, methodologist_a, school_a2):
    today = datetime.date.today()
    start = today - 400 * DAY
    designation = DesignationFactory(school=school_a2, start=start, end=today + 400 * DAY,
                                     order_date=start - 10 * DAY)
    client = client_for(methodologist_a)
    response = _terminate(client, designation, termination_reason="", termination_note="Решение совета",
                          terminated_on="")
    page = response.content.decode()
    assert response.status_code == 200
    assert h.field_errors(page, "termination_reason") == ["Обязательное поле."]
    assert h.field_errors(page, "terminated_on") == ["Обязательное поле."]
    assert "Решение совета" in page  # the note typed stays
    assert f'{reverse("partnerships:designation_terminate", args=[designation.pk])}#terminate' in page
    # a date before the status began, and one that has not come: the service's messages, at the date
    page = _terminate(client, designation, termination_reason="done_early", termination_note="Решение совета",
                      terminated_on=(start - DAY).isoformat()).content.decode()
    assert h.field_errors(page, "terminated_on") == [
        f"Дата прекращения не может быть раньше начала статуса ({ru_date(start)})."]
    page = _terminate(client, designation, termination_reason="done_early",
                      terminated_on=(today + 30 * DAY).isoformat()).content.decode()
    assert h.field_errors(page, "terminated_on") == [
        "Дата прекращения ещё не наступила: прекратите статус в этот день или позже."]
    designation.refresh_from_db()
    assert designation.state == Designation.State.ACTIVE and designation.terminated_on is None
    # a right one goes through, back to the designation's page
    day = today - 20 * DAY
    response = _terminate(client, designation, termination_reason="done_early", terminated_on=day.isoformat())
    assert response.status_code == 302 and response["Location"] == designation.get_absolute_url()
    designation.refresh_from_db()
    assert designation.state == Designation.State.TERMINATED and designation.terminated_on == day
    # posted again from a page left open: the status is no longer active — a notice on its page, not a silent form
    response = _terminate(client, designation, termination_reason="done_early", terminated_on=day.isoformat(),
                          follow=True)
    assert "Прекратить можно только действующий статус." in h.text_of(response)


def test_a_status_past_its_end_and_one_not_begun(client_for, methodologist_a, school_a2):
    today = datetime.date.today()
    client = client_for(methodologist_a)
    ended = DesignationFactory(school=school_a2, start=today - 700 * DAY, end=today - 10 * DAY,
                               order_date=today - 710 * DAY)
    page = _terminate(client, ended, termination_reason="done_early",
                      terminated_on=today.isoformat()).content.decode()
    assert h.field_errors(page, "terminated_on") == [
        f"Дата прекращения позже окончания статуса ({ru_date(today - 10 * DAY)}): досрочное прекращение — до этой "
        "даты."]
    # an order of August for September: revoked before it begins, on a day from the order to the start
    ahead = DesignationFactory(school=school_a2, start=today + 10 * DAY, end=today + 400 * DAY,
                               order_date=today - 5 * DAY)
    page = _terminate(client, ahead, termination_reason="done_early",
                      terminated_on=(today - 6 * DAY).isoformat()).content.decode()
    assert h.field_errors(page, "terminated_on") == [
        f"Статус ещё не начался: дата прекращения — не раньше приказа о нём ({ru_date(today - 5 * DAY)})."]
    page = _terminate(client, ahead, termination_reason="done_early",
                      terminated_on=(today + 11 * DAY).isoformat()).content.decode()
    assert h.field_errors(page, "terminated_on") == [
        f"Статус начнётся {ru_date(today + 10 * DAY)}: дата прекращения — не позже этого дня."]
    response = _terminate(client, ahead, termination_reason="done_early", terminated_on=today.isoformat())
    assert response.status_code == 302
    ahead.refresh_from_db()
    assert ahead.state == Designation.State.TERMINATED and ahead.terminated_on == today


def _event(school, designation, day):
    event = Event.objects.create(municipality=school.municipality, kind=EventKind.objects.get(code="model_seminar"),
                                 topic="Семинар по ВПР", date=day, designation=designation)
    event.target_schools.set([school])
    return event


def test_event_material_and_cancellation_refused_at_their_fields(client_for, leader_staff_a2, school_a1, school_a2):
    today = datetime.date.today()
    designation = DesignationFactory(school=school_a2, start=today - 400 * DAY, end=today + 400 * DAY,
                                     order_date=today - 410 * DAY)
    event = _event(school_a1, designation, today + 5 * DAY)
    client = client_for(leader_staff_a2)
    response = client.post(reverse("mentoring:event_material", args=[event.pk]), {"title": "Презентация семинара"})
    page = response.content.decode()
    assert response.status_code == 200
    assert h.field_errors(page, "url") == ["Приложите файл или укажите ссылку."]
    assert 'value="Презентация семинара"' in page
    assert f'{reverse("mentoring:event_material", args=[event.pk])}#materials' in page
    assert not EventMaterial.objects.exists()
    response = client.post(reverse("mentoring:event_cancel", args=[event.pk]), {"reason": ""})
    assert response.status_code == 200
    assert h.field_errors(response.content.decode(), "reason") == ["Обязательное поле."]
    event.refresh_from_db()
    assert event.status != Event.Status.CANCELLED
    # an event already held (a colleague marked it meanwhile): the refusal is a notice on its page
    event.status = Event.Status.HELD
    event.save()
    response = client.post(reverse("mentoring:event_cancel", args=[event.pk]), {"reason": "Карантин"}, follow=True)
    assert "Проведённое мероприятие отменить нельзя." in h.text_of(response)
    event.refresh_from_db()
    assert event.status == Event.Status.HELD


def test_class_load_refused_at_its_field(client_for, director_a1, school_a1):
    teacher = TeacherFactory(school=school_a1, full_name="Иванова Мария Петровна")
    url = reverse("mentoring:assignment_add", args=[teacher.pk])
    response = client_for(director_a1).post(url, {
        "school_year": "2025-26", "class_name": "5А", "subject": Subject.objects.get(code="math").pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert h.field_errors(page, "school_year") == ["Учебный год записывается как 2024/2025."]
    assert 'value="5А"' in page and 'value="2025-26"' in page and f"{url}#load" in page
    assert not TeachingAssignment.objects.exists()
