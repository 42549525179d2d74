"""Deployment checks of the portal's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# Django's own deploy check (security.W009) asks for the same: 50 characters, 5 of them different
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5


def secret_key_problem() -> str | None:
    """Why this process must not serve with its SECRET_KEY (None: it may). A short or repetitive key signs
    sessions, password-reset links and kept uploads that anyone could then forge: refused, not warned about."""
    if settings.DEBUG:
        return None
    key = settings.SECRET_KEY
    if key == settings.BUILT_IN_SECRET_KEY:
        return ("SECRET_KEY не задан: встроенный ключ разработки в эксплуатации не используется. Задайте SECRET_KEY "
                "в окружении (длинная случайная строка) или включите DEBUG=1 для разработки.")
    if (len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE
            or key.startswith("django-insecure-")):
        return (f"SECRET_KEY слишком простой: нужна случайная строка не короче {SECRET_KEY_MIN_LENGTH} символов "
                f"(например, python -c 'import secrets; print(secrets.token_urlsafe(50))').")
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
