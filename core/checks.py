"""Deployment checks of the portal's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


def secret_key_problem() -> str | None:
    """Why this process must not serve with its SECRET_KEY (None: it may)."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.BUILT_IN_SECRET_KEY:
        return ("SECRET_KEY не задан: встроенный ключ разработки в эксплуатации не используется. Задайте SECRET_KEY "
                "в окружении (длинная случайная строка) или включите DEBUG=1 для разработки.")
    return None


def refuse_built_in_secret_key() -> None:
    """Called where production starts (config/wsgi.py, the Celery worker and beat): refuses to start."""
    from django.core.exceptions import ImproperlyConfigured

    problem = secret_key_problem()
    if problem:
        raise ImproperlyConfigured(problem)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    problem = secret_key_problem()
    return [Error(problem, id="portal.E001")] if problem else []


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Sign-in lockout and token throttling count in the cache: in process memory each worker counts apart."""
    backend = settings.CACHES["default"]["BACKEND"]
    if not settings.DEBUG and backend.endswith(("LocMemCache", "DummyCache")):
        return [Warning("Кеш в памяти процесса: счётчики неудачных входов и ограничения частоты запросов у каждого "
                        "процесса свои. Задайте REDIS_CACHE_URL.", id="portal.W001")]
    return []
