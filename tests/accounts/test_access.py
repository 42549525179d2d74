"""accounts.access, role by object: the rules for users and memberships (who manages whom, which roles
may be given where) and the scope every rule reads.

Roles: methodologist of A, head of A, director of A1, leader-school staff of A2, methodologist of B,
administrator (by role), a user without memberships, a deactivated methodologist of A. Objects:
municipalities A and B, schools A1, A2, B1, and the memberships of those users.
"""

import pytest

from accounts import access as scoping
from accounts.models import Membership, Role

from ..factories import UserFactory, make_user

ROLES = ["methodologist_a", "head_a", "director_a1", "leader_a2", "methodologist_b", "admin", "nobody",
         "inactive"]
# department heads manage their municipality's users too (they alone, with admins, give the head role)
MANAGERS = {"methodologist_a", "head_a", "methodologist_b", "admin"}


@pytest.fixture
def people(muni_a, muni_b, school_a1, school_a2, school_b1):
    return {
        "methodologist_a": make_user(Role.METHODOLOGIST, municipality=muni_a),
        "head_a": make_user(Role.DEPARTMENT_HEAD, municipality=muni_a),
        "director_a1": make_user(Role.SCHOOL_DIRECTOR, school=school_a1),
        "leader_a2": make_user(Role.LEADER_STAFF, school=school_a2),
        "methodologist_b": make_user(Role.METHODOLOGIST, municipality=muni_b),
        "admin": make_user(Role.ADMIN),
        "nobody": UserFactory(),
        "inactive": make_user(Role.METHODOLOGIST, municipality=muni_a, is_active=False),
    }


def _fresh(user):
    """The same user without the cached scope (as in the next request)."""
    return type(user).objects.get(pk=user.pk)


# users each manager sees (A's users include the deactivated one: that is how they are switched back on)
MANAGED = {
    "methodologist_a": {"methodologist_a", "head_a", "director_a1", "leader_a2", "inactive"},
    "head_a": {"methodologist_a", "head_a", "director_a1", "leader_a2", "inactive"},
    "methodologist_b": {"methodologist_b"},
    "admin": set(ROLES),
}
# ... and may change: a methodologist never changes (switches off, renames, gives roles to) the head
CHANGED = {**MANAGED, "methodologist_a": MANAGED["methodologist_a"] - {"head_a"}}


def test_scope_flattens_memberships(people, muni_a, muni_b, school_a1, school_a2):
    scope = scoping.get_scope(people["methodologist_a"])
    assert (scope.is_admin, scope.methodologist_munis, scope.member_munis) == (
        False, frozenset({muni_a.pk}), frozenset({muni_a.pk}))
    scope = scoping.get_scope(people["leader_a2"])
    assert (scope.leader_schools, scope.director_schools, scope.member_munis) == (
        frozenset({school_a2.pk}), frozenset(), frozenset({muni_a.pk}))
    assert scoping.get_scope(people["admin"]).is_admin
    assert scoping.get_scope(people["nobody"]) == scoping.EMPTY_SCOPE
    assert scoping.get_scope(people["inactive"]) == scoping.EMPTY_SCOPE
    assert scoping.scope_of(people["director_a1"]).director_schools == frozenset({school_a1.pk})


def test_scope_is_one_query_per_user_object(people, django_assert_num_queries):
    user = _fresh(people["director_a1"])
    with django_assert_num_queries(1):
        scoping.get_scope(user)
        scoping.get_scope(user)
        scoping.scope_of(user)  # the registry's rules read the same cached scope


@pytest.mark.parametrize("role", ROLES)
def test_has_role(people, role):
    user = people[role]
    expected = {
        "methodologist_a": {Role.METHODOLOGIST}, "head_a": {Role.DEPARTMENT_HEAD},
        "director_a1": {Role.SCHOOL_DIRECTOR}, "leader_a2": {Role.LEADER_STAFF},
        "methodologist_b": {Role.METHODOLOGIST}, "admin": set(Role), "nobody": set(), "inactive": set(),
    }[role]
    for r in Role:
        assert scoping.has_role(user, r) == (r in expected), r


@pytest.mark.parametrize("role", ROLES)
def test_who_manages_users_and_whom(people, role):
    user = people[role]
    assert scoping.can_manage_users(user) == (role in MANAGERS)
    expected = MANAGED.get(role, set())
    names = {name for name, person in people.items() if person in set(scoping.manageable_users(user))}
    assert names == expected
    for name, target in people.items():
        assert scoping.can_manage_user(user, target) == (name in CHANGED.get(role, set())), name


@pytest.mark.parametrize("role", ROLES)
def test_which_memberships_and_revoke(people, role, school_b1):
    user = people[role]
    # director of A1 also works as leader-school staff in B1: two managers, each sees only their half
    in_b = Membership.objects.create(user=people["director_a1"], role=Role.LEADER_STAFF, school=school_b1)
    in_a = people["director_a1"].memberships.get(role=Role.SCHOOL_DIRECTOR)
    expected_users = MANAGED.get(role, set())
    expected = {m.pk for name in expected_users for m in people[name].memberships.all()}
    if role in ("methodologist_a", "head_a"):
        expected.discard(in_b.pk)
    if role == "methodologist_a":  # the head's role is taken away by a head or an admin, never a methodologist
        expected.discard(people["head_a"].memberships.get().pk)
    if role == "methodologist_b":
        expected.add(in_b.pk)
    assert set(scoping.manageable_memberships(user).values_list("pk", flat=True)) == expected
    assert scoping.can_revoke(user, in_a) == (role in ("methodologist_a", "head_a", "admin"))
    assert scoping.can_revoke(user, in_b) == (role in ("methodologist_b", "admin"))
    admin_membership = people["admin"].memberships.get()
    assert scoping.can_revoke(user, admin_membership) == (role == "admin")


def test_methodologist_b_now_manages_the_director_of_a1_through_their_b_role(people, school_b1):
    Membership.objects.create(user=people["director_a1"], role=Role.LEADER_STAFF, school=school_b1)
    assert scoping.can_manage_user(people["methodologist_b"], people["director_a1"])


def test_superusers_are_never_managed_by_methodologists(people, muni_a):
    root = make_user(Role.METHODOLOGIST, municipality=muni_a, is_superuser=True, is_staff=True)
    assert not scoping.can_manage_user(people["methodologist_a"], root)
    assert not scoping.manageable_memberships(people["methodologist_a"]).filter(user=root).exists()
    assert scoping.can_manage_user(people["admin"], root)


@pytest.mark.parametrize("role", ROLES)
def test_assignable_roles_and_grantable_scopes(people, role, muni_a, muni_b, school_a1, school_a2, school_b1):
    user = people[role]
    roles = {r for r, _label in scoping.assignable_roles(user)}
    munis = set(scoping.grantable_municipalities(user))
    schools = set(scoping.grantable_schools(user))
    if role == "admin":
        assert (roles, munis, schools) == (set(Role.values), {muni_a, muni_b}, {school_a1, school_a2, school_b1})
    elif role == "methodologist_a":
        assert (roles, munis, schools) == (set(Role.values) - {Role.ADMIN, Role.DEPARTMENT_HEAD}, {muni_a},
                                           {school_a1, school_a2})
    elif role == "head_a":
        assert (roles, munis, schools) == (set(Role.values) - {Role.ADMIN}, {muni_a}, {school_a1, school_a2})
    elif role == "methodologist_b":
        assert (roles, munis, schools) == (set(Role.values) - {Role.ADMIN, Role.DEPARTMENT_HEAD}, {muni_b},
                                           {school_b1})
    else:
        assert (roles, munis, schools) == (set(), set(), set())


@pytest.mark.parametrize("role", ROLES)
def test_can_grant(people, role, muni_a, muni_b, school_a1, school_a2, school_b1):
    user = people[role]
    own_munis = {"methodologist_a": {muni_a}, "head_a": {muni_a}, "methodologist_b": {muni_b},
                 "admin": {muni_a, muni_b}}.get(role, set())
    head_munis = {"head_a": {muni_a}, "admin": {muni_a, muni_b}}.get(role, set())  # never a methodologist
    own_schools = {"methodologist_a": {school_a1, school_a2}, "head_a": {school_a1, school_a2},
                   "methodologist_b": {school_b1}, "admin": {school_a1, school_a2, school_b1}}.get(role, set())
    for r, granted_in in ((Role.METHODOLOGIST, own_munis), (Role.DEPARTMENT_HEAD, head_munis)):
        for m in (muni_a, muni_b):
            assert scoping.can_grant(user, r, municipality=m) == (m in granted_in), (r, m)
        assert not scoping.can_grant(user, r)  # a municipal role needs its municipality
        assert not scoping.can_grant(user, r, school=school_a1)
    for r in (Role.SCHOOL_DIRECTOR, Role.LEADER_STAFF):
        for s in (school_a1, school_a2, school_b1):
            assert scoping.can_grant(user, r, school=s) == (s in own_schools), (r, s)
        assert not scoping.can_grant(user, r)
    assert scoping.can_grant(user, Role.ADMIN) == (role == "admin")
    assert not scoping.can_grant(user, "no-such-role", municipality=muni_a)
