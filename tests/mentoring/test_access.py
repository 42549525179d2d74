"""Scoping of every mentoring object by role (methodologist A, head A, directors A1 and B1, staff of leader school A2,
methodologist B, no role, admin), and the services refusing writes by role with nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mentoring import access, services
from mentoring.models import (
    Community,
    Course,
    DevelopmentRoute,
    Diagnostic,
    Event,
    EventKind,
    MentoringPair,
    TeachingAssignment,
)
from schools.models import SchoolYear, Subject

from ..factories import TeacherFactory

D = datetime.date
ROLES = ("methodologist_a", "head_a", "director_a1", "director_b1", "leader_staff_a2", "methodologist_b",
         "no_role_user", "admin_user")


@pytest.fixture
def world(agreement_a2_a1, mentor_a2, teachers_a1, teacher_b1, leader_staff_a2, instrument, school_b1):
    kind = EventKind.objects.get(code="master_class")
    event = services.save_event(actor=leader_staff_a2, event=Event(), data={
        "kind": kind, "topic": "Формирующее оценивание", "date": D(2025, 3, 3),
        "designation": agreement_a2_a1.designation,
        "agreement": agreement_a2_a1, "status": Event.Status.PLANNED},
        target_schools=[agreement_a2_a1.supported_school], participants=teachers_a1[:3],
        attended=[t.pk for t in teachers_a1[:2]])
    b_event = Event.objects.create(municipality=school_b1.municipality, kind=kind, topic="Калининский семинар",
                                   date=D(2025, 3, 4), organiser_text="ИМЦ")
    b_event.target_schools.set([school_b1])
    pair = services.save_pair(actor=leader_staff_a2, pair=MentoringPair(), data={
        "mentor": mentor_a2, "mentee": teachers_a1[0], "agreement": agreement_a2_a1, "start": D(2024, 10, 1),
        "end": D(2025, 5, 31)})
    b_mentor = TeacherFactory(school=school_b1, full_name="Наставник Б")
    b_pair = MentoringPair.objects.create(mentor=b_mentor, mentee=teacher_b1, start=D(2024, 10, 1), end=D(2025, 5, 31))
    scores = dict.fromkeys(instrument.competences.all(), 40)
    diagnostic = Diagnostic.objects.create(teacher=teachers_a1[0], instrument=instrument, date=D(2024, 10, 1))
    b_diagnostic = Diagnostic.objects.create(teacher=teacher_b1, instrument=instrument, date=D(2024, 10, 1))
    route = DevelopmentRoute.objects.create(teacher=teachers_a1[0], start=D(2024, 9, 1), end=D(2025, 5, 31))
    course = Course.objects.create(teacher=teachers_a1[0], title="КПК", provider="ИРО", hours=36,
                                   start=D(2024, 11, 1), end=D(2024, 11, 20))
    community = Community.objects.create(municipality=teachers_a1[0].school.municipality, name="РМО математиков")
    b_community = Community.objects.create(municipality=school_b1.municipality, name="РМО Калининского района")
    return {"event": event, "b_event": b_event, "pair": pair, "b_pair": b_pair, "diagnostic": diagnostic,
            "b_diagnostic": b_diagnostic, "route": route, "course": course, "community": community,
            "b_community": b_community, "scores": scores}


# who sees what: role → the objects of the world they see
SEES = {
    "methodologist_a": {"event", "pair", "diagnostic", "route", "course", "community"},
    "head_a": {"event", "pair", "diagnostic", "route", "course", "community"},
    "director_a1": {"event", "pair", "diagnostic", "route", "course", "community"},
    "director_b1": {"b_event", "b_pair", "b_diagnostic", "b_community"},
    "leader_staff_a2": {"event", "pair", "community"},  # not the supported school's diagnostics, routes, courses
    "methodologist_b": {"b_event", "b_pair", "b_diagnostic", "b_community"},
    "no_role_user": set(),
    "admin_user": {"event", "b_event", "pair", "b_pair", "diagnostic", "b_diagnostic", "route", "course",
                   "community", "b_community"},
}
QUERYSETS = {"event": access.visible_events, "b_event": access.visible_events, "pair": access.visible_pairs,
             "b_pair": access.visible_pairs, "diagnostic": access.visible_diagnostics,
             "b_diagnostic": access.visible_diagnostics, "route": access.visible_routes,
             "course": access.visible_courses, "community": access.visible_communities,
             "b_community": access.visible_communities}
PREDICATES = {"event": access.can_view_event, "b_event": access.can_view_event, "pair": access.can_view_pair,
              "b_pair": access.can_view_pair, "community": access.can_view_community,
              "b_community": access.can_view_community}


@pytest.mark.parametrize("role", ROLES)
def test_visibility_by_role(request, world, role):
    user = request.getfixturevalue(role)
    seen = {name for name, qs in QUERYSETS.items() if qs(user).filter(pk=world[name].pk).exists()}
    assert seen == SEES[role]
    for name, predicate in PREDICATES.items():  # the link rules agree with the lookups
        assert predicate(user, world[name]) == (name in SEES[role]), name


@pytest.mark.parametrize("role", ROLES)
def test_teacher_pages_and_briefs(request, world, role, teachers_a1, teacher_b1, mentor_a2):
    user = request.getfixturevalue(role)
    pages = set(access.visible_teachers(user).values_list("pk", flat=True))
    briefs = set(access.brief_teachers(user).values_list("pk", flat=True))
    a1 = teachers_a1[0].pk
    expected_page = {"methodologist_a": {a1, mentor_a2.pk}, "head_a": {a1, mentor_a2.pk}, "director_a1": {a1},
                     "leader_staff_a2": {mentor_a2.pk}, "director_b1": {teacher_b1.pk},
                     "methodologist_b": {teacher_b1.pk}, "no_role_user": set(),
                     "admin_user": {a1, mentor_a2.pk, teacher_b1.pk}}[role]
    assert pages & {a1, mentor_a2.pk, teacher_b1.pk} == expected_page
    if role == "leader_staff_a2":  # names of the supported school's teachers, for participants and mentees
        assert a1 in briefs and teacher_b1.pk not in briefs
    assert access.can_edit_teacher(user, teachers_a1[0]) == (role in ("methodologist_a", "director_a1",
                                                                      "admin_user"))


@pytest.mark.parametrize("role", ROLES)
def test_event_management_by_role(request, world, role):
    user = request.getfixturevalue(role)
    assert access.can_manage_event(user, world["event"]) == (role in ("methodologist_a", "leader_staff_a2",
                                                                      "admin_user"))
    assert access.can_manage_pair(user, world["pair"]) == (role in ("methodologist_a", "leader_staff_a2",
                                                                    "admin_user"))


def test_leader_staff_only_for_their_agreements(world, leader_staff_a2, agreement_a2_a1, school_a3, mentor_a2,
                                                teachers_a1, teacher_b1):
    kind = EventKind.objects.get(code="master_class")
    before = Event.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.save_event(actor=leader_staff_a2, event=Event(), data={
            "kind": kind, "topic": "Чужая школа", "date": D(2025, 3, 3), "designation": agreement_a2_a1.designation},
            target_schools=[school_a3])
    assert "target_schools" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.save_event(actor=leader_staff_a2, event=Event(), data={
            "kind": kind, "topic": "Без площадки", "date": D(2025, 3, 3), "designation": None},
            target_schools=[agreement_a2_a1.supported_school])
    assert "designation" in exc.value.message_dict
    assert Event.objects.count() == before
    pairs = MentoringPair.objects.count()
    for mentor, mentee, field in ((teachers_a1[1], teachers_a1[0], "mentor"), (mentor_a2, teacher_b1, "mentee")):
        with pytest.raises(ValidationError) as exc:
            services.save_pair(actor=leader_staff_a2, pair=MentoringPair(), data={
                "mentor": mentor, "mentee": mentee, "agreement": agreement_a2_a1, "start": D(2024, 10, 1),
                "end": D(2025, 5, 31)})
        assert field in exc.value.message_dict
    assert MentoringPair.objects.count() == pairs


@pytest.mark.parametrize("role", ["head_a", "director_b1", "leader_staff_a2", "methodologist_b", "no_role_user"])
def test_teacher_development_refused(request, world, role, teachers_a1, instrument):
    user = request.getfixturevalue(role)
    teacher = teachers_a1[1]
    year = SchoolYear.objects.get_or_create(start_year=2024)[0]
    with pytest.raises(PermissionDenied):
        services.save_diagnostic(actor=user, teacher=teacher, instrument=instrument, date=D(2024, 12, 1),
                                 scores=dict.fromkeys(instrument.competences.all(), 50))
    with pytest.raises(PermissionDenied):
        services.save_course(actor=user, course=Course(), data={
            "teacher": teacher, "title": "КПК", "provider": "ИРО", "hours": 36, "start": D(2024, 11, 1),
            "end": D(2024, 11, 2)})
    with pytest.raises(PermissionDenied):
        services.save_route(actor=user, route=DevelopmentRoute(), data={
            "teacher": teacher, "start": D(2024, 9, 1), "end": D(2025, 5, 31)})
    with pytest.raises(PermissionDenied):
        services.save_assignment(actor=user, teacher=teacher, school_year=year, class_name="5А",
                                 subject=Subject.objects.get(code="math"))
    if role != "leader_staff_a2":  # the organiser marks attendance
        with pytest.raises(PermissionDenied):
            services.mark_attendance(actor=user, event=world["event"], attended=[])
    assert not Diagnostic.objects.filter(teacher=teacher).exists()
    assert not Course.objects.filter(teacher=teacher).exists()
    assert not TeachingAssignment.objects.exists()


def test_director_records_feedback_of_own_teachers_only(world, director_a1, director_b1):
    participation = world["event"].participations.filter(attended=True).first()
    services.record_feedback(actor=director_a1, participation=participation, rating=5, comment="Полезно")
    participation.refresh_from_db()
    assert (participation.rating, participation.feedback_by) == (5, director_a1)
    with pytest.raises(PermissionDenied):
        services.record_feedback(actor=director_b1, participation=participation, rating=1, comment="")
    absent = world["event"].participations.filter(attended=False).first()
    with pytest.raises(ValidationError):
        services.record_feedback(actor=director_a1, participation=absent, rating=4, comment="")
