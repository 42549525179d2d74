"""Error pages: Russian 400/403/404/500 pages in the portal's layout, with DEBUG off (Django's handlers,
config/urls.py) and on (core.middleware.ErrorPagesMiddleware, as `make run` serves the demo); JSON under /api/;
Django's technical 500 page only on the developer's switch DEBUG_TECHNICAL_500; the favicon."""

import sqlite3
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.template import loader
from django.test import Client, override_settings

from core import errors

ENGLISH = ("Not Found", "Forbidden", "Server Error", "Bad Request", "Page not found", "Traceback",
           "CSRF verification failed", "Request Method:", "Using the URLconf")

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]
DEBUG = pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])


def _page(response, status, *texts):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert 'class="topbar"' in body and "Портал" in body  # the portal's layout
    assert not [w for w in ENGLISH if w in body], body
    for text in texts:
        assert text in body, text
    return body


@pytest.fixture
def anon():
    return Client(raise_request_exception=False)


@DEBUG
def test_unknown_address_and_missing_object_answer_the_russian_404(debug, anon, client_for, director_a1, school_b1):
    with override_settings(DEBUG=debug):
        _page(anon.get("/no-such-page/"), 404, "Страница не найдена", "На главную")
        _page(anon.get("/test-errors/missing/"), 404, "Страница не найдена")
        signed_in = client_for(director_a1)
        body = _page(signed_in.get(f"/schools/{school_b1.pk}/"), 404, "Страница не найдена")  # another municipality
        assert "Выйти" in body  # the signed-in layout: menu and user box
        _page(signed_in.get("/schools/no-such/"), 404)


@DEBUG
def test_a_missing_slash_is_still_added(debug, client_for, director_a1):
    with override_settings(DEBUG=debug):
        response = client_for(director_a1).get("/schools")
    assert response.status_code == 301 and response["Location"] == "/schools/"


@DEBUG
def test_403_shows_the_russian_reason_and_only_a_russian_one(debug, anon):
    with override_settings(DEBUG=debug):
        _page(anon.get("/test-errors/denied/"), 403, "Нет доступа", "Рисковый профиль меняют")
        body = _page(anon.get("/test-errors/denied-plain/"), 403, "Нет доступа")
        assert "<strong>" not in body
        body = _page(anon.get("/test-errors/denied-english/"), 403, "Нет доступа")
        assert "Only methodologists" not in body


@DEBUG
def test_a_refused_action_of_a_real_page_answers_403_in_russian(debug, client_for, director_a1):
    with override_settings(DEBUG=debug):
        _page(client_for(director_a1).get("/users/"), 403, "Нет доступа", "Выйти")


@DEBUG
def test_a_suspicious_request_answers_the_russian_400(debug, anon):
    with override_settings(DEBUG=debug):
        _page(anon.get("/test-errors/suspicious/"), 400, "Неверный запрос")


@DEBUG
def test_a_failure_answers_the_russian_500_and_is_logged(debug, anon, caplog):
    with override_settings(DEBUG=debug):
        response = anon.get("/test-errors/boom/")
    _page(response, 500, "Ошибка на сервере")
    assert any(r.levelname == "ERROR" and "/test-errors/boom/" in r.getMessage() and r.exc_info
               for r in caplog.records)


@DEBUG
def test_a_database_that_does_not_answer_is_a_503_with_retry_after(debug, anon, caplog):
    with override_settings(DEBUG=debug):
        response = anon.get("/test-errors/database-down/")
        api = anon.get("/api/v1/test-errors/database-down/")
    body = _page(response, 503, "Портал временно недоступен", "База данных портала сейчас не отвечает")
    assert "server closed" not in body and response["Retry-After"] == "60"
    assert api.status_code == 503 and api["Retry-After"] == "60"
    assert api.json()["detail"].startswith("Сервис временно недоступен: база данных не отвечает.")
    assert any(r.levelname == "ERROR" and "/test-errors/database-down/" in r.getMessage() and r.exc_info
               for r in caplog.records)  # still logged with its traceback, as a failure


@DEBUG
def test_a_wrong_query_stays_a_500_not_a_wait(debug, anon):
    """Only a database that does not answer is a 503: SQLite's «no such column» (an OperationalError too) is a fault."""
    with override_settings(DEBUG=debug):
        _page(anon.get("/test-errors/sqlite-fault/"), 500, "Ошибка на сервере")


class _PgError(Exception):
    """A driver error as psycopg2 raises it from the server: with its SQLSTATE."""

    def __init__(self, pgcode):
        super().__init__(pgcode)
        self.pgcode = pgcode


def _wrapped(driver_exc):
    """As Django's DatabaseErrorWrapper raises it: its own OperationalError from the driver's."""
    try:
        raise OperationalError(*driver_exc.args) from driver_exc
    except OperationalError as exc:
        return exc


def test_which_database_errors_are_a_wait():
    import psycopg2

    assert errors.database_unavailable(InterfaceError("connection already closed"))
    assert errors.database_unavailable(_wrapped(psycopg2.OperationalError("server closed the connection")))  # no code
    for code in ("08006", "53300", "53100", "57P01", "57014"):  # connection lost, too many clients, disk full,
        assert errors.database_unavailable(_wrapped(_PgError(code))), code  # shutdown, statement timeout
    for code in ("55P03", "40P01", "42703"):  # lock not available, deadlock, undefined column: a fault of the query
        assert not errors.database_unavailable(_wrapped(_PgError(code))), code
    assert errors.database_unavailable(_wrapped(sqlite3.OperationalError("database is locked")))
    assert not errors.database_unavailable(_wrapped(sqlite3.OperationalError("no such table: x")))
    assert not errors.database_unavailable(ZeroDivisionError())


def test_the_test_client_still_raises_the_failure_with_debug_on(client):
    """The exception is reported (got_request_exception) as Django does, so tests and error trackers see it."""
    with override_settings(DEBUG=True), pytest.raises(ZeroDivisionError):
        client.get("/test-errors/boom/")


def test_the_technical_500_page_only_on_the_developers_switch(anon):
    with override_settings(DEBUG=True, DEBUG_TECHNICAL_500=True):
        response = anon.get("/test-errors/boom/")
    assert response.status_code == 500 and "Traceback" in response.content.decode()
    with override_settings(DEBUG=False, DEBUG_TECHNICAL_500=True):  # never without DEBUG
        _page(anon.get("/test-errors/boom/"), 500, "Ошибка на сервере")


def test_the_500_page_needs_no_request_and_survives_a_broken_layout():
    body = loader.get_template("500.html").render()
    assert "Ошибка на сервере" in body and 'class="topbar"' in body
    response = errors.server_error(None)
    assert response.status_code == 500 and "Ошибка на сервере" in response.content.decode()
    with mock.patch.object(errors.loader, "get_template", side_effect=ValueError("Missing staticfiles manifest")):
        response = errors.server_error(None)
    assert response.status_code == 500 and "Ошибка на сервере" in response.content.decode()


@DEBUG
def test_api_answers_stay_json(debug, anon, client_for, director_a1, school_b1):
    with override_settings(DEBUG=debug):
        response = anon.get("/api/v1/no-such-resource/")
        assert response.status_code == 404 and response.json() == {"detail": "Не найдено."}
        response = client_for(director_a1).get(f"/api/v1/schools/{school_b1.pk}/")  # DRF's own answer
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        response = Client(raise_request_exception=False).get("/api/v1/schools/")
        assert response.status_code == 401 and "detail" in response.json()  # signed out
        response = anon.get("/api/v1/test-errors/boom/")
        assert response.status_code == 500 and response.json() == {"detail": "Ошибка на сервере."}


@DEBUG
def test_a_stale_form_answers_a_russian_403_with_what_to_do(debug):
    client = Client(enforce_csrf_checks=True)
    with override_settings(DEBUG=debug):
        response = client.post("/accounts/login/", {"login": "x@example.ru", "password": "x"})
    _page(response, 403, "Нет доступа", "Форма устарела")


def test_favicon(anon):
    """/favicon.ico (asked by every browser) leads to the SVG in static/, which whitenoise serves."""
    response = anon.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")
    with override_settings(WHITENOISE_USE_FINDERS=True):  # as with DEBUG on; production serves collected files
        icon = Client().get(response["Location"])
    assert icon.status_code == 200 and icon["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(icon.streaming_content)
    assert 'rel="icon"' in anon.get("/accounts/login/").content.decode()
