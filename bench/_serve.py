"""The portal served as in production, for the benches that talk to it over HTTP (bench/load.py, bench/drills.py):
production-like settings (DEBUG off, a random SECRET_KEY), a database migrated and seeded with the demo, gunicorn in
front, demo users signed in through the sign-in form as a browser does."""

import re
import secrets
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv/bin/python")
PASSWORD = "demo12345"  # every demo account's (core.demo)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignInRefused(RuntimeError):
    pass


def production_env(base_env: dict, *, database_url: str, cache_url: str, broker_url: str = "", **extra) -> dict:
    """Settings as in production, except HTTPS (the benches speak plain HTTP on 127.0.0.1)."""
    return {**base_env, "DATABASE_URL": database_url, "REDIS_CACHE_URL": cache_url, "CELERY_BROKER_URL": broker_url,
            "DEBUG": "0", "SECRET_KEY": secrets.token_hex(32), "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0", **extra}


def prepare(env: dict) -> None:
    """Migrate the (empty) database, seed the demo, collect the static files (whitenoise's manifest)."""
    for command in (["migrate", "-v0"], ["seed_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def gunicorn(env: dict, port: int, workers: int, **popen) -> subprocess.Popen:
    return subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}",
                             "-w", str(workers), "--access-logfile", "/dev/null",
                             # gunicorn's control socket has one default path for every server of the user: none
                             "--no-control-socket"], cwd=ROOT, env=env, **popen)


def wait_healthy(base: str, seconds: float = 20) -> bool:
    """True once /healthz answers 200 (the server is up and every part it checks is reachable)."""
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.2)
    return False


def csrf_token(session: requests.Session, url: str) -> str:
    """The form token of the page at `url` (the CSRF cookie comes with it)."""
    return CSRF.search(session.get(url, timeout=30).text).group(1)


def sign_in(base: str, email: str, password: str = PASSWORD) -> requests.Session:
    """A session signed in through allauth's form (the token from the page, then the POST)."""
    session = requests.Session()
    token = csrf_token(session, f"{base}/accounts/login/")
    answer = session.post(f"{base}/accounts/login/", data={"login": email, "password": password,
                                                          "csrfmiddlewaretoken": token},
                          headers={"Referer": f"{base}/accounts/login/"}, timeout=30, allow_redirects=False)
    if answer.status_code != 302:
        raise SignInRefused(f"{email}: sign-in answered {answer.status_code}")
    return session
