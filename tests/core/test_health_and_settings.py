"""/healthz and production settings (`check --deploy` with production values prints nothing)."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_ok_with_eager_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_healthz_reports_unreachable_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["database"] == "ok" and body["broker"].startswith("error")


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_is_not_redirected_to_https(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


def test_check_deploy_is_clean_with_production_values(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0",
           "SECRET_KEY": "x7!kP2@qZ9#mL4$vB8^nR1&tY6*wE3(uI0)oA5_sD2+fG7-hJ4=kL9~cV1",
           "ALLOWED_HOSTS": "portal.example.ru", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    for name in ("CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # test-only switches
        env.pop(name, None)
    out = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues (0 silenced)." in out.stdout
