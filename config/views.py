"""Site-wide views that belong to no app: the health check, the favicon."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.cache import cache_status


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as exc:  # noqa: BLE001 — any failure is reported, not raised
        return f"error: {exc.__class__.__name__}"


def _broker_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    from config.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


@never_cache
@require_safe
def healthz(request):
    """Each part by name: the database, the broker («eager» without one), the cache; 503 when any is down."""
    db = _database_status()
    broker = _broker_status()
    cache = cache_status()
    healthy = db == "ok" and broker in ("ok", "eager") and cache == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": db, "broker": broker, "cache": cache},
        status=200 if healthy else 503,
    )


@require_safe
def favicon(request):
    """Browsers ask /favicon.ico before reading the page's <link rel="icon">: send them to the SVG in static/."""
    return HttpResponseRedirect(static("favicon.svg"))
