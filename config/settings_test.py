"""Test settings: the production settings with HTTPS redirects off and a fast password hasher."""

from .settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = Path(env("TEST_MEDIA_ROOT", default="/tmp/portal-test-media"))  # noqa: F405
PRIVATE_STORAGE_ROOT = MEDIA_ROOT / "private"
ACCOUNT_RATE_LIMITS = False
# pytest-xdist workers (scripts/test.sh) may share one Redis cache (CI): each keeps its counters under its own prefix
if env("PYTEST_XDIST_WORKER", default=""):  # noqa: F405
    for _cache in CACHES.values():  # noqa: F405
        _cache["KEY_PREFIX"] = f"{_cache.get('KEY_PREFIX', '')}{env('PYTEST_XDIST_WORKER')}"  # noqa: F405
