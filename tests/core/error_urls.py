"""The portal's URLs plus views that fail on purpose (tests/core/test_error_pages.py)."""

import sqlite3

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.http import Http404
from django.urls import path

from config import urls


def _raise(exc):
    def view(request):
        raise exc

    return view


def _sqlite_fault(request):
    """A wrong query on SQLite (a missed migration): Django passes sqlite3's OperationalError on as its own."""
    try:
        raise sqlite3.OperationalError("no such column: schools_school.motto")
    except sqlite3.OperationalError as exc:
        raise OperationalError(*exc.args) from exc


urlpatterns = [
    path("test-errors/missing/", _raise(Http404("No School matches the given query."))),
    path("test-errors/denied/", _raise(PermissionDenied("Рисковый профиль меняют, пока программа школы — черновик."))),
    path("test-errors/denied-plain/", _raise(PermissionDenied)),
    path("test-errors/denied-english/", _raise(PermissionDenied("Only methodologists."))),
    path("test-errors/suspicious/", _raise(SuspiciousOperation("bad header"))),
    path("test-errors/boom/", _raise(ZeroDivisionError("boom"))),
    path("api/v1/test-errors/boom/", _raise(ZeroDivisionError("boom"))),
    path("test-errors/database-down/", _raise(OperationalError("server closed the connection unexpectedly"))),
    path("api/v1/test-errors/database-down/", _raise(OperationalError("server closed the connection unexpectedly"))),
    path("test-errors/sqlite-fault/", _sqlite_fault),
    *urls.urlpatterns,
]
handler400, handler403, handler404, handler500 = urls.handler400, urls.handler403, urls.handler404, urls.handler500
