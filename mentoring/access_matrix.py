"""The permission matrix rows of the methodical work (mentoring.access): pages and API.

Expected answers per verb and role, one per position (own / other school / other municipality) — see
core.permission_matrix; checked by tests/core/test_permission_matrix.py. The positions are seen from the demo's
director of Динской район's first school; an object «of a school» is its teacher's (an event: addressed to it)."""

from core.permission_matrix import Route, answers, everyone, ok_for  # noqa: F401
from schools.models import Teacher

from .models import (
    Community,
    Course,
    DevelopmentRoute,
    Diagnostic,
    Event,
    EventMaterial,
    MentoringPair,
    Participation,
    RouteItem,
    TeachingAssignment,
)


def _first(qs, *lookups):
    for lookup in lookups:
        found = qs.filter(**lookup).order_by("pk").first()
        if found is not None:
            return found
    return None


def _event(at):
    found = _first(Event.objects.all(), {"target_schools": at.school}, {"municipality": at.municipality})
    return None if found is None else {"pk": found.pk}


def _participation(at):
    found = _first(Participation.objects.all(), {"teacher__school": at.school},
                   {"teacher__school__municipality": at.municipality})
    return None if found is None else {"pk": found.event_id, "participation_pk": found.pk}


def _participation_event(at):
    """The event of a participation of the school (the feedback form of its participants)."""
    found = _participation(at)
    return None if found is None else {"pk": found["pk"]}


def _participation_api(at):
    found = _participation(at)
    return None if found is None else {"pk": found["participation_pk"]}


def _material(at):
    found = _first(EventMaterial.objects.all(), {"event__target_schools": at.school},
                   {"event__municipality": at.municipality})
    return None if found is None else {"pk": found.event_id, "material_pk": found.pk}


def _pair(at):
    found = _first(MentoringPair.objects.all(), {"mentee__school": at.school},
                   {"mentee__school__municipality": at.municipality})
    return None if found is None else {"pk": found.pk}


def _teacher_object(model, at, key):
    found = _first(model.objects.all(), {"teacher__school": at.school},
                   {"teacher__school__municipality": at.municipality})
    return None if found is None else {"pk": found.teacher_id, key: found.pk}


def _teacher(at):
    found = _first(Teacher.objects.all(), {"school": at.school})
    return None if found is None else {"pk": found.pk}


def _course(at):
    return _teacher_object(Course, at, "course_pk")


def _route(at):
    return _teacher_object(DevelopmentRoute, at, "route_pk")


def _route_item(at):
    found = _first(RouteItem.objects.all(), {"route__teacher__school": at.school},
                   {"route__teacher__school__municipality": at.municipality})
    return None if found is None else {"pk": found.route.teacher_id, "route_pk": found.route_id, "item_pk": found.pk}


def _assignment(at):
    return _teacher_object(TeachingAssignment, at, "assignment_pk")


def _api(finder, key):
    def find(at):
        found = finder(at)
        return None if found is None else {"pk": found[key]}
    return find


def _diagnostic(at):
    found = _first(Diagnostic.objects.all(), {"teacher__school": at.school},
                   {"teacher__school__municipality": at.municipality})
    return None if found is None else {"pk": found.pk}


def _community(at):
    found = _first(Community.objects.all(), {"municipality": at.municipality})
    return None if found is None else {"pk": found.pk}


KINDS = {
    "event": _event, "participation_event": _participation_event, "participation_api": _participation_api,
    "event_material": _material, "pair": _pair, "teacher": _teacher, "course": _course, "route": _route,
    "route_item": _route_item, "assignment": _assignment, "course_api": _api(_course, "course_pk"),
    "route_api": _api(_route, "route_pk"), "assignment_api": _api(_assignment, "assignment_pk"),
    "diagnostic": _diagnostic, "community": _community,
}

# codes per verb: answers(anon, methodologist, head, director, leader, admin)
ROUTES = {
    "api:community-detail": Route(
        "community",
        get=answers("401", "200 200 404", "200 200 404", "200 200 404", "200 200 404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "405", "405", "405", "405", "405"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:community-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "403", "403", "403", "400"),
    ),
    "api:course-detail": Route(
        "course_api",
        get=answers("401", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "200 200 404", "403 403 404", "404", "404", "200"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:course-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "403", "400", "403", "400"),
    ),
    "api:development-route-detail": Route(
        "route_api",
        get=answers("401", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "405", "405", "405", "405", "405"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:development-route-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "403", "400", "403", "400"),
    ),
    "api:diagnostic-detail": Route(
        "diagnostic",
        get=answers("401", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "405", "405", "405", "405", "405"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:diagnostic-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "403", "400", "403", "400"),
    ),
    "api:event-detail": Route(
        "event",
        get=answers("401", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "200 200 404", "403 403 404", "404", "404", "200"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:event-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "403", "403", "400", "400"),
    ),
    "api:mentoring-pair-detail": Route(
        "pair",
        get=answers("401", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "200 200 404", "403 403 404", "404", "404", "200"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:mentoring-pair-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "403", "403", "400", "400"),
    ),
    "api:participation-detail": Route(
        "participation_api",
        get=answers("401", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "200 200 404", "403 403 404", "404", "404", "200"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:participation-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "403", "403", "400", "400"),
    ),
    "api:teaching-assignment-detail": Route(
        "assignment_api",
        get=answers("401", "200 200 404", "200 200 404", "200 404 404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "405", "405", "405", "405", "405"),
        delete=answers("401", "204 204 404", "403 403 404", "204 404 404", "404", "204"),
    ),
    "api:teaching-assignment-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "403", "400", "403", "400"),
    ),
    "mentoring:assignment_add": Route(
        "teacher",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
    ),
    "mentoring:assignment_delete": Route(
        "assignment",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "302 404 404", "404", "302"),
    ),
    "mentoring:calendar": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "mentoring:community_create": Route(
        get=answers("login", "200", "403", "403", "403", "200"),
        post=answers("login", "200", "403", "403", "403", "200"),
    ),
    "mentoring:community_detail": Route(
        "community",
        get=answers("login", "200 200 404", "200 200 404", "200 200 404", "200 200 404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "403 403 404", "403 403 404", "200"),
    ),
    "mentoring:community_edit": Route(
        "community",
        get=answers("login", "200 200 404", "403 403 404", "403 403 404", "403 403 404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "403 403 404", "403 403 404", "200"),
    ),
    "mentoring:community_list": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "mentoring:course_certificate": Route(
        "course",
        get=answers("login", "404", "404", "404", "404", "404"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "mentoring:course_create": Route(
        "teacher",
        get=answers("login", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
    ),
    "mentoring:course_edit": Route(
        "course",
        get=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "mentoring:coverage": Route(
        get=answers("login", "200", "200", "403", "403", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "mentoring:coverage_export": Route(
        get=answers("login", "200", "200", "403", "403", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "mentoring:diagnostic_new": Route(
        "teacher",
        get=answers("login", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
    ),
    "mentoring:event_attendance": Route(
        "event",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "404", "404", "302"),
    ),
    "mentoring:event_cancel": Route(
        "event",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "mentoring:event_create": Route(
        get=answers("login", "200", "403", "403", "200", "200"),
        post=answers("login", "200", "403", "403", "200", "200"),
    ),
    "mentoring:event_detail": Route(
        "event",
        get=answers("login", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "mentoring:event_edit": Route(
        "event",
        get=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "mentoring:event_feedback": Route(
        "participation_event",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "404", "404", "302"),
    ),
    "mentoring:event_material": Route(
        "event",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "mentoring:event_material_file": Route(
        "event_material",
        get=everyone("-"),
        post=everyone("-"),
    ),
    "mentoring:event_participants_import": Route(
        "event",
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "302 302 404", "403 403 404", "404", "404", "302"),
    ),
    "mentoring:low_results": Route(
        get=answers("login", "200", "200", "200", "403", "200"),
        post=answers("login", "200", "403", "403", "403", "200"),
    ),
    "mentoring:pair_create": Route(
        get=answers("login", "200", "403", "403", "200", "200"),
        post=answers("login", "200", "403", "403", "200", "200"),
    ),
    "mentoring:pair_detail": Route(
        "pair",
        get=answers("login", "200 200 404", "200 200 404", "404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "mentoring:pair_edit": Route(
        "pair",
        get=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "mentoring:pair_list": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "mentoring:route_create": Route(
        "teacher",
        get=answers("login", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
    ),
    "mentoring:route_edit": Route(
        "route",
        get=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "mentoring:route_item_create": Route(
        "route",
        get=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "mentoring:route_item_edit": Route(
        "route_item",
        get=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "404", "404", "200"),
    ),
    "mentoring:teacher_detail": Route(
        "teacher",
        get=answers("login", "200 200 404", "200 200 404", "200 404 404", "404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
}
