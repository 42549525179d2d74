"""API of mentoring: scoping as on the pages, writes through the services (refusals 403, bad data 400 in Russian)."""

import datetime

from mentoring.models import Diagnostic, Event, EventKind, Participation, RouteItem

D = datetime.date


def _event(leader, agreement, teachers):
    from mentoring import services

    return services.save_event(actor=leader, event=Event(), data={
        "kind": EventKind.objects.get(code="webinar"), "topic": "Цифровые ресурсы", "date": D(2025, 2, 3),
        "designation": agreement.designation}, target_schools=[agreement.supported_school], participants=teachers)


def test_events_scoped_and_written_through_services(client_for, leader_staff_a2, director_b1, methodologist_a,
                                                    agreement_a2_a1, teachers_a1, school_a3):
    event = _event(leader_staff_a2, agreement_a2_a1, teachers_a1[:2])
    assert client_for(director_b1).get("/api/v1/events/").json()["count"] == 0
    assert client_for(director_b1).get(f"/api/v1/events/{event.pk}/").status_code == 404
    listed = client_for(methodologist_a).get("/api/v1/events/?kind=webinar").json()
    assert listed["count"] == 1 and listed["results"][0]["participants"] == 2
    client = client_for(leader_staff_a2)
    created = client.post("/api/v1/events/", {
        "kind": "master_class", "topic": "Мастер-класс", "date": "2025-02-10",
        "designation": agreement_a2_a1.designation.pk, "target_schools": [agreement_a2_a1.supported_school.pk]},
        content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["municipality"] == agreement_a2_a1.designation.school.municipality_id
    refused = client.post("/api/v1/events/", {
        "kind": "master_class", "topic": "Чужая", "date": "2025-02-10",
        "designation": agreement_a2_a1.designation.pk, "target_schools": [school_a3.pk]},
        content_type="application/json")
    assert refused.status_code == 400 and "target_schools" in refused.json()
    assert Event.objects.count() == 2
    forbidden = client_for(director_b1).patch(f"/api/v1/events/{event.pk}/", {"topic": "x"},
                                              content_type="application/json")
    assert forbidden.status_code == 404


def test_participation_patch_marks_attendance_and_ticks_routes(client_for, leader_staff_a2, director_a1,
                                                                agreement_a2_a1, teachers_a1):
    from mentoring import services
    from mentoring.models import DevelopmentRoute

    event = _event(leader_staff_a2, agreement_a2_a1, teachers_a1[:2])
    route = services.save_route(actor=director_a1, route=DevelopmentRoute(), data={
        "teacher": teachers_a1[0], "start": D(2024, 9, 1), "end": D(2025, 5, 31)})
    item = services.save_route_item(actor=director_a1, item=RouteItem(), data={
        "route": route, "kind": "event", "title": "Вебинар", "due": D(2025, 2, 28), "event": event})
    participation = Participation.objects.get(event=event, teacher=teachers_a1[0])
    assert client_for(director_a1).patch(f"/api/v1/participations/{participation.pk}/", {"attended": True},
                                         content_type="application/json").status_code == 403
    response = client_for(leader_staff_a2).patch(f"/api/v1/participations/{participation.pk}/", {"attended": True},
                                                 content_type="application/json")
    assert response.status_code == 200 and response.json()["attended"] is True
    item.refresh_from_db()
    event.refresh_from_db()
    assert item.is_done and event.is_held


def test_diagnostics_api(client_for, director_a1, director_b1, teachers_a1, instrument):
    payload = {"teacher": teachers_a1[0].pk, "instrument": instrument.pk, "date": "2024-10-01",
               "scores": {"K1": 40, "K2": 70, "K3": 30}}
    assert client_for(director_b1).post("/api/v1/diagnostics/", payload,
                                        content_type="application/json").status_code == 400  # teacher not found
    created = client_for(director_a1).post("/api/v1/diagnostics/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert sorted(created.json()["deficits"]) == ["K1", "K3"]
    bad = client_for(director_a1).post("/api/v1/diagnostics/", {**payload, "date": "2024-10-02",
                                                                 "scores": {"K1": 40}},
                                       content_type="application/json")
    assert bad.status_code == 400 and "scores" in bad.json()
    assert Diagnostic.objects.count() == 1
    assert client_for(director_b1).get("/api/v1/diagnostics/").json()["count"] == 0
