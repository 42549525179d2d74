"""schools.access, role by object: every queryset and predicate of the registry's rules.

Roles: methodologist of A, head of A's education department, director of A1, leader-school staff of A2,
methodologist of B, administrator (by role), a user without memberships, a deactivated methodologist of A,
an anonymous visitor. Objects: schools A1, A2 (municipality A) and B1 (municipality B).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Role
from schools import access
from schools.models import School

from ..factories import UserFactory, make_user

ROLES = ["methodologist_a", "head_a", "director_a1", "leader_a2", "methodologist_b", "admin", "nobody",
         "inactive", "anonymous"]

A, B = "dinskoy", "kalininsky"
ALL = {"230001", "230002", "230101"}
A_SCHOOLS = {"230001", "230002"}
B_SCHOOLS = {"230101"}
NONE = set()

# role → (visible municipalities, managed municipalities, visible schools, private schools, editable schools)
EXPECTED = {
    "methodologist_a": ({A}, {A}, A_SCHOOLS, A_SCHOOLS, A_SCHOOLS),
    "head_a": ({A}, NONE, A_SCHOOLS, A_SCHOOLS, NONE),
    "director_a1": ({A}, NONE, A_SCHOOLS, {"230001"}, {"230001"}),
    "leader_a2": ({A}, NONE, A_SCHOOLS, {"230002"}, NONE),
    "methodologist_b": ({B}, {B}, B_SCHOOLS, B_SCHOOLS, B_SCHOOLS),
    "admin": ({A, B}, {A, B}, ALL, ALL, ALL),
    "nobody": (NONE, NONE, NONE, NONE, NONE),
    "inactive": (NONE, NONE, NONE, NONE, NONE),
    "anonymous": (NONE, NONE, NONE, NONE, NONE),
}

# role → (is_municipal_staff, is_methodologist)
EXPECTED_FLAGS = {
    "methodologist_a": (True, True),
    "head_a": (True, False),
    "director_a1": (False, False),
    "leader_a2": (False, False),
    "methodologist_b": (True, True),
    "admin": (True, True),
    "nobody": (False, False),
    "inactive": (False, False),
    "anonymous": (False, False),
}


@pytest.fixture
def world(muni_a, muni_b, school_a1, school_a2, school_b1):
    return {"muni": {A: muni_a, B: muni_b},
            "school": {s.code: s for s in (school_a1, school_a2, school_b1)}}


@pytest.fixture
def user_of(world):
    """user_of(role name) → a fresh user object (the scope cache starts empty)."""
    muni, school = world["muni"], world["school"]
    makers = {
        "methodologist_a": lambda: make_user(Role.METHODOLOGIST, municipality=muni[A]),
        "head_a": lambda: make_user(Role.DEPARTMENT_HEAD, municipality=muni[A]),
        "director_a1": lambda: make_user(Role.SCHOOL_DIRECTOR, school=school["230001"]),
        "leader_a2": lambda: make_user(Role.LEADER_STAFF, school=school["230002"]),
        "methodologist_b": lambda: make_user(Role.METHODOLOGIST, municipality=muni[B]),
        "admin": lambda: make_user(Role.ADMIN),
        "nobody": lambda: UserFactory(),
        "inactive": lambda: make_user(Role.METHODOLOGIST, municipality=muni[A], is_active=False),
        "anonymous": AnonymousUser,
    }
    return lambda name: makers[name]()


def _codes(qs):
    return set(qs.values_list("code", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_querysets(role, user_of, world):
    user = user_of(role)
    visible_munis, managed_munis, visible, private, editable = EXPECTED[role]
    assert _codes(access.visible_municipalities(user)) == visible_munis
    assert _codes(access.managed_municipalities(user)) == managed_munis
    assert _codes(access.visible_schools(user)) == visible
    assert _codes(access.private_schools(user)) == private
    assert _codes(access.editable_schools(user)) == editable
    # a queryset passed in is narrowed, not replaced
    only_a1 = School.objects.filter(code="230001")
    assert _codes(access.visible_schools(user, only_a1)) == visible & {"230001"}
    assert _codes(access.private_schools(user, only_a1)) == private & {"230001"}
    assert _codes(access.editable_schools(user, only_a1)) == editable & {"230001"}


@pytest.mark.parametrize("role", ROLES)
def test_school_predicates_agree_with_querysets(role, user_of, world):
    user = user_of(role)
    _vm, managed_munis, visible, private, editable = EXPECTED[role]
    for code, school in world["school"].items():
        assert access.can_view_school(user, school) == (code in visible), code
        assert access.can_view_private(user, school) == (code in private), code
        assert access.can_edit_school(user, school) == (code in editable), code
        assert access.can_edit_private(user, school) == (code in private and code in editable), code
        assert access.can_edit_results(user, school) == (school.municipality.code in managed_munis), code


@pytest.mark.parametrize("role", ROLES)
def test_municipality_predicates(role, user_of, world):
    user = user_of(role)
    _vm, managed_munis, *_rest = EXPECTED[role]
    staff, methodologist = EXPECTED_FLAGS[role]
    for code, municipality in world["muni"].items():
        assert access.can_manage_municipality(user, municipality.pk) == (code in managed_munis), code
        assert access.can_create_school_in(user, municipality.pk) == (code in managed_munis), code
    assert access.is_municipal_staff(user) == staff
    assert access.is_methodologist(user) == methodologist
    assert access.can_create_school(user) == methodologist
    assert access.can_view_grading_scales(user) == staff
    assert access.can_edit_grading_scales(user) == (role == "admin")  # the region's scales: its administrators
    assert access.can_import_registry(user) == methodologist


@pytest.mark.parametrize("role", ROLES)
def test_locked_fields(role, user_of, world):
    """The registry identity (municipality, code, activity) is open only to those who manage the school's
    municipality; everybody else — the director included — sees it locked."""
    user = user_of(role)
    _vm, managed_munis, *_rest = EXPECTED[role]
    assert set(access.MUNICIPAL_ONLY_FIELDS) == {"municipality", "code", "is_active"}
    for code, school in world["school"].items():
        expected = frozenset() if school.municipality.code in managed_munis else frozenset(
            access.MUNICIPAL_ONLY_FIELDS)
        assert access.locked_fields(user, school) == expected, code


@pytest.mark.parametrize("role", ROLES)
def test_lookup_and_require(role, user_of, world):
    """A school outside the registry scope is 404; a visible one without the right is 403."""
    user = user_of(role)
    _vm, _mm, visible, private, editable = EXPECTED[role]
    for code, school in world["school"].items():
        if code in visible:
            assert access.school_or_404(user, school.pk) == school
        else:
            with pytest.raises(Http404):
                access.school_or_404(user, school.pk)
        for require, allowed in ((access.require_private, code in private), (access.require_edit, code in editable)):
            if allowed:
                require(user, school)
            else:
                with pytest.raises(PermissionDenied):
                    require(user, school)
    for junk in ("abc", None, 10**9):
        with pytest.raises(Http404):
            access.school_or_404(user, junk)


def test_superuser_without_memberships_is_admin(world):
    root = UserFactory(is_superuser=True, is_staff=True)
    assert access.scope_of(root).is_admin
    assert _codes(access.editable_schools(root)) == ALL
    assert access.locked_fields(root, world["school"]["230101"]) == frozenset()


def test_scope_of_anonymous_inactive_and_none_is_empty(user_of):
    for user in (None, user_of("anonymous"), user_of("inactive")):
        assert access.scope_of(user) == access.EMPTY_SCOPE


def test_predicates_read_the_cached_scope(user_of, world, django_assert_num_queries):
    """After the one query for the scope, the predicates ask the database nothing."""
    user = user_of("director_a1")
    access.scope_of(user)
    with django_assert_num_queries(0):
        for school in world["school"].values():
            access.can_view_school(user, school)
            access.can_view_private(user, school)
            access.can_edit_school(user, school)
            access.can_edit_results(user, school)
            access.locked_fields(user, school)
        access.is_methodologist(user)
