"""/healthz and production settings (`check --deploy` with production values prints nothing)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_ok_with_eager_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager", "cache": "ok"}


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_healthz_reports_unreachable_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503, response.json()
    body = response.json()
    assert body["status"] == "error" and body["database"] == "ok" and body["broker"].startswith("error")


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_is_not_redirected_to_https(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


def test_check_deploy_is_clean_with_production_values(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0",
           "SECRET_KEY": "x7!kP2@qZ9#mL4$vB8^nR1&tY6*wE3(uI0)oA5_sD2+fG7-hJ4=kL9~cV1",
           "ALLOWED_HOSTS": "portal.example.ru", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "REDIS_CACHE_URL": "redis://127.0.0.1:6379/13"}
    for name in ("CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # test-only switches
        env.pop(name, None)
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues (0 silenced)." in out.stdout


# ---- production refuses the built-in SECRET_KEY ---------------------------------------------------------------

def _production_env(tmp_path, **extra):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0",
           "ALLOWED_HOSTS": "portal.example.ru", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra}
    for name in ("SECRET_KEY", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_CACHE_URL"):
        if name not in extra:
            env.pop(name, None)
    return env


REFUSAL = "SECRET_KEY не задан: встроенный ключ разработки в эксплуатации не используется."


def test_wsgi_application_refuses_to_start_with_the_built_in_secret_key(tmp_path):
    out = subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=ROOT, env=_production_env(tmp_path),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode != 0 and REFUSAL in out.stderr
    out = subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=ROOT, capture_output=True, text=True,
                         env=_production_env(tmp_path, SECRET_KEY="k" + "0123456789abcdef" * 4), timeout=120)
    assert out.returncode == 0, out.stderr


def test_celery_worker_refuses_to_start_with_the_built_in_secret_key(tmp_path):
    celery = Path(sys.executable).with_name("celery")
    out = subprocess.run([str(celery), "-A", "config", "worker", "--concurrency=1", "--loglevel=WARNING"], cwd=ROOT,
                         env=_production_env(tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:1/0"),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode != 0 and REFUSAL in out.stderr + out.stdout


def test_check_deploy_reports_the_built_in_secret_key_and_a_per_process_cache(tmp_path):
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=_production_env(tmp_path),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    assert f"(portal.E001) {REFUSAL}" in out.stderr
    assert "(portal.W001) Кеш в памяти процесса" in out.stderr


def test_development_keeps_the_built_in_key(tmp_path):
    out = subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=ROOT,
                         env=_production_env(tmp_path, DEBUG="1"), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("key", ["abc", "k" * 80, "0123456789" * 4,
                                 "django-insecure-" + "q7Zp2LmX9vB4nR8tY1wE6uI3oA5sD0fG2hJ7kL4"])
def test_a_weak_secret_key_is_refused_in_production_too(settings, key):
    from core.checks import secret_key_problem

    settings.DEBUG, settings.SECRET_KEY = False, key
    assert "SECRET_KEY слишком простой" in secret_key_problem()
    settings.DEBUG = True
    assert secret_key_problem() is None
    settings.DEBUG, settings.SECRET_KEY = False, "k" + "0123456789abcdef" * 4
    assert secret_key_problem() is None
