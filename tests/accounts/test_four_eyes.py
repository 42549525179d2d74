"""Four eyes that hold (accounts/access.py «four eyes»): a municipal role given by a non-administrator waits for
another person's confirmation; the requester and the account never review each other's work; nobody gives
themselves a role; a school has one director at a time."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts import access, services
from accounts.models import Membership, Role, RoleRequest
from monitoring import services as monitoring_services
from monitoring.models import Audience

from ..factories import RunFactory, SchoolYearFactory, make_user

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def second_account(methodologist_a, head_a, muni_a):
    """What the reproduction did: a methodologist creates a second methodologist account; a head confirms it."""
    user = services.create_user(actor=methodologist_a, email="metod.second@example.ru", role=Role.METHODOLOGIST,
                                municipality=muni_a, last_name="Второй")
    services.confirm_role_request(actor=head_a, request=user.role_requests.get())
    user.refresh_from_db()
    return user


def test_a_methodologists_new_colleague_waits_for_another_persons_confirmation(methodologist_a, head_a, muni_a,
                                                                             client_for):
    user = services.create_user(actor=methodologist_a, email="new@example.ru", role=Role.METHODOLOGIST,
                                municipality=muni_a)
    assert not user.memberships.exists() and not access.get_scope(user).methodologist_munis
    request = user.role_requests.get()
    assert (request.state, request.requested_by, request.role) == ("pending", methodologist_a, Role.METHODOLOGIST)
    assert not access.can_confirm(methodologist_a, request)
    with pytest.raises(PermissionDenied):
        services.confirm_role_request(actor=methodologist_a, request=request)
    # the head sees it on the start page and on the user's page, and confirms it there
    page = client_for(head_a).get("/").content.decode()
    assert "Роли ждут подтверждения" in page and "new@example.ru" in page
    response = client_for(head_a).post(f"/users/role-requests/{request.pk}/confirm/")
    assert response.status_code == 302 and response["Location"] == f"/users/{user.pk}/"
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.granted_by, membership.confirmed_by) == (
        Role.METHODOLOGIST, methodologist_a, head_a)
    request.refresh_from_db()
    assert (request.state, request.decided_by) == ("confirmed", head_a)
    # the audit names both people: the confirmer as the actor, the requester in the row
    entry = LogEntry.objects.get_for_object(membership).get()
    assert entry.actor == head_a and str(methodologist_a.pk) in str(entry.changes_dict["granted_by"])


def test_an_administrators_grant_takes_effect_at_once_and_links_nobody(admin_user, muni_a):
    user = services.create_user(actor=admin_user, email="new@example.ru", role=Role.METHODOLOGIST,
                                municipality=muni_a)
    assert user.memberships.get().granted_by == admin_user and not RoleRequest.objects.exists()
    assert access.linked_user_ids(user) == {user.pk}


def test_a_head_role_given_by_a_head_is_confirmed_by_an_administrator_only(head_a, muni_a, admin_user,
                                                                           methodologist_a):
    other_head = make_user(Role.DEPARTMENT_HEAD, municipality=muni_a, email="head2.a@example.ru")
    request = services.grant_membership(actor=head_a, user=methodologist_a, role=Role.DEPARTMENT_HEAD,
                                        municipality=muni_a)
    assert isinstance(request, RoleRequest)
    assert not access.can_confirm(head_a, request) and not access.can_confirm(other_head, request)
    assert not access.can_confirm(methodologist_a, request)  # nobody confirms a role for themselves
    services.confirm_role_request(actor=admin_user, request=request)
    assert access.get_scope(Membership.objects.get(role=Role.DEPARTMENT_HEAD, user=methodologist_a).user).head_munis


def test_a_declined_request_gives_nothing(methodologist_a, head_a, muni_a, client_for):
    user = services.create_user(actor=methodologist_a, email="new@example.ru", role=Role.METHODOLOGIST,
                                municipality=muni_a)
    request = user.role_requests.get()
    assert client_for(methodologist_a).post(f"/users/role-requests/{request.pk}/decline/").status_code == 404
    client_for(head_a).post(f"/users/role-requests/{request.pk}/decline/")
    request.refresh_from_db()
    assert request.state == "declined" and not user.memberships.exists()


def test_the_linked_account_does_not_adopt_the_methodologists_recommendation(second_account, methodologist_a,
                                                                             head_a, muni_a, school_a1, client_for):
    year = SchoolYearFactory(start_year=2024)
    rec = monitoring_services.add_recommendation(actor=methodologist_a, municipality=muni_a, school_year=year,
                                                 audience=Audience.SCHOOL, school=school_a1, text="Педсовет.")
    order = {"order_number": "8-р", "order_date": "2025-01-10"}
    for actor in (methodologist_a, second_account):
        response = client_for(actor).post(f"/api/v1/recommendations/{rec.pk}/adopt/", order,
                                          content_type="application/json")
        assert response.status_code == 403, response.content
    with pytest.raises(PermissionDenied, match="не по той, которую написали вы сами"):
        monitoring_services.adopt_recommendation(actor=methodologist_a, rec=rec, order_number="1",
                                                 order_date=D(2025, 1, 10))
    assert client_for(head_a).post(f"/api/v1/recommendations/{rec.pk}/adopt/", order,
                                   content_type="application/json").status_code == 200


def test_a_run_computed_through_a_linked_account_is_not_approved_by_its_requester(admin_user, head_a, muni_a):
    """The head asks a methodologist role for someone (an administrator confirms): the head then does not approve
    the lists that account computes."""
    user = services.create_user(actor=head_a, email="new@example.ru", role=Role.METHODOLOGIST, municipality=muni_a)
    services.confirm_role_request(actor=admin_user, request=user.role_requests.get())
    from identification import access as identification_access

    run = RunFactory(municipality=muni_a, requested_by=user)
    assert identification_access.is_author(head_a, run)
    assert not identification_access.is_author(admin_user, run)


def test_nobody_gives_themselves_a_role(methodologist_a, head_a, school_a1, muni_a):
    for actor, role, scope in ((methodologist_a, Role.SCHOOL_DIRECTOR, {"school": school_a1}),
                               (methodologist_a, Role.LEADER_STAFF, {"school": school_a1}),
                               (head_a, Role.METHODOLOGIST, {"municipality": muni_a})):
        with pytest.raises(ValidationError, match="Роль себе выдать нельзя"):
            services.grant_membership(actor=actor, user=actor, role=role, **scope)
    assert not Membership.objects.filter(user=methodologist_a, school=school_a1).exists()
    assert not RoleRequest.objects.exists()


def test_a_school_has_one_director_at_a_time(methodologist_a, director_a1, school_a1, muni_a):
    other = make_user(Role.METHODOLOGIST, municipality=muni_a, email="teacher@example.ru")
    with pytest.raises(ValidationError) as exc:
        services.grant_membership(actor=methodologist_a, user=other, role=Role.SCHOOL_DIRECTOR, school=school_a1)
    assert "уже есть директор" in exc.value.message_dict["school"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=other, role=Role.SCHOOL_DIRECTOR, school=school_a1)
    services.revoke_membership(actor=methodologist_a,
                               membership=director_a1.memberships.get(role=Role.SCHOOL_DIRECTOR))
    services.grant_membership(actor=methodologist_a, user=other, role=Role.SCHOOL_DIRECTOR, school=school_a1)
    assert Membership.objects.get(role=Role.SCHOOL_DIRECTOR, school=school_a1).user == other
