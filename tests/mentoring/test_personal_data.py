"""Teachers' personal data on a need-to-know basis (mentoring/access.py, `TeacherDetails`): every page and API
endpoint of the methodical work, walked on the demo world as the director of a supported school, never shows the
names, ratings or feedback of other schools' teachers, only their number or «педагог другой школы»; leader-school
staff see the participants of their own agreements' schools and not another agreement's; the director still sees
their own teachers."""

import re

import pytest
from django.urls import get_resolver, reverse

from accounts.models import Membership, User
from mentoring import access
from mentoring.models import Community, Event, MentoringPair, Participation
from schools.models import Teacher

pytestmark = pytest.mark.usefixtures("demo_db")

API = ["events", "participations", "mentoring-pairs", "teaching-assignments", "diagnostics", "development-routes",
       "courses", "communities"]


def _user(email) -> User:
    return User.objects.get(email=email)


def _school_of(user) -> int:
    return Membership.objects.filter(user=user).exclude(school=None).values_list("school_id", flat=True).get()


def _mentoring_routes() -> list[tuple[str, list[str]]]:
    """Every route of the `mentoring:` namespace with the names of its arguments."""
    routes = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) == "mentoring":
            routes += [(f"mentoring:{p.name}", list(p.pattern.converters)) for p in pattern.url_patterns]
    return routes


def _shared_event(school_id: int) -> Event:
    """A demo event addressed to this school with participants of other schools as well."""
    events = Event.objects.filter(target_schools=school_id, participations__teacher__school_id=school_id).distinct()
    for event in events:
        if event.participations.exclude(teacher__school_id=school_id).exists():
            return event
    raise AssertionError("the demo has no event shared by several schools")


@pytest.fixture
def director():
    """The demo director of a supported school (its teachers take part in shared seminars and have mentors)."""
    return _user("director.struggling@demo.ru")


@pytest.fixture
def marked(director):
    """Ratings and comments that can be found in a page: the other schools' ones unique, the own ones plain."""
    own = _school_of(director)
    event = _shared_event(own)
    for p in event.participations.select_related("teacher"):
        if p.teacher.school_id == own:
            p.rating, p.comment = 4, f"Свой отзыв {p.pk}"
        else:
            p.rating, p.comment = 2, f"Чужой отзыв {p.pk}"
        p.attended = True
        p.save()
    event.status = Event.Status.HELD
    event.save()
    return event


def _kwargs(name: str, own: int, event: Event) -> list[dict]:
    """Arguments for a route: the demo objects the director reaches and some they do not."""
    own_teachers = Teacher.objects.filter(school_id=own)
    other_teachers = Teacher.objects.exclude(school_id=own).filter(participations__event=event).distinct()[:2]
    teachers = [*own_teachers.filter(mentoring_as_mentee__isnull=False).distinct()[:2], *other_teachers]
    if name.startswith("mentoring:event_"):
        objs = [event, *Event.objects.exclude(pk=event.pk).filter(participations__isnull=False)[:2]]
        out = []
        for e in objs:
            parts = list(e.participations.values_list("pk", flat=True)[:3]) or [0]
            materials = list(e.materials.values_list("pk", flat=True)[:1]) or [0]
            out += [{"pk": e.pk, "participation_pk": p, "material_pk": m} for p in parts for m in materials]
        return out
    if name.startswith("mentoring:pair_"):
        return [{"pk": p.pk} for p in MentoringPair.objects.all()]
    if name.startswith("mentoring:community_"):
        return [{"pk": c.pk} for c in Community.objects.all()[:3]]
    out = []
    for t in teachers:
        route = t.routes.first()
        out.append({"pk": t.pk, "course_pk": getattr(t.courses.first(), "pk", 0), "route_pk": getattr(route, "pk", 0),
                    "item_pk": getattr(route and route.items.first(), "pk", 0),
                    "assignment_pk": getattr(t.assignments.first(), "pk", 0)})
    return out


def _urls(name: str, args: list[str], own: int, event: Event) -> list[str]:
    if not args:
        return [reverse(name)]
    return sorted({reverse(name, kwargs={a: kw[a] for a in args}) for kw in _kwargs(name, own, event)})


def _foreign(own: int) -> tuple[set[str], set[str]]:
    """Names of the teachers of other schools that appear in events and pairs (a name an own teacher shares is left
    out), and the unique feedback written for them."""
    own_names = set(Teacher.objects.filter(school_id=own).values_list("full_name", flat=True))
    shown = set(Participation.objects.exclude(teacher__school_id=own).values_list("teacher__full_name", flat=True))
    shown |= set(MentoringPair.objects.exclude(mentor__school_id=own).values_list("mentor__full_name", flat=True))
    shown |= set(MentoringPair.objects.exclude(mentee__school_id=own).values_list("mentee__full_name", flat=True))
    comments = set(Participation.objects.exclude(teacher__school_id=own).filter(comment__startswith="Чужой")
                   .values_list("comment", flat=True))
    return shown - own_names, comments


def test_a_director_never_sees_other_schools_teachers(client_for, director, marked):
    own = _school_of(director)
    names, comments = _foreign(own)
    assert names and comments
    client = client_for(director)
    routes = _mentoring_routes()
    assert len(routes) > 30
    urls = [u for name, args in routes for u in _urls(name, args, own, marked)]
    urls += [reverse("mentoring:calendar") + f"?y={marked.date.year}&m={marked.date.month}",
             reverse("mentoring:calendar") + "?view=list", reverse("mentoring:pair_list") + "?status=active"]
    for endpoint in API:
        urls.append(f"/api/v1/{endpoint}/?page_size=1000")
    urls += [f"/api/v1/participations/{p}/" for p in marked.participations.values_list("pk", flat=True)]
    urls += [f"/api/v1/mentoring-pairs/{p}/" for p in MentoringPair.objects.values_list("pk", flat=True)]
    urls += [f"/api/v1/events/{marked.pk}/", f"/api/v1/participations/?event={marked.pk}"]
    assert len(urls) > 60
    seen = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 400, 403, 404, 405), (url, response.status_code)
        body = response.content.decode()
        seen += response.status_code == 200
        for text in names | comments:
            assert text not in body, (url, text)
        assert "2/5" not in body and '"rating": 2' not in body and '"rating":2' not in body, url
    assert seen > 20


def test_other_schools_appear_as_a_count(client_for, director, marked):
    own = _school_of(director)
    client = client_for(director)
    hidden = marked.participations.exclude(teacher__school_id=own).count()
    body = client.get(marked.get_absolute_url()).content.decode()
    form = "педагог другой школы" if hidden % 10 == 1 and hidden % 100 != 11 else (
        "педагога других школ" if 2 <= hidden % 10 <= 4 and not 12 <= hidden % 100 <= 14 else "педагогов других школ")
    assert f"{hidden} {form}" in body
    assert f"({marked.participations.count()})" in body  # the heading counts everyone
    for p in marked.participations.filter(teacher__school_id=own).select_related("teacher"):
        assert p.teacher.full_name in body and f"Свой отзыв {p.pk}" in body  # own teachers in full
    pair = MentoringPair.objects.filter(mentee__school_id=own).exclude(mentor__school_id=own).first()
    body = client.get(pair.get_absolute_url()).content.decode()
    assert "педагог другой школы" in body and pair.mentee.full_name in body and pair.mentor.full_name not in body
    data = client.get(f"/api/v1/mentoring-pairs/{pair.pk}/").json()
    assert data["mentor"] is None and data["mentee"] == pair.mentee_id and data["goals"] == pair.goals
    body = client.get(reverse("mentoring:teacher_detail", args=[pair.mentee_id])).content.decode()
    assert "педагог другой школы" in body and pair.mentor.full_name not in body
    api = client.get(f"/api/v1/participations/?event={marked.pk}&page_size=1000").json()["results"]
    assert {r["teacher"] for r in api} == set(marked.participations.filter(teacher__school_id=own).values_list(
        "teacher_id", flat=True))
    assert client.get(f"/api/v1/events/{marked.pk}/").json()["participants"] == marked.participations.count()


def test_a_filter_by_teacher_reveals_nothing(client_for, director, marked):
    own = _school_of(director)
    client = client_for(director)
    other = marked.participations.exclude(teacher__school_id=own).first().teacher
    mine = marked.participations.filter(teacher__school_id=own).first().teacher
    assert client.get(f"/api/v1/participations/?teacher={other.pk}").status_code == 400  # as an unknown id
    assert client.get(f"/api/v1/participations/?teacher={mine.pk}").json()["count"] >= 1
    mentor = MentoringPair.objects.filter(mentee__school_id=own).exclude(mentor__school_id=own).first().mentor
    assert client.get(f"/api/v1/mentoring-pairs/?mentor={mentor.pk}").status_code == 400
    assert client.get(f"/api/v1/participations/?school={other.school.code}").json()["count"] == 0
    theirs = marked.participations.get(teacher=other)
    client.post(reverse("mentoring:event_feedback", args=[marked.pk]), {  # the feedback form names another's row
        "feedback-TOTAL_FORMS": 1, "feedback-INITIAL_FORMS": 1, "feedback-0-participation": theirs.pk,
        "feedback-0-rating": 5, "feedback-0-comment": "чужой отзыв"})
    theirs.refresh_from_db()
    assert theirs.comment != "чужой отзыв" and theirs.rating != 5
    body = client.get(marked.get_absolute_url()).content.decode()
    assert f'name="feedback-0-participation" value="{theirs.pk}"' not in body


def test_leader_staff_see_their_agreements_participants_only(client_for, marked):
    leader = _user("leader@demo.ru")
    leader_school = _school_of(leader)
    supported = set(access.supported_school_ids([leader_school]).values_list("supported_school_id", flat=True))
    assert supported
    # the shared municipal seminar now also has a teacher of the leader school
    own_teacher = Teacher.objects.filter(school_id=leader_school).first()
    marked.target_schools.add(leader_school)
    Participation.objects.create(event=marked, teacher=own_teacher, attended=True)
    client = client_for(leader)
    body = client.get(marked.get_absolute_url()).content.decode()
    assert own_teacher.full_name in body
    parts = list(marked.participations.select_related("teacher"))
    mine = [p for p in parts if p.teacher.school_id in supported]
    others = [p for p in parts if p.teacher.school_id not in supported | {leader_school}]
    assert mine and others
    for p in mine:
        assert p.teacher.full_name in body and p.comment in body
    for p in others:
        assert p.teacher.full_name not in body and p.comment not in body
    assert re.search(rf"{len(others)} педагог\w* други\w* школ", body)
    api = client.get("/api/v1/participations/?page_size=1000").json()["results"]
    assert {r["school"] for r in api} <= {t.school.code for t in Teacher.objects.filter(
        school_id__in=supported | {leader_school}).select_related("school")}
    assert any(r["teacher"] == mine[0].teacher_id for r in api)
    # another agreement's pair: not theirs to open; their own agreement's pairs: both teachers by name
    foreign = MentoringPair.objects.exclude(agreement__designation__school_id=leader_school).exclude(
        mentor__school_id=leader_school).first()
    assert client.get(foreign.get_absolute_url()).status_code == 404
    own_pair = MentoringPair.objects.filter(agreement__designation__school_id=leader_school).first()
    body = client.get(own_pair.get_absolute_url()).content.decode()
    assert own_pair.mentor.full_name in body and own_pair.mentee.full_name in body


def test_methodologist_sees_every_participant(client_for, marked):
    body = client_for(_user("metodist.dinskoy@demo.ru")).get(marked.get_absolute_url()).content.decode()
    for p in marked.participations.select_related("teacher"):
        assert p.teacher.full_name in body and p.comment in body
    assert "других школ" not in body and "другой школы" not in body
