"""API tokens: the token endpoint shares the sign-in lockout, its throttles cannot be bypassed by
X-Forwarded-For, tokens expire, die with a password change and a switched-off account (and stay dead after the
account is switched on again), and their owner sees and revokes them."""

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework.test import APIClient

from accounts import services

KEY = CONSTANTS.TOKEN_KEY_LENGTH  # the first characters of a token, kept to name it
TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "pass-12345"


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    """Throttle and lockout counters live in the cache, shared (Redis in CI) with tests running beside this one: each
    test counts under its own key prefix instead of clearing what others count."""
    settings.CACHES = {name: {**config, "KEY_PREFIX": f"tokens-{uuid.uuid4().hex}"}
                       for name, config in settings.CACHES.items()}


def obtain(user, password=PASSWORD, **headers):
    return APIClient().post(TOKEN_URL, {"email": user.email, "password": password}, format="json", **headers)


def works(token: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/schools/").status_code == 200


def test_token_is_stored_hashed_and_expires(director_a1, settings):
    response = obtain(director_a1)
    assert response.status_code == 200
    body = response.json()
    token, expiry = body["token"], datetime.datetime.fromisoformat(body["expiry"])
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    assert abs(expiry - (timezone.now() + ttl)) < datetime.timedelta(minutes=1)
    stored = AuthToken.objects.get(user=director_a1)
    assert token not in (stored.digest, stored.token_key) and stored.token_key == token[:KEY]
    assert works(token)
    with time_machine.travel(timezone.now() + ttl + datetime.timedelta(minutes=1)):
        assert not works(token)
    assert not AuthToken.objects.filter(user=director_a1).exists()  # an expired token is deleted when it is shown


def test_each_device_gets_its_own_token_up_to_the_limit(director_a1, settings):
    settings.API_TOKENS_PER_USER = 3
    issued = [obtain(director_a1).json()["token"] for _ in range(4)]
    assert AuthToken.objects.filter(user=director_a1).count() == 3
    assert not works(issued[0]) and all(works(t) for t in issued[1:])


def test_password_change_revokes_every_token(director_a1, methodologist_a):
    tokens = [obtain(director_a1).json()["token"] for _ in range(2)]
    other = obtain(methodologist_a).json()["token"]
    director_a1.set_password("new-pass-67890")
    director_a1.save()
    assert not any(works(t) for t in tokens)
    assert works(other)
    assert obtain(director_a1, "new-pass-67890").status_code == 200


def test_profile_edit_without_a_new_password_keeps_tokens(director_a1):
    token = obtain(director_a1).json()["token"]
    director_a1.first_name = "Мария"
    director_a1.save()
    assert works(token)


def test_deactivation_revokes_and_reactivation_does_not_revive(director_a1, admin_user):
    token = obtain(director_a1).json()["token"]
    services.set_active(actor=admin_user, user=director_a1, active=False)
    assert not works(token)
    services.set_active(actor=admin_user, user=director_a1, active=True)
    assert not works(token)
    assert not AuthToken.objects.filter(user=director_a1).exists()


# ---- the sign-in lockout and the throttles ---------------------------------------------------------------------

@pytest.fixture
def lockout(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}


def test_token_endpoint_counts_towards_the_sign_in_lockout(client, director_a1, lockout):
    for _ in range(5):
        assert obtain(director_a1, "wrong").status_code == 400
    response = obtain(director_a1)  # the right password, but the account is locked for now
    assert response.status_code == 429
    assert response.json()["detail"] == "Слишком много неудачных попыток входа. Попробуйте позже."
    assert not AuthToken.objects.exists()
    page = client.post(reverse("account_login"), {"login": director_a1.email, "password": PASSWORD})
    assert page.status_code == 200 and "_auth_user_id" not in client.session  # the sign-in form is locked too


def test_failed_sign_ins_on_the_form_lock_the_token_endpoint(client, director_a1, lockout):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": director_a1.email, "password": "wrong"})
    assert obtain(director_a1).status_code == 429


def test_forwarded_for_does_not_make_a_new_client(director_a1, settings):
    settings.ACCOUNT_RATE_LIMITS = False  # the throttles alone
    answers = [obtain(director_a1, "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(11)]
    assert answers == [400] * 10 + [429]  # per account, whatever address the client claims


def test_address_throttle_ignores_a_claimed_address(db, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    client = APIClient()
    answers = [client.post(TOKEN_URL, {"email": f"u{i}@example.ru", "password": "x"}, format="json",
                           HTTP_X_FORWARDED_FOR=f"10.0.{i}.1").status_code for i in range(21)]
    assert answers == [400] * 20 + [429]


def test_behind_a_trusted_proxy_its_address_is_the_client(db, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient()

    def attempt(i, forwarded):
        return client.post(TOKEN_URL, {"email": f"u{i}@example.ru", "password": "x"}, format="json",
                           HTTP_X_FORWARDED_FOR=forwarded).status_code

    # the proxy appends the real address; what the client wrote before it is not trusted
    assert [attempt(i, f"1.2.3.{i}, 192.0.2.7") for i in range(21)] == [400] * 20 + [429]
    assert attempt(99, "1.2.3.4, 192.0.2.8") == 400  # another real client


# ---- «Мои токены API» -----------------------------------------------------------------------------------------

def test_tokens_page_lists_and_revokes_own_tokens_only(client_for, director_a1, methodologist_a):
    mine = [obtain(director_a1).json()["token"] for _ in range(2)]
    theirs = obtain(methodologist_a).json()["token"]
    client = client_for(director_a1)
    page = client.get(reverse("accounts:api_tokens")).content.decode()
    assert all(f"{t[:KEY]}…" in page for t in mine) and theirs[:KEY] not in page
    assert client.post(reverse("accounts:api_token_revoke", args=[theirs[:KEY]])).status_code == 404
    assert works(theirs)
    response = client.post(reverse("accounts:api_token_revoke", args=[mine[0][:KEY]]), follow=True)
    assert "Токен отозван" in response.content.decode()
    assert not works(mine[0]) and works(mine[1])
    response = client.post(reverse("accounts:api_tokens_revoke_all"), follow=True)
    page = response.content.decode()
    assert "Отозвано токенов: 1." in page and "Действующих токенов нет." in page
    assert not works(mine[1]) and works(theirs)


def test_tokens_page_needs_sign_in(client):
    assert client.get(reverse("accounts:api_tokens")).status_code == 302
