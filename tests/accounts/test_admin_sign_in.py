"""Every way in shares one lockout: the admin has no sign-in form of its own (accounts/admin.py)."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from accounts.models import Role

from ..factories import make_user

pytestmark = pytest.mark.django_db


def test_admin_sign_in_is_the_portals_sign_in(client):
    response = client.get("/admin/login/?next=/admin/schools/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/schools/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_right_password_posted_to_the_admin_form_signs_nobody_in(client):
    make_user(Role.ADMIN, email="root@example.ru", password="Верный-пароль-123", is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": "root@example.ru", "password": "Верный-пароль-123"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    client.post("/accounts/login/", {"login": "root@example.ru", "password": "Верный-пароль-123"})
    assert client.get("/admin/").status_code == 200  # the same password through the portal's sign-in


def test_a_signed_in_user_without_admin_rights_is_refused_not_looped(client, director_a1):
    client.force_login(director_a1)
    assert client.get("/admin/").status_code == 302
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403
    assert "Администрирование доступно только администраторам портала." in response.content.decode()


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "10/m/ip,5/5m/key"})
def test_wrong_passwords_lock_the_account_whichever_form_they_came_from(client):
    cache.clear()
    make_user(Role.ADMIN, email="root@example.ru", password="Верный-пароль-123", is_staff=True, is_superuser=True)
    for _attempt in range(8):
        client.post("/admin/login/", {"username": "root@example.ru", "password": "неверный"})
        client.post("/accounts/login/", {"login": "root@example.ru", "password": "неверный"})
    response = client.post("/accounts/login/", {"login": "root@example.ru", "password": "Верный-пароль-123"})
    assert "_auth_user_id" not in client.session, "the lockout let a right password in after 8 wrong ones"
    assert response.status_code in (200, 429)
    admin_page = client.get("/admin/", follow=True)
    assert admin_page.redirect_chain[-1][0].startswith("/accounts/login/")
    cache.clear()


def test_an_administrator_already_signed_in_goes_on_to_the_admin(client):
    client.force_login(make_user(Role.ADMIN, email="root@example.ru", is_staff=True, is_superuser=True))
    assert client.get("/admin/login/?next=/admin/accounts/user/")["Location"] == "/admin/accounts/user/"
    assert client.get("/admin/login/?next=https://evil.example.com/")["Location"] == "/admin/"
