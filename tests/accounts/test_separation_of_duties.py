"""Separation of duties in user management: the department-head role and the administrator
role are given only by an administrator (or a head, for their own municipality), never by a methodologist —
the bypass found by the outside test was a methodologist granting themselves the head role and then approving the
list they computed. A methodologist does not switch off, rename or re-role a head either."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Membership, Role, User

from ..factories import make_user


def _roles(user):
    return set(Membership.objects.filter(user=user).values_list("role", "municipality_id", "school_id"))


def test_the_reproduction_methodologist_grants_themselves_the_head_role(client_for, methodologist_a, muni_a):
    """POST /users/<own id>/memberships/ role=department_head: refused with a Russian reason, nothing written."""
    before = _roles(methodologist_a)
    client = client_for(methodologist_a)
    response = client.post(reverse("accounts:membership_add", args=[methodologist_a.pk]),
                           {"role": Role.DEPARTMENT_HEAD, "municipality": muni_a.pk}, follow=True)
    assert response.status_code == 200
    assert "Роль не добавлена" in response.content.decode()
    assert _roles(methodologist_a) == before
    # the form does not even offer the role
    form_roles = {value for value, _label in client.get(
        reverse("accounts:user_edit", args=[methodologist_a.pk])).context["role_form"].fields["role"].choices}
    assert Role.DEPARTMENT_HEAD not in form_roles and Role.ADMIN not in form_roles


def test_methodologist_cannot_make_a_director_the_head_nor_create_a_head(methodologist_a, director_a1, muni_a):
    with pytest.raises(ValidationError) as exc:
        services.grant_membership(actor=methodologist_a, user=director_a1, role=Role.DEPARTMENT_HEAD,
                                  municipality=muni_a)
    assert "администратор" in exc.value.message_dict["role"][0]
    with pytest.raises(ValidationError):
        services.create_user(actor=methodologist_a, email="new.head@example.ru", role=Role.DEPARTMENT_HEAD,
                             municipality=muni_a)
    with pytest.raises(ValidationError):
        services.grant_membership(actor=methodologist_a, user=director_a1, role=Role.ADMIN)
    assert not director_a1.memberships.exclude(role=Role.SCHOOL_DIRECTOR).exists()
    assert not User.objects.filter(email="new.head@example.ru").exists()


def test_head_gives_the_head_role_in_own_municipality_only(head_a, director_a1, director_b1, muni_a, muni_b,
                                                           admin_user):
    request = services.grant_membership(actor=head_a, user=director_a1, role=Role.DEPARTMENT_HEAD,
                                        municipality=muni_a)
    # four eyes: a head role given by a head takes effect when an administrator confirms it
    assert not director_a1.memberships.filter(role=Role.DEPARTMENT_HEAD).exists()
    services.confirm_role_request(actor=admin_user, request=request)
    assert director_a1.memberships.filter(role=Role.DEPARTMENT_HEAD, municipality=muni_a).exists()
    with pytest.raises(ValidationError):  # the head of A in B: not their municipality
        services.grant_membership(actor=head_a, user=director_a1, role=Role.DEPARTMENT_HEAD, municipality=muni_b)
    with pytest.raises(PermissionDenied):  # a user of B only is not theirs at all
        services.grant_membership(actor=head_a, user=director_b1, role=Role.DEPARTMENT_HEAD, municipality=muni_a)
    with pytest.raises(ValidationError):
        services.grant_membership(actor=head_a, user=director_a1, role=Role.ADMIN)
    assert not director_b1.memberships.exclude(role=Role.SCHOOL_DIRECTOR).exists()


def test_admin_gives_head_and_admin_roles(admin_user, director_a1, muni_b):
    services.grant_membership(actor=admin_user, user=director_a1, role=Role.DEPARTMENT_HEAD, municipality=muni_b)
    services.grant_membership(actor=admin_user, user=director_a1, role=Role.ADMIN)
    assert {m.role for m in director_a1.memberships.all()} == {Role.SCHOOL_DIRECTOR, Role.DEPARTMENT_HEAD, Role.ADMIN}


def test_methodologist_does_not_switch_off_rename_or_strip_the_head(client_for, methodologist_a, head_a):
    client = client_for(methodologist_a)
    assert client.post(reverse("accounts:user_toggle_active", args=[head_a.pk])).status_code == 403
    assert client.post(reverse("accounts:user_edit", args=[head_a.pk]),
                       {"last_name": "Подменённый", "first_name": "Х"}).status_code == 403
    head_role = head_a.memberships.get()
    assert client.post(reverse("accounts:membership_delete", args=[head_role.pk])).status_code == 403
    page = client.get(reverse("accounts:user_edit", args=[head_a.pk])).content.decode()
    assert "Отключить учётную запись" not in page and "меняют начальник управления и администратор" in page
    head_a.refresh_from_db()
    assert head_a.is_active and head_a.last_name != "Подменённый"
    assert Membership.objects.filter(pk=head_role.pk).exists()


def test_head_manages_users_of_own_municipality(client_for, head_a, director_a1, school_a1):
    client = client_for(head_a)
    assert client.get(reverse("accounts:user_list")).status_code == 200
    client.post(reverse("accounts:user_toggle_active", args=[director_a1.pk]))
    director_a1.refresh_from_db()
    assert not director_a1.is_active
    with pytest.raises(ValidationError):  # a manager never takes away their own managing role
        services.revoke_membership(actor=head_a, membership=head_a.memberships.get())


def test_heads_of_one_municipality_revoke_each_other_but_a_methodologist_does_not(head_a, methodologist_a, muni_a):
    second = make_user(Role.DEPARTMENT_HEAD, municipality=muni_a, email="head2.a@example.ru")
    with pytest.raises(PermissionDenied):
        services.revoke_membership(actor=methodologist_a, membership=second.memberships.get())
    services.revoke_membership(actor=head_a, membership=second.memberships.get())
    assert not second.memberships.exists()
