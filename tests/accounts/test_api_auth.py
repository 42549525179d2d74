"""API sign-in: anonymous callers are refused, tokens are issued for a right password only and then
authenticate every call (writes are audited under the token's user).

REST_FRAMEWORK lists knox's TokenAuthentication first, so DRF answers a missing or bad credential with 401 and
knox's challenge `WWW-Authenticate: Token`; the session still signs in the browsable API (with its CSRF check)."""

import pytest
from auditlog.models import LogEntry
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework.test import APIClient

from schools.models import School

from ..factories import AgreementFactory, RoadmapFactory, SchoolStatusFactory

KEY = CONSTANTS.TOKEN_KEY_LENGTH


@pytest.mark.parametrize("path", ["/api/v1/schools/", "/api/v1/schools/{pk}/"])
def test_anonymous_is_refused_with_401(school_a1, path):
    response = APIClient().get(path.format(pk=school_a1.pk))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Учетные данные не были предоставлены."}


def test_anonymous_is_refused_on_every_resource(school_a1):
    agreement = AgreementFactory(designation__school=school_a1)
    roadmap = RoadmapFactory(school=school_a1, activities=1)
    status = SchoolStatusFactory(school=school_a1)
    objects = {"designations": agreement.designation, "agreements": agreement, "roadmaps": roadmap,
               "activities": roadmap.activities.get(), "identification-runs": status.run,
               "statuses": status, "methodologies": status.run.methodology}
    client = APIClient()
    for resource, obj in objects.items():
        for path in (f"/api/v1/{resource}/", f"/api/v1/{resource}/{obj.pk}/"):
            response = client.get(path)
            assert response.status_code == 401, path
            assert response["WWW-Authenticate"] == "Token", path


def test_unknown_token_is_refused_with_401(school_a1):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = client.get("/api/v1/schools/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Недействительный токен."}


def test_an_unknown_token_is_refused_even_beside_a_session(director_a1):
    """The token header is read first: a bad token is not rescued by the browser's session."""
    client = APIClient()
    client.force_login(director_a1)
    client.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    assert client.get("/api/v1/schools/").status_code == 401


def test_session_signs_in_and_writes_need_the_csrf_token(director_a1):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(director_a1)
    assert client.get("/api/v1/schools/").status_code == 200
    school_id = director_a1.memberships.get().school_id
    refused = client.patch(f"/api/v1/schools/{school_id}/", {"phone": "7"}, format="json")
    assert refused.status_code == 403  # signed in, but no CSRF token: a refusal, not a request to sign in
    assert "WWW-Authenticate" not in refused
    assert refused.json()["detail"].startswith("Запрос отклонён: нет действительного CSRF-токена сессии.")
    assert School.objects.get(pk=school_id).phone != "7"
    client.get("/schools/")  # a page sets the CSRF cookie, as in the browser
    csrf = client.cookies["csrftoken"].value
    response = client.patch(f"/api/v1/schools/{school_id}/", {"phone": "7"}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 200, response.content
    assert School.objects.get(pk=school_id).phone == "7"


def test_wrong_password_gets_no_token(director_a1):
    response = APIClient().post("/api/v1/auth/token/", {"email": "director.a1@example.ru", "password": "wrong"})
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Неверная электронная почта или пароль."]
    assert not AuthToken.objects.exists()


def test_token_authentication(director_a1):
    response = APIClient().post("/api/v1/auth/token/", {"email": "Director.A1@example.ru", "password": "pass-12345"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert AuthToken.objects.get(token_key=token[:KEY]).user == director_a1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/schools/").status_code == 200
    school_id = director_a1.memberships.get().school_id
    response = client.patch(f"/api/v1/schools/{school_id}/", {"phone": "7"}, format="json")
    assert response.status_code == 200
    school = School.objects.get(pk=school_id)
    assert LogEntry.objects.get_for_object(school).latest("timestamp").actor == director_a1
