"""accounts.services check the manager's rights themselves (accounts.access): a page that forgot a check
could not grant, revoke or switch off more than the rules allow. `actor=None` is the system."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services
from accounts.models import Membership, Role, User

from ..factories import UserFactory, make_user


def test_grant_needs_a_managed_user_and_a_scope_the_manager_may_give(methodologist_a, director_a1, director_b1,
                                                                      school_a2, school_b1, muni_b):
    # a user of B only: methodologist A may not pull them into A (and so start managing them)
    with pytest.raises(PermissionDenied):
        services.grant_membership(actor=methodologist_a, user=director_b1, role=Role.LEADER_STAFF, school=school_a2)
    with pytest.raises(ValidationError) as exc:
        services.grant_membership(actor=methodologist_a, user=director_a1, role=Role.LEADER_STAFF, school=school_b1)
    assert list(exc.value.message_dict) == ["school"]
    with pytest.raises(ValidationError) as exc:
        services.grant_membership(actor=methodologist_a, user=director_a1, role=Role.METHODOLOGIST,
                                  municipality=muni_b)
    assert list(exc.value.message_dict) == ["municipality"]
    with pytest.raises(ValidationError) as exc:
        services.grant_membership(actor=methodologist_a, user=director_a1, role=Role.ADMIN)
    assert list(exc.value.message_dict) == ["role"]
    assert director_a1.memberships.count() == 1 and director_b1.memberships.count() == 1
    assert not User.objects.get(pk=director_a1.pk).is_superuser
    services.grant_membership(actor=methodologist_a, user=director_a1, role=Role.LEADER_STAFF, school=school_a2)
    assert director_a1.memberships.count() == 2


@pytest.mark.parametrize("who", ["leader_staff_a2", "director_a1"])  # head_a manages users
def test_non_managers_write_nothing(request, who, methodologist_a, school_a2):
    actor = request.getfixturevalue(who)
    target = make_user(Role.LEADER_STAFF, school=school_a2)
    with pytest.raises(PermissionDenied):
        services.grant_membership(actor=actor, user=target, role=Role.LEADER_STAFF, school=school_a2)
    with pytest.raises(PermissionDenied):
        services.revoke_membership(actor=actor, membership=target.memberships.get())
    with pytest.raises(PermissionDenied):
        services.set_active(actor=actor, user=target, active=False)
    with pytest.raises(PermissionDenied):
        services.update_profile(actor=actor, user=target, data={"last_name": "Х"})
    with pytest.raises(PermissionDenied):
        services.create_user(actor=actor, email="n@example.ru", role=Role.LEADER_STAFF, school=school_a2)
    target.refresh_from_db()
    assert target.is_active and target.memberships.count() == 1 and target.last_name != "Х"
    assert not User.objects.filter(email="n@example.ru").exists()


def test_revoke_only_inside_own_municipalities(methodologist_a, director_a1, school_b1):
    foreign = Membership.objects.create(user=director_a1, role=Role.LEADER_STAFF, school=school_b1)
    with pytest.raises(PermissionDenied):
        services.revoke_membership(actor=methodologist_a, membership=foreign)
    assert Membership.objects.filter(pk=foreign.pk).exists()
    with pytest.raises(ValidationError):
        services.revoke_membership(actor=methodologist_a, membership=methodologist_a.memberships.get())
    services.revoke_membership(actor=methodologist_a, membership=director_a1.memberships.get(
        role=Role.SCHOOL_DIRECTOR))
    assert list(director_a1.memberships.values_list("pk", flat=True)) == [foreign.pk]


def test_set_active_and_profile_only_for_managed_users(methodologist_a, director_a1, director_b1):
    with pytest.raises(PermissionDenied):
        services.set_active(actor=methodologist_a, user=director_b1, active=False)
    with pytest.raises(PermissionDenied):
        services.update_profile(actor=methodologist_a, user=director_b1, data={"position": "х"})
    assert User.objects.get(pk=director_b1.pk).is_active
    with pytest.raises(ValidationError):
        services.set_active(actor=methodologist_a, user=methodologist_a, active=False)
    with pytest.raises(ValidationError):
        services.update_profile(actor=methodologist_a, user=director_a1, data={"email": "x@example.ru"})
    services.set_active(actor=methodologist_a, user=director_a1, active=False)
    services.update_profile(actor=methodologist_a, user=director_a1, data={"position": "директор"})
    director_a1.refresh_from_db()
    assert (director_a1.is_active, director_a1.position) == (False, "директор")


def test_create_user_checks_the_first_role(methodologist_a, school_a1, school_b1):
    with pytest.raises(ValidationError) as exc:
        services.create_user(actor=methodologist_a, email="b@example.ru", role=Role.SCHOOL_DIRECTOR, school=school_b1,
                             last_name="Б", first_name="Б")
    assert list(exc.value.message_dict) == ["school"]
    with pytest.raises(ValidationError) as exc:
        services.create_user(actor=methodologist_a, email="c@example.ru", role=Role.ADMIN, last_name="В",
                             first_name="В")
    assert list(exc.value.message_dict) == ["role"]
    assert not User.objects.filter(email__in=["b@example.ru", "c@example.ru"]).exists()
    user = services.create_user(actor=methodologist_a, email="A@Example.ru", role=Role.SCHOOL_DIRECTOR,
                                school=school_a1, last_name="А", first_name="А")
    assert user.email == "a@example.ru" and not user.has_usable_password()


def test_system_has_all_rights(school_b1):
    user = services.create_user(actor=None, email="root@example.ru", password="pw-123456", role=Role.ADMIN,
                                last_name="К", first_name="К")
    assert user.is_superuser and user.is_staff
    services.grant_membership(actor=None, user=user, role=Role.LEADER_STAFF, school=school_b1)
    services.revoke_membership(actor=None, membership=user.memberships.get(role=Role.ADMIN))
    services.set_active(actor=None, user=user, active=False)
    assert not User.objects.get(pk=user.pk).is_active


def test_admin_manages_users_without_memberships(db):
    admin = make_user(Role.ADMIN)
    loner = UserFactory()
    services.grant_membership(actor=admin, user=loner, role=Role.ADMIN)
    assert User.objects.get(pk=loner.pk).is_superuser
