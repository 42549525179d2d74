"""Every rule of partnerships/access.py, role × object: methodologist, head, director and leader-school staff of
municipality A, a methodologist of B, a user without a role, an anonymous visitor (and an admin); designations
and agreements in A and in B, in the states that matter (designation active / terminated, agreement draft /
active).

Each case compares the whole row of roles at once, so a failure names every role that disagrees."""

import pytest
from django.contrib.auth.models import AnonymousUser

from partnerships import access
from partnerships.models import Agreement, Designation

from ..factories import AgreementFactory, DesignationFactory

ROLES = ["methodologist_a", "head_a", "director_a1", "leader_staff_a2", "methodologist_b", "no_role_user",
         "anonymous", "admin_user"]
MEMBERS_A = {"methodologist_a", "head_a", "director_a1", "leader_staff_a2", "admin_user"}
MEMBERS_B = {"methodologist_b", "admin_user"}
MANAGERS_A = {"methodologist_a", "admin_user"}  # methodologists of the leader school's municipality
MANAGERS_B = {"methodologist_b", "admin_user"}
NOBODY: set = set()


@pytest.fixture
def world(request, school_a1, school_a2, school_b1, school_b2):
    """Leader school A2 supports A1; leader school B2 supports B1. Users by role name."""
    des_a = DesignationFactory(school=school_a2)
    des_b = DesignationFactory(school=school_b2)
    objects = {
        "school_a1": school_a1, "school_a2": school_a2, "school_b1": school_b1, "school_b2": school_b2,
        "des_a": des_a, "des_b": des_b,
        "des_a_terminated": DesignationFactory(school=school_a2, state=Designation.State.TERMINATED,
                                               termination_reason=Designation.TerminationReason.DONE_EARLY),
        "ag_a_draft": AgreementFactory(designation=des_a, supported_school=school_a1),
        "ag_a_active": AgreementFactory(designation=des_a, supported_school=school_a1, state=Agreement.State.ACTIVE),
        "ag_b_draft": AgreementFactory(designation=des_b, supported_school=school_b1),
        "ag_b_active": AgreementFactory(designation=des_b, supported_school=school_b1, state=Agreement.State.ACTIVE),
    }
    users = {role: AnonymousUser() if role == "anonymous" else request.getfixturevalue(role) for role in ROLES}
    return objects, users


def _row(users, check):
    return {role: check(user) for role, user in users.items()}


def _keys(objects, qs):
    pks = {(type(o), o.pk) for o in qs}
    return {key for key, o in objects.items() if (type(o), o.pk) in pks}


# ---- querysets ----------------------------------------------------------------------------------

ALL_DESIGNATIONS = {"des_a", "des_a_terminated", "des_b"}
ALL_AGREEMENTS = {"ag_a_draft", "ag_a_active", "ag_b_draft", "ag_b_active"}
A_SCHOOLS, B_SCHOOLS = {"school_a1", "school_a2"}, {"school_b1", "school_b2"}
A_DESIGNATIONS, A_AGREEMENTS = {"des_a", "des_a_terminated"}, {"ag_a_draft", "ag_a_active"}
B_AGREEMENTS = {"ag_b_draft", "ag_b_active"}

QUERYSETS = {
    # directors see their own school's designations only (A1 has none); leader-school staff theirs
    access.visible_designations: {
        "methodologist_a": A_DESIGNATIONS, "head_a": A_DESIGNATIONS, "director_a1": NOBODY,
        "leader_staff_a2": A_DESIGNATIONS, "methodologist_b": {"des_b"}, "no_role_user": NOBODY,
        "anonymous": NOBODY, "admin_user": ALL_DESIGNATIONS},
    # the director of the supported school and the staff of the leader school see the agreement, drafts too
    access.visible_agreements: {
        "methodologist_a": A_AGREEMENTS, "head_a": A_AGREEMENTS, "director_a1": A_AGREEMENTS,
        "leader_staff_a2": A_AGREEMENTS, "methodologist_b": B_AGREEMENTS, "no_role_user": NOBODY,
        "anonymous": NOBODY, "admin_user": ALL_AGREEMENTS},
    access.managed_designations: {
        "methodologist_a": A_DESIGNATIONS, "head_a": NOBODY, "director_a1": NOBODY, "leader_staff_a2": NOBODY,
        "methodologist_b": {"des_b"}, "no_role_user": NOBODY, "anonymous": NOBODY, "admin_user": ALL_DESIGNATIONS},
    # a new agreement only under an active designation the user manages
    access.agreement_designations: {
        "methodologist_a": {"des_a"}, "head_a": NOBODY, "director_a1": NOBODY, "leader_staff_a2": NOBODY,
        "methodologist_b": {"des_b"}, "no_role_user": NOBODY, "anonymous": NOBODY,
        "admin_user": {"des_a", "des_b"}},
    access.designation_schools: {
        "methodologist_a": A_SCHOOLS, "head_a": NOBODY, "director_a1": NOBODY, "leader_staff_a2": NOBODY,
        "methodologist_b": B_SCHOOLS, "no_role_user": NOBODY, "anonymous": NOBODY,
        "admin_user": A_SCHOOLS | B_SCHOOLS},
    access.partner_schools: {
        "methodologist_a": A_SCHOOLS, "head_a": A_SCHOOLS, "director_a1": A_SCHOOLS, "leader_staff_a2": A_SCHOOLS,
        "methodologist_b": B_SCHOOLS, "no_role_user": NOBODY, "anonymous": NOBODY,
        "admin_user": A_SCHOOLS | B_SCHOOLS},
    access.coverage_schools: {
        "methodologist_a": A_SCHOOLS, "head_a": A_SCHOOLS, "director_a1": NOBODY, "leader_staff_a2": NOBODY,
        "methodologist_b": B_SCHOOLS, "no_role_user": NOBODY, "anonymous": NOBODY,
        "admin_user": A_SCHOOLS | B_SCHOOLS},
}


@pytest.mark.parametrize("queryset", QUERYSETS, ids=lambda f: f.__name__)
def test_querysets_by_role(world, queryset):
    objects, users = world
    assert _row(users, lambda user: _keys(objects, queryset(user))) == QUERYSETS[queryset]


# ---- predicates of a user -------------------------------------------------------------------------

USER_PREDICATES = {
    access.can_manage_any: {"methodologist_a", "methodologist_b", "admin_user"},
    access.can_view_coverage: {"methodologist_a", "head_a", "methodologist_b", "admin_user"},
}


@pytest.mark.parametrize("predicate", USER_PREDICATES, ids=lambda f: f.__name__)
def test_user_predicates_by_role(world, predicate):
    _objects, users = world
    assert _row(users, predicate) == {role: role in USER_PREDICATES[predicate] for role in ROLES}


# ---- predicates of an object ----------------------------------------------------------------------

OBJECT_PREDICATES = [
    (access.can_manage_school, "school_a2", MANAGERS_A),
    (access.can_manage_school, "school_b2", MANAGERS_B),
    (access.can_choose_partner, "school_a1", MEMBERS_A),
    (access.can_choose_partner, "school_b1", MEMBERS_B),
    (access.can_manage_designation, "des_a", MANAGERS_A),
    (access.can_manage_designation, "des_a_terminated", MANAGERS_A),
    (access.can_manage_designation, "des_b", MANAGERS_B),
    (access.can_edit_designation, "des_a", MANAGERS_A),
    (access.can_edit_designation, "des_a_terminated", MANAGERS_A),  # an order's scan may come later
    (access.can_edit_designation, "des_b", MANAGERS_B),
    (access.can_terminate_designation, "des_a", MANAGERS_A),
    (access.can_terminate_designation, "des_a_terminated", NOBODY),
    (access.can_terminate_designation, "des_b", MANAGERS_B),
    (access.can_add_agreement, "des_a", MANAGERS_A),
    (access.can_add_agreement, "des_a_terminated", NOBODY),
    (access.can_add_agreement, "des_b", MANAGERS_B),
    (access.can_manage_agreement, "ag_a_draft", MANAGERS_A),
    (access.can_manage_agreement, "ag_a_active", MANAGERS_A),
    (access.can_manage_agreement, "ag_b_active", MANAGERS_B),
    (access.can_edit_agreement, "ag_a_draft", MANAGERS_A),
    (access.can_edit_agreement, "ag_a_active", NOBODY),  # an active agreement changes only by its life cycle
    (access.can_edit_agreement, "ag_b_draft", MANAGERS_B),
    (access.can_edit_agreement, "ag_b_active", NOBODY),
    (access.can_activate_agreement, "ag_a_draft", MANAGERS_A),
    (access.can_activate_agreement, "ag_a_active", NOBODY),
    (access.can_activate_agreement, "ag_b_draft", MANAGERS_B),
    (access.can_terminate_agreement, "ag_a_draft", NOBODY),
    (access.can_terminate_agreement, "ag_a_active", MANAGERS_A),
    (access.can_terminate_agreement, "ag_b_active", MANAGERS_B),
]


@pytest.mark.parametrize(("predicate", "key", "allowed"), OBJECT_PREDICATES,
                         ids=[f"{p.__name__}-{k}" for p, k, _a in OBJECT_PREDICATES])
def test_object_predicates_by_role(world, predicate, key, allowed):
    objects, users = world
    obj = objects[key]
    assert _row(users, lambda user: predicate(user, obj)) == {role: role in allowed for role in ROLES}


def test_actions_gather_the_predicates(world):
    """The flags the detail pages show are the predicates above, nothing else."""
    objects, users = world
    for role, user in users.items():
        for key in ("des_a", "des_a_terminated", "des_b"):
            d = objects[key]
            assert access.designation_actions(user, d) == {
                "edit": access.can_edit_designation(user, d), "add_agreement": access.can_add_agreement(user, d),
                "terminate": access.can_terminate_designation(user, d)}, (role, key)
        for key in ("ag_a_draft", "ag_a_active", "ag_b_draft", "ag_b_active"):
            a = objects[key]
            assert access.agreement_actions(user, a) == {
                "edit": access.can_edit_agreement(user, a), "activate": access.can_activate_agreement(user, a),
                "terminate": access.can_terminate_agreement(user, a)}, (role, key)


def test_model_states(world):
    objects, _users = world
    assert objects["des_a"].is_active and not objects["des_a_terminated"].is_active
    assert objects["ag_a_draft"].is_draft and not objects["ag_a_draft"].is_active
    assert objects["ag_a_active"].is_active and not objects["ag_a_active"].is_draft
