"""Feedback on all participants of an event in one form (the event page's formset): one save writes every changed
row; a refused row (a rating out of range) comes back with its message beside it and nothing written; only the
participants the user may rate (mentoring.access.can_record_feedback) and who attended are in the form."""

import datetime
import re

import pytest
from django.urls import reverse

from mentoring import services
from mentoring.models import Event, EventKind

from ..html import duplicate_ids, field_errors, text_of

D = datetime.date


@pytest.fixture
def event(agreement_a2_a1, teachers_a1, leader_staff_a2):
    return services.save_event(actor=leader_staff_a2, event=Event(), data={
        "kind": EventKind.objects.get(code="master_class"), "topic": "Формирующее оценивание", "date": D(2025, 3, 3),
        "designation": agreement_a2_a1.designation, "agreement": agreement_a2_a1, "status": Event.Status.PLANNED},
        target_schools=[agreement_a2_a1.supported_school], participants=teachers_a1[:4],
        attended=[t.pk for t in teachers_a1[:3]])


def _post(client, event, rows, **extra):
    data = {"feedback-TOTAL_FORMS": len(rows), "feedback-INITIAL_FORMS": len(rows), **extra}
    for n, (participation, rating, comment) in enumerate(rows):
        data |= {f"feedback-{n}-participation": participation.pk, f"feedback-{n}-rating": rating,
                 f"feedback-{n}-comment": comment}
    return client.post(reverse("mentoring:event_feedback", args=[event.pk]), data)


def test_one_form_for_every_participant_who_attended(client_for, event, director_a1):
    html = client_for(director_a1).get(event.get_absolute_url()).content.decode()
    attended = list(event.participations.filter(attended=True).select_related("teacher"))
    assert html.count('name="feedback-') == 3 * len(attended) + 4  # three fields a row and the management form
    assert html.count(reverse("mentoring:event_feedback", args=[event.pk])) == 1  # one form, one save
    rated = set(re.findall(r'name="feedback-\d+-participation" value="(\d+)"', html))
    assert rated == {str(p.pk) for p in attended}  # not the one who was absent
    assert not duplicate_ids(html)


def test_one_save_writes_every_changed_row(client_for, event, director_a1):
    rows = list(event.participations.filter(attended=True).order_by("pk"))
    response = _post(client_for(director_a1), event, [(rows[0], "5", "Полезно"), (rows[1], "4", ""),
                                                      (rows[2], "", "")])
    assert response.status_code == 302
    got = {p.pk: (p.rating, p.comment, p.feedback_by_id) for p in event.participations.filter(attended=True)}
    assert got[rows[0].pk] == (5, "Полезно", director_a1.pk)
    assert got[rows[1].pk] == (4, "", director_a1.pk)
    assert got[rows[2].pk] == (None, "", None)  # unchanged: not written, nobody's feedback
    page = text_of(client_for(director_a1).get(response["Location"]))
    assert "Записаны отзывы о 2 участниках." in page


def test_a_refused_row_is_shown_at_its_field_and_nothing_is_written(client_for, event, director_a1):
    rows = list(event.participations.filter(attended=True).order_by("pk"))
    response = _post(client_for(director_a1), event, [(rows[0], "5", "Полезно"), (rows[1], "9", ""),
                                                      (rows[2], "", "")])
    assert response.status_code == 200
    html = response.content.decode()
    assert field_errors(html, "feedback-1-rating") == ["Оценка — от 1 до 5."]
    assert field_errors(html, "feedback-0-rating") == []
    assert 'value="Полезно"' in html  # what was typed is kept
    assert not event.participations.exclude(rating=None).exists()


def test_a_director_of_another_school_has_no_feedback_form(client_for, event, director_b1, methodologist_b):
    rows = list(event.participations.filter(attended=True))
    for user in (director_b1, methodologist_b):
        response = _post(client_for(user), event, [(rows[0], "1", "")])
        assert response.status_code in (403, 404)
    assert not event.participations.exclude(rating=None).exists()


def test_a_participant_not_in_the_form_is_refused(client_for, event, director_a1):
    absent = event.participations.get(attended=False)
    response = _post(client_for(director_a1), event, [(absent, "3", "")])
    assert response.status_code == 302
    absent.refresh_from_db()
    assert absent.rating is None
    assert "Список участников изменился" in text_of(client_for(director_a1).get(response["Location"]))
