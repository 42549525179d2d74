"""The services' behaviour: a repeat diagnostic's change per competence, route items ticked off by attendance and by a
completed course, a site plan's activity moved (never closed) by the event linked to it, attendance never in the
future."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from mentoring import selectors, services
from mentoring.models import Course, DevelopmentRoute, Event, EventKind, RouteItem
from roadmaps.models import Activity

from ..factories import ActivityFactory, RoadmapFactory, SchoolYearFactory

D = datetime.date


def test_repeat_diagnostic_change_per_competence(teachers_a1, director_a1, instrument):
    teacher = teachers_a1[0]
    k1, k2, k3 = instrument.competences.all()
    services.save_diagnostic(actor=director_a1, teacher=teacher, instrument=instrument, date=D(2024, 10, 1),
                             scores={k1: 40, k2: 60, k3: 45})
    services.save_diagnostic(actor=director_a1, teacher=teacher, instrument=instrument, date=D(2025, 4, 1),
                             scores={k1: 55, k2: 58, k3: 45})
    diagnostics = list(teacher.diagnostics.prefetch_related("scores__competence").order_by("date"))
    changes = selectors.diagnostic_changes(diagnostics)
    assert diagnostics[0].pk not in changes  # the first round has nothing to compare with
    rows = {c.name: (c.before, c.after, c.change, c.deficit_before, c.deficit_after)
            for c in changes[diagnostics[1].pk]}
    assert rows == {"Предметная": (40, 55, 15, True, False), "Методическая": (60, 58, -2, False, False),
                    "Оценочная": (45, 45, 0, True, True)}


def test_diagnostic_refuses_missing_or_out_of_scale_scores(teachers_a1, director_a1, instrument):
    k1, k2, k3 = instrument.competences.all()
    with pytest.raises(ValidationError) as exc:
        services.save_diagnostic(actor=director_a1, teacher=teachers_a1[0], instrument=instrument,
                                 date=D(2024, 10, 1), scores={k1: 40, k2: 160})
    assert "scores" in exc.value.message_dict
    assert not teachers_a1[0].diagnostics.exists()


def _route(teacher, actor):
    return services.save_route(actor=actor, route=DevelopmentRoute(), data={
        "teacher": teacher, "start": D(2024, 9, 1), "end": D(2025, 5, 31)})


def test_route_items_ticked_by_attendance_and_course(agreement_a2_a1, leader_staff_a2, teachers_a1, director_a1):
    present, absent = teachers_a1[0], teachers_a1[1]
    kind = EventKind.objects.get(code="open_lesson")
    event = services.save_event(actor=leader_staff_a2, event=Event(), data={
        "kind": kind, "topic": "Открытый урок", "date": D(2025, 2, 10), "designation": agreement_a2_a1.designation},
        target_schools=[agreement_a2_a1.supported_school], participants=[present, absent])
    items = {}
    for teacher in (present, absent):
        route = _route(teacher, director_a1)
        items[teacher.pk] = services.save_route_item(actor=director_a1, item=RouteItem(), data={
            "route": route, "kind": RouteItem.Kind.EVENT, "title": "Посетить открытый урок", "due": D(2025, 2, 28),
            "event": event, "status": RouteItem.Status.PLANNED})
    assert all(not i.is_done for i in items.values())
    services.mark_attendance(actor=leader_staff_a2, event=event, attended=[present.pk])
    for i in items.values():
        i.refresh_from_db()
    assert items[present.pk].is_done and items[present.pk].done_on == D(2025, 2, 10)
    assert not items[absent.pk].is_done
    event.refresh_from_db()
    assert event.is_held
    # a course: the item is done when the course is completed
    course = services.save_course(actor=director_a1, course=Course(), data={
        "teacher": absent, "title": "КПК", "provider": "ИРО", "hours": 36, "start": D(2025, 1, 10),
        "end": D(2025, 1, 30), "topic_area": "quality", "completed": False})
    item = services.save_route_item(actor=director_a1, item=RouteItem(), data={
        "route": items[absent.pk].route, "kind": RouteItem.Kind.COURSE, "title": "КПК", "due": D(2025, 3, 1),
        "course": course, "status": RouteItem.Status.PLANNED})
    assert not item.is_done
    services.save_course(actor=director_a1, course=course, data={
        "teacher": absent, "title": "КПК", "provider": "ИРО", "hours": 36, "start": D(2025, 1, 10),
        "end": D(2025, 1, 30), "completed": True})
    item.refresh_from_db()
    assert item.is_done and item.done_on == D(2025, 1, 30)


def _seminar(actor, agreement, activity, teachers, attended):
    return services.save_event(actor=actor, event=Event(), data={
        "kind": EventKind.objects.get(code="master_class"), "topic": "Приёмы формирующего оценивания",
        "date": D(2025, 2, 10),
        "designation": agreement.designation, "activity": activity, "result": "Материалы на сайте."},
        target_schools=[agreement.supported_school], participants=teachers, attended=[t.pk for t in attended])


def _plan_activity(agreement, **fields):
    year = SchoolYearFactory(start_year=2024)
    plan = RoadmapFactory(level="site", designation=agreement.designation, school=agreement.designation.school,
                          school_year=year, activities=0)
    return ActivityFactory(roadmap=plan, title="Мастер-классы для сопровождаемых школ", **fields)


def test_event_leaves_the_linked_activity_open_with_its_reach(agreement_a2_a1, leader_staff_a2, teachers_a1):
    activity = _plan_activity(agreement_a2_a1, indicator="доля педагогов — участников", target_value="не менее 80 %")
    event = _seminar(leader_staff_a2, agreement_a2_a1, activity, teachers_a1[:4], teachers_a1[:3])
    activity.refresh_from_db()
    # 3 of the school's 5 teachers reached = 60 % of teachers; the target is 80 %: 75 % of the way
    assert activity.status == Activity.Status.IN_PROGRESS and activity.percent == 75
    assert activity.completed_on is None and activity.report == ""  # the person's report is the person's
    assert event.is_held
    work = selectors.activity_work(activity)
    assert [(w.attended, w.invited) for w in work.items] == [(3, 4)]
    assert (work.reach.reached, work.reach.base) == (3, 5)


def test_all_teachers_reached_still_not_done(agreement_a2_a1, leader_staff_a2, teachers_a1):
    activity = _plan_activity(agreement_a2_a1, indicator="охват учителей", target_value="80%")
    _seminar(leader_staff_a2, agreement_a2_a1, activity, teachers_a1, teachers_a1)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.IN_PROGRESS and activity.percent == 100


def test_event_without_measurable_target_keeps_the_percent(agreement_a2_a1, leader_staff_a2, teachers_a1):
    activity = _plan_activity(agreement_a2_a1, indicator="проведены мастер-классы", target_value="4 мастер-класса",
                              percent=20)
    _seminar(leader_staff_a2, agreement_a2_a1, activity, teachers_a1[:2], teachers_a1[:2])
    activity.refresh_from_db()
    assert activity.status == Activity.Status.IN_PROGRESS and activity.percent == 20


def test_event_does_not_reopen_a_closed_activity(agreement_a2_a1, leader_staff_a2, teachers_a1):
    activity = _plan_activity(agreement_a2_a1, indicator="доля педагогов", target_value="80 %",
                              status=Activity.Status.CANCELLED, report="Перенесено.")
    _seminar(leader_staff_a2, agreement_a2_a1, activity, teachers_a1[:2], teachers_a1[:2])
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED


def test_activity_of_another_plan_refused(agreement_a2_a1, leader_staff_a2, teachers_a1, school_a1):
    other = RoadmapFactory(school=school_a1, school_year=SchoolYearFactory(start_year=2024), activities=1)
    with pytest.raises(ValidationError) as exc:
        services.save_event(actor=leader_staff_a2, event=Event(), data={
            "kind": EventKind.objects.get(code="master_class"), "topic": "x", "date": D(2025, 2, 10),
            "designation": agreement_a2_a1.designation, "activity": other.activities.first()},
            target_schools=[agreement_a2_a1.supported_school])
    assert "activity" in exc.value.message_dict
    assert not Event.objects.exists()


def test_attendance_not_in_the_future(agreement_a2_a1, leader_staff_a2, teachers_a1):
    future = datetime.date.today() + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as exc:
        services.save_event(actor=leader_staff_a2, event=Event(), data={
            "kind": EventKind.objects.get(code="master_class"), "topic": "Будущее", "date": future,
            "designation": agreement_a2_a1.designation},
            target_schools=[agreement_a2_a1.supported_school], participants=teachers_a1[:2],
            attended=[teachers_a1[0].pk])
    assert "attended" in exc.value.message_dict
    assert not Event.objects.exists()  # the whole form is refused, nothing written
