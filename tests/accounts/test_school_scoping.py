"""The scoping module: which schools each kind of user sees, privately sees and edits."""

from accounts import access as scoping
from accounts.models import Role

from ..factories import make_user


def _codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_methodologist_sees_and_edits_own_municipality(methodologist_a, school_a1, school_a2, school_b1):
    assert _codes(scoping.visible_schools(methodologist_a)) == ["230001", "230002"]
    assert _codes(scoping.private_schools(methodologist_a)) == ["230001", "230002"]
    assert _codes(scoping.editable_schools(methodologist_a)) == ["230001", "230002"]
    assert not scoping.can_view_school(methodologist_a, school_b1)


def test_head_reads_municipality_but_edits_nothing(head_a, school_a1, school_b1):
    assert _codes(scoping.private_schools(head_a)) == ["230001"]
    assert _codes(scoping.editable_schools(head_a)) == []
    assert not scoping.can_edit_school(head_a, school_a1)


def test_director_registry_of_municipality_private_only_own(director_a1, school_a1, school_a2, school_b1):
    assert _codes(scoping.visible_schools(director_a1)) == ["230001", "230002"]
    assert _codes(scoping.private_schools(director_a1)) == ["230001"]
    assert _codes(scoping.editable_schools(director_a1)) == ["230001"]
    assert scoping.can_view_school(director_a1, school_a2)
    assert not scoping.can_view_private(director_a1, school_a2)
    assert not scoping.can_view_school(director_a1, school_b1)


def test_leader_staff_reads_own_school_privately_but_does_not_edit(school_a1, school_a2):
    staff = make_user(Role.LEADER_STAFF, school=school_a1)
    assert _codes(scoping.private_schools(staff)) == ["230001"]
    assert _codes(scoping.editable_schools(staff)) == []


def test_user_without_memberships_sees_nothing(school_a1):
    from ..factories import UserFactory

    nobody = UserFactory()
    assert _codes(scoping.visible_schools(nobody)) == []
    assert list(scoping.visible_municipalities(nobody)) == []


def test_inactive_user_sees_nothing(director_a1, school_a1):
    director_a1.is_active = False
    director_a1.save()
    director_a1.refresh_from_db()
    assert _codes(scoping.visible_schools(director_a1)) == []


def test_admin_sees_everything(school_a1, school_b1):
    admin = make_user(Role.ADMIN)
    assert _codes(scoping.editable_schools(admin)) == ["230001", "230101"]


def test_several_memberships_add_up(muni_b, school_a1, school_b1):
    user = make_user(Role.SCHOOL_DIRECTOR, school=school_a1)
    from accounts.models import Membership

    Membership.objects.create(user=user, role=Role.DEPARTMENT_HEAD, municipality=muni_b)
    assert _codes(scoping.visible_schools(user)) == ["230001", "230101"]
    assert _codes(scoping.editable_schools(user)) == ["230001"]


def test_scope_is_computed_with_one_query(director_a1, django_assert_num_queries):
    director_a1 = type(director_a1).objects.get(pk=director_a1.pk)
    with django_assert_num_queries(1):
        scoping.get_scope(director_a1)
        scoping.get_scope(director_a1)
