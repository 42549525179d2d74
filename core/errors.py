"""Error pages in Russian, in the portal's layout (templates/400.html, 403.html, 404.html, 500.html, 503.html).

The same functions answer with DEBUG off (Django's handler400/403/404/500 in config/urls.py, the CSRF failure
view) and with DEBUG on (core.middleware.ErrorPagesMiddleware), so no English or technical page reaches a user.
Under /api/ the answer is JSON, as DRF gives inside its views.
"""

import re
import sqlite3
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
_CYRILLIC = re.compile("[А-Яа-яЁё]")

# The last resorts when even the 500 / 503 template fails (a broken static manifest, a template error in the layout).
_PLAIN_500 = ("<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Ошибка на сервере</title></head>"
              "<body><h1>Ошибка на сервере</h1><p>Что-то пошло не так. Попробуйте ещё раз через минуту; если ошибка "
              "повторится, сообщите администратору портала.</p><p><a href=\"/\">На главную</a></p></body></html>")
_PLAIN_503 = ("<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Портал временно недоступен</title>"
              "</head><body><h1>Портал временно недоступен</h1><p>База данных не отвечает. Повторите через минуту.</p>"
              "</body></html>")
RETRY_AFTER_SECONDS = 60
# SQLSTATE classes of a database that is not answering for now, not of a wrong query: 08 connection exception,
# 53 insufficient resources (too many connections, disk full), 57 operator intervention (shutdown, cancelled statement)
TRANSIENT_SQLSTATE_CLASSES = ("08", "53", "57")


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def reason_of(exception) -> str:
    """The reason a PermissionDenied carries, when it is written for people (in Russian); else empty."""
    text = str(exception or "").strip()
    return text if _CYRILLIC.search(text) else ""


def _json(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def not_found(request, exception=None):
    if is_api(request):
        return _json(404, _("Не найдено."))
    return render(request, "404.html", {"request_path": request.path}, status=404)


def forbidden(request, exception=None, reason: str = ""):
    reason = reason or reason_of(exception)
    if is_api(request):
        return _json(403, reason or _("У вас недостаточно прав для выполнения данного действия."))
    return render(request, "403.html", {"reason": reason}, status=403)


def bad_request(request, exception=None):
    if is_api(request):
        return _json(400, _("Неверный запрос."))
    return render(request, "400.html", status=400)


def server_error(request=None):
    """Renders without the request's context (no context processors, no database): the layout shows only the
    brand; if even that fails, a plain page. Django calls it while handling the failure, so the exception is at hand:
    a database that does not answer (restarting, connections exhausted, a statement timed out) is a 503."""
    if database_unavailable(sys.exc_info()[1]):
        return unavailable(request)
    if request is not None and is_api(request):
        return _json(500, _("Ошибка на сервере."))
    try:
        return HttpResponse(loader.get_template("500.html").render(), status=500)
    except Exception:  # noqa: BLE001 — the error page must not fail in turn
        return HttpResponse(_PLAIN_500, status=500)


def database_unavailable(exc) -> bool:
    """The database is not answering (a wait), as opposed to a query that is wrong (a fault, 500). PostgreSQL: the
    connection was closed or never made (no SQLSTATE) or the SQLSTATE is of TRANSIENT_SQLSTATE_CLASSES; SQLite (make
    run): only a locked file — its «no such column» is an OperationalError too, and a missed migration is a fault."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        return "database is locked" in str(cause)
    code = getattr(cause, "pgcode", None)
    return code is None or code.startswith(TRANSIENT_SQLSTATE_CLASSES)


def unavailable(request=None):
    """503 with Retry-After: the portal is up but its database is not answering — a wait, not a fault of the page."""
    if request is not None and is_api(request):
        response = _json(503, _("Сервис временно недоступен: база данных не отвечает. Повторите запрос через минуту."))
    else:
        try:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        except Exception:  # noqa: BLE001 — the error page must not fail in turn
            response = HttpResponse(_PLAIN_503, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a stale form (the session ended, the page was open too long) in words a user follows."""
    return forbidden(request, reason=_("Форма устарела: обновите страницу и отправьте её ещё раз. "
                                       "Если ошибка повторяется, разрешите браузеру сохранять cookie для портала."))
