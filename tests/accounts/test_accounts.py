"""Sign-in, closed sign-up, password reset, sessions, and user management by methodologists."""

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib import auth
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, Role, User

from ..factories import make_user


def _signed_in_user(client):
    """The user the client's session authenticates (AnonymousUser when none)."""
    return auth.get_user(client)


def test_sign_in_with_email(client, director_a1):
    response = client.post(reverse("account_login"), {"login": "director.a1@example.ru", "password": "pass-12345"})
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert client.session[auth.SESSION_KEY] == str(director_a1.pk)
    assert _signed_in_user(client) == director_a1
    response = client.get(reverse("schools:school_list"))  # a page that needs sign-in renders for them
    assert response.status_code == 200
    assert response.wsgi_request.user == director_a1
    assert "МБОУ СОШ № 1 ст. Динской" in response.content.decode()


def test_wrong_password_leaves_user_anonymous(client, director_a1):
    response = client.post(reverse("account_login"), {"login": "director.a1@example.ru", "password": "wrong"})
    assert response.status_code == 200
    assert "Указанные вами адрес электронной почты и/или пароль неверны." in response.content.decode()
    assert auth.SESSION_KEY not in client.session
    assert _signed_in_user(client).is_anonymous
    response = client.get(reverse("schools:school_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_inactive_user_cannot_sign_in(client, director_a1):
    director_a1.is_active = False
    director_a1.save()
    client.post(reverse("account_login"), {"login": "director.a1@example.ru", "password": "pass-12345"})
    assert auth.SESSION_KEY not in client.session
    assert _signed_in_user(client).is_anonymous
    assert client.get(reverse("schools:school_list")).status_code == 302


def test_public_sign_up_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert "Регистрация закрыта" in response.content.decode()
    client.post(reverse("account_signup"), {"email": "x@example.ru", "password1": "Zx12345678!",
                                            "password2": "Zx12345678!"})
    assert not User.objects.filter(email="x@example.ru").exists()


def test_password_reset_sends_mail(client, director_a1):
    response = client.post(reverse("account_reset_password"), {"email": "director.a1@example.ru"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "director.a1@example.ru" in mail.outbox[0].to


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


# ---- user management --------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["director_a1", "leader_staff_a2"])  # head_a manages users
def test_only_managers_open_user_management(client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_create")).status_code == 403


def test_methodologist_lists_users_of_own_municipality_only(client_for, methodologist_a, director_a1, director_b1):
    content = client_for(methodologist_a).get(reverse("accounts:user_list")).content.decode()
    assert "director.a1@example.ru" in content
    assert "director.b1@example.ru" not in content
    assert client_for(methodologist_a).get(reverse("accounts:user_edit", args=[director_b1.pk])).status_code == 404


def test_methodologist_creates_director_and_invitation_is_sent(client_for, methodologist_a, school_a1):
    response = client_for(methodologist_a).post(reverse("accounts:user_create"), {
        "email": "New.Director@Example.ru", "last_name": "Волкова", "first_name": "Елена", "patronymic": "Ивановна",
        "position": "директор", "role": Role.SCHOOL_DIRECTOR, "school": school_a1.pk})
    assert response.status_code == 302
    user = User.objects.get(email="new.director@example.ru")
    assert not user.has_usable_password()
    assert list(user.memberships.values_list("role", "school_id")) == [(Role.SCHOOL_DIRECTOR, school_a1.pk)]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.director@example.ru"]
    assert LogEntry.objects.get_for_object(user.memberships.get()).get().actor == methodologist_a


def test_methodologist_cannot_grant_foreign_school_or_admin(client_for, methodologist_a, school_b1):
    client = client_for(methodologist_a)
    response = client.post(reverse("accounts:user_create"), {
        "email": "x@example.ru", "last_name": "Х", "first_name": "Х", "role": Role.SCHOOL_DIRECTOR,
        "school": school_b1.pk})
    assert "Выберите корректный вариант" in response.content.decode()
    response = client.post(reverse("accounts:user_create"), {
        "email": "y@example.ru", "last_name": "Y", "first_name": "Y", "role": Role.ADMIN})
    assert "Выберите корректный вариант" in response.content.decode()
    assert not User.objects.filter(email__in=["x@example.ru", "y@example.ru"]).exists()


def test_role_needs_its_scope(client_for, methodologist_a):
    response = client_for(methodologist_a).post(reverse("accounts:user_create"), {
        "email": "z@example.ru", "last_name": "Z", "first_name": "Z", "role": Role.SCHOOL_DIRECTOR})
    assert "Для этой роли укажите школу." in response.content.decode()
    assert not User.objects.filter(email="z@example.ru").exists()


def test_duplicate_email_is_refused(client_for, methodologist_a, director_a1, school_a1):
    response = client_for(methodologist_a).post(reverse("accounts:user_create"), {
        "email": "DIRECTOR.A1@example.ru", "last_name": "Z", "first_name": "Z", "role": Role.SCHOOL_DIRECTOR,
        "school": school_a1.pk})
    assert "Пользователь с такой электронной почтой уже есть." in response.content.decode()


def test_deactivate_and_reactivate(client_for, methodologist_a, director_a1):
    client = client_for(methodologist_a)
    client.post(reverse("accounts:user_toggle_active", args=[director_a1.pk]))
    director_a1.refresh_from_db()
    assert not director_a1.is_active
    client.post(reverse("accounts:user_toggle_active", args=[director_a1.pk]))
    director_a1.refresh_from_db()
    assert director_a1.is_active


def test_cannot_deactivate_self(client_for, methodologist_a):
    response = client_for(methodologist_a).post(reverse("accounts:user_toggle_active", args=[methodologist_a.pk]),
                                                follow=True)
    assert "Нельзя отключить собственную учётную запись." in response.content.decode()
    methodologist_a.refresh_from_db()
    assert methodologist_a.is_active


def test_toggle_needs_post(client_for, methodologist_a, director_a1):
    assert client_for(methodologist_a).get(
        reverse("accounts:user_toggle_active", args=[director_a1.pk])).status_code == 405


def test_add_and_remove_role(client_for, methodologist_a, director_a1, school_a2, muni_b):
    client = client_for(methodologist_a)
    client.post(reverse("accounts:membership_add", args=[director_a1.pk]),
                {"role": Role.LEADER_STAFF, "school": school_a2.pk})
    assert director_a1.memberships.filter(role=Role.LEADER_STAFF, school=school_a2).exists()
    response = client.post(reverse("accounts:membership_add", args=[director_a1.pk]),
                           {"role": Role.METHODOLOGIST, "municipality": muni_b.pk}, follow=True)
    assert "Роль не добавлена" in response.content.decode()
    m = director_a1.memberships.get(role=Role.LEADER_STAFF)
    client.post(reverse("accounts:membership_delete", args=[m.pk]))
    assert not Membership.objects.filter(pk=m.pk).exists()


def test_cannot_remove_role_outside_own_municipality(client_for, methodologist_a, director_a1, school_b1):
    foreign = Membership.objects.create(user=director_a1, role=Role.LEADER_STAFF, school=school_b1)
    response = client_for(methodologist_a).post(reverse("accounts:membership_delete", args=[foreign.pk]))
    assert response.status_code == 403
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_user_list_constant_queries(client_for, methodologist_a, school_a1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(methodologist_a)
    url = reverse("accounts:user_list")
    for _ in range(3):  # a school has one director: the other users are leader-school staff
        make_user(Role.LEADER_STAFF, school=school_a1)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(40):
        make_user(Role.LEADER_STAFF, school=school_a1)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
