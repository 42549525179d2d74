"""Fault drills (issue 16, item 9): a worker killed mid-task, the broker down, the cache down, PostgreSQL restarted —
against real processes that the script starts itself and removes at the end, never the machine's shared services.

    .venv/bin/python bench/drills.py          # about 1.5 minutes; exit status 1 when any step fails
    .venv/bin/python bench/drills.py --load 50 --load-seconds 30   # first bench/load.py's load on the same stand (CI)

It starts two Redis servers of its own (the broker and the cache, so that either can be stopped alone) and its own
PostgreSQL cluster in a temporary folder (initdb and pg_ctl as the `postgres` OS user when run as root: initdb refuses
root), migrates it and seeds the demo, then gunicorn with production settings (DEBUG off, a random SECRET_KEY) and a
Celery worker. A demo methodologist signs in through the form and works through the pages and their JSON, as the
browser does. Each drill prints a line per step — seconds since the drill began, PASS or FAIL, what was seen — and
everything started is stopped in the end, on failure too (only the processes started here, by their own ids).
"""

import argparse
import glob
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
import redis
import requests
from _serve import CSRF, PY, ROOT, csrf_token, gunicorn, prepare, production_env, sign_in, wait_healthy

METHODOLOGIST = "metodist.dinskoy@demo.ru"
DIRECTOR = "director.school1@demo.ru"
PAGES = ["/", "/schools/", "/roadmaps/", "/identification/list/", "/partnerships/", "/api/v1/schools/"]
QUEUE_DOWN = "Очередь задач недоступна, попробуйте позже."
STALE = "Обработка прервалась: больше {minutes} мин без движения. Запустите её снова."
RESTART_BUTTON = "Проверить файл заново"
UNAVAILABLE_PAGE = "Портал временно недоступен"  # core.errors.unavailable: the 503 of a database down
WRONG_PASSWORD = "адрес электронной почты и/или пароль неверны"
CSV_HEADER = "Код ОО;Муниципалитет (код);Краткое наименование;Полное наименование;Вид;Местность"


def free_port(preferred: int) -> int:
    """`preferred` when nothing listens there, else any free port."""
    for port in (preferred, 0):
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no obstacle
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port")


def schools_csv(rows: int, first_code: int) -> bytes:
    """A registry file of new schools of the demo's Dinskoy municipality (its methodologist may load them)."""
    lines = [CSV_HEADER] + [f"{first_code + i};dinskoy;Школа учений {i};Муниципальная школа учений № {i};СОШ;сельская"
                            for i in range(rows)]
    return "\r\n".join(lines).encode()


def wait_for(check, seconds: float, interval: float = 0.2):
    """Poll `check` until it returns something true; (that value or None, seconds waited)."""
    started = time.monotonic()
    while True:
        value = check()
        if value or time.monotonic() - started > seconds:
            return value, time.monotonic() - started
        time.sleep(interval)


# ---- the services of the drills: own Redis servers, own PostgreSQL cluster, gunicorn, a Celery worker ------------

class Redis:
    def __init__(self, name: str, port: int, folder: Path):
        self.name, self.port, self.folder, self.process = name, port, folder, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", str(self.folder), "--logfile", str(self.folder / f"redis-{self.name}.log")],
            stdout=subprocess.DEVNULL, start_new_session=True)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        if not wait_for(lambda: self._ping(client), 10)[0]:
            raise RuntimeError(f"redis {self.name} did not start on {self.port}")

    @staticmethod
    def _ping(client) -> bool:
        try:
            return client.ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Postgres:
    """A cluster of our own: data, log and socket in a folder owned by the `postgres` OS user."""

    def __init__(self, folder: Path, port: int):
        self.home, self.port = folder / "pg", port
        self.data = self.home / "data"
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        self.bin = Path(found[-1]).parent if found else Path(shutil.which("initdb")).parent
        # a password, not trust: while the drills run, no other local user may connect as its superuser
        self.password = secrets.token_hex(16)
        self.admin = f"postgres://postgres:{self.password}@127.0.0.1:{port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb refuses root; the cluster belongs to the postgres user
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def init(self) -> None:
        self.home.mkdir()
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.home, owner.pw_uid, owner.pw_gid)
        pwfile = self.home / "pwfile"
        pwfile.write_text(self.password)
        pwfile.chmod(0o600)
        if os.geteuid() == 0:
            os.chown(pwfile, owner.pw_uid, owner.pw_gid)
        try:
            self._run("initdb", "-D", str(self.data), "-A", "scram-sha-256", "--pwfile", str(pwfile), "-U",
                      "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions")
        finally:
            pwfile.unlink()

    def start(self, action: str = "start") -> None:
        options = f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.home / "log"), "-w", "-t", "60", "-m", "fast",
                  "-o", options, action)

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")

    @property
    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def sql(self, statement: str, params=(), db: str = "portal_drills"):
        conn = psycopg2.connect(self.admin.rsplit("/", 1)[0] + f"/{db}")
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(statement, params)
                return cursor.fetchall() if cursor.description else None
        finally:
            conn.close()


class Stand:
    """Everything the drills run against; `close()` stops what was started, in reverse order."""

    def __init__(self, workers: int, keep: bool):
        self.folder = Path(tempfile.mkdtemp(prefix="portal-drills-"))
        self.folder.chmod(0o755)  # the postgres user reaches its folder inside
        self.keep = keep
        self.broker = Redis("broker", free_port(6391), self.folder)
        self.cache = Redis("cache", free_port(6392), self.folder)
        self.pg = Postgres(self.folder, free_port(5491))
        self.port, self.workers = free_port(8160), workers
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = self.worker = None
        self.env = production_env(
            os.environ, database_url=self.pg.admin.rsplit("/", 1)[0] + "/portal_drills",
            cache_url=self.cache.url, broker_url=self.broker.url, MEDIA_ROOT=str(self.folder / "media"),
            LOG_LEVEL="WARNING")  # the drills' own lines on the console; the portal's in the logs

    def open(self) -> str:
        """Start everything; how long each part took."""
        parts, started = [], time.monotonic()

        def took(name):
            nonlocal started
            parts.append(f"{name} {time.monotonic() - started:.1f} s")
            started = time.monotonic()

        self.broker.start()
        self.cache.start()
        self.pg.init()
        self.pg.start()
        self.pg.sql("CREATE DATABASE portal_drills", db="postgres")
        took("Redis ×2 + initdb + PostgreSQL")
        prepare(self.env)
        took("migrate + seed_demo + collectstatic")
        self.server = gunicorn(self.env, self.port, self.workers, start_new_session=True,
                               stdout=self._log("gunicorn"), stderr=subprocess.STDOUT)
        if not wait_healthy(self.base, 30):
            raise RuntimeError("gunicorn did not answer /healthz with 200")
        self.start_worker()
        took("gunicorn")
        return ", ".join(parts)

    def _log(self, name: str):
        return open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 — the child keeps it; closed with the folder

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "--loglevel=WARNING", "--concurrency=1",
             "--without-heartbeat", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=self.env, stdout=self._log("worker"), stderr=subprocess.STDOUT, start_new_session=True)

    def kill_worker(self) -> list[int]:
        """kill -9 the worker's own process group (its main process and the pool's child)."""
        pids = [self.worker.pid, *self.children(self.worker.pid)]
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait()
        return pids

    @staticmethod
    def children(pid: int) -> list[int]:
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []

    def manage_json(self, code: str) -> dict:
        """Run `code` in `manage.py shell` on the drills' settings; it prints one JSON line, returned here."""
        out = subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=self.env, check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    def tails(self) -> None:
        for name in ("gunicorn", "worker"):
            path = self.folder / f"{name}.log"
            if path.exists():
                lines = path.read_text(errors="replace").splitlines()[-25:]
                print(f"\n---- last lines of {name}.log ----\n" + "\n".join(lines))

    def close(self) -> None:
        for process in (self.server, self.worker):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        if self.pg.running:
            try:
                self.pg.stop("immediate")
            except subprocess.CalledProcessError as exc:
                print("pg_ctl stop:", exc.stderr)
        self.broker.stop()
        self.cache.stop()
        if self.keep:
            print(f"\nkept: {self.folder}")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)


# ---- the drills ------------------------------------------------------------------------------------------------

class Drill:
    """Prints one line per step and counts the failed ones."""

    failed = 0

    def __init__(self, title: str):
        self.started = time.monotonic()
        print(f"\n== {title}")

    def step(self, name: str, ok: bool, detail: str = "", took: float | None = None) -> bool:
        if not ok:
            Drill.failed += 1
        took_text = f" [{took:.2f} s]" if took is not None else ""
        print(f"  {time.monotonic() - self.started:6.1f} s  {'PASS' if ok else 'FAIL'}  {name}{took_text}"
              + (f": {detail}" if detail else ""), flush=True)
        return ok


class Portal:
    """What the browser does on the import pages, for one signed-in user."""

    def __init__(self, stand: Stand, session: requests.Session):
        self.stand, self.base, self.session = stand, stand.base, session

    def start_import(self, name: str, content: bytes) -> tuple[requests.Response, float]:
        token = csrf_token(self.session, f"{self.base}/imports/")
        started = time.monotonic()
        answer = self.session.post(f"{self.base}/imports/", data={"kind": "schools", "csrfmiddlewaretoken": token},
                                   files={"file": (name, content, "text/csv")}, allow_redirects=False, timeout=60,
                                   headers={"Referer": f"{self.base}/imports/"})
        return answer, time.monotonic() - started

    @staticmethod
    def job_of(answer: requests.Response) -> int | None:
        parts = answer.headers.get("Location", "").strip("/").split("/")
        return int(parts[-1]) if answer.status_code == 302 and parts[-1].isdigit() else None

    def status(self, pk: int) -> dict:
        return self.session.get(f"{self.base}/imports/{pk}/status/", timeout=30).json()

    def page(self, pk: int) -> str:
        return self.session.get(f"{self.base}/imports/{pk}/", timeout=30).text

    def restart(self, pk: int) -> requests.Response:
        """The «Проверить файл заново» button of the job's page."""
        token = csrf_token(self.session, f"{self.base}/imports/{pk}/")
        return self.session.post(f"{self.base}/imports/{pk}/restart/", data={"csrfmiddlewaretoken": token},
                                 headers={"Referer": f"{self.base}/imports/{pk}/"}, allow_redirects=False,
                                 timeout=60)

    def wait_state(self, pk: int, states: tuple[str, ...], seconds: float) -> tuple[dict | None, float]:
        return wait_for(lambda: (s := self.status(pk))["state"] in states and s, seconds, 0.3)

    def start_run(self) -> tuple[requests.Response, float]:
        """A what-if identification run of the methodologist's municipality, with the form's own defaults."""
        page = self.session.get(f"{self.base}/identification/runs/new/", timeout=30).text
        data = {"csrfmiddlewaretoken": CSRF.search(page).group(1), "is_what_if": "on"}
        for name in ("methodology", "start_year", "municipality"):
            select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
            chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select)  # else the first, as a browser
            data[name] = (chosen or re.search(r'<option value="([^"]*)"', select)).group(1)
        started = time.monotonic()
        answer = self.session.post(f"{self.base}/identification/runs/new/", data=data, allow_redirects=False,
                                   timeout=60, headers={"Referer": f"{self.base}/identification/runs/new/"})
        return answer, time.monotonic() - started

    def run_status(self, pk: int) -> dict:
        return self.session.get(f"{self.base}/identification/runs/{pk}/status/", timeout=30).json()

    def restart_run(self, pk: int) -> requests.Response:
        """The «Запустить расчёт заново» button of the run's page."""
        token = csrf_token(self.session, f"{self.base}/identification/runs/{pk}/")
        return self.session.post(f"{self.base}/identification/runs/{pk}/restart/", timeout=60,
                                 data={"csrfmiddlewaretoken": token}, allow_redirects=False,
                                 headers={"Referer": f"{self.base}/identification/runs/{pk}/"})

    def healthz(self) -> tuple[int, dict]:
        answer = requests.get(f"{self.base}/healthz", timeout=10)
        return answer.status_code, answer.json()


def jobs_count(stand: Stand) -> tuple[int, int, int, int]:
    """(import jobs, those still «working»: queued, checked or applied; identification runs, queued or running)."""
    return (*stand.pg.sql("SELECT count(*), count(*) FILTER (WHERE state IN ('queued', 'running', 'applying')) "
                          "FROM core_importjob")[0],
            *stand.pg.sql("SELECT count(*), count(*) FILTER (WHERE state IN ('queued', 'running')) "
                          "FROM identification_run")[0])


def drill_worker_killed(stand: Stand, portal: Portal, rows: int) -> int | None:
    drill = Drill(f"1. A worker killed mid-task (import of {rows} schools, kill -9 while it is checked)")
    answer, took = portal.start_import("drill-big.csv", schools_csv(rows, 9_100_000))
    pk = portal.job_of(answer)
    if not drill.step("the import is started from the upload form", pk is not None, f"job {pk}", took):
        return None
    def moved():
        state = portal.status(pk)
        return state if state["state"] not in ("queued", "running") or state["processed"] > 0 else None

    seen, took = wait_for(moved, 90)
    moving = bool(seen) and seen["state"] == "running"
    if not drill.step("the page shows progress", moving,
                      f"{seen['text']}, {seen['percent']} %" if moving else f"state {seen and seen['state']} "
                      "(the file was checked before progress showed: give more --rows)", took):
        return pk
    pids = stand.kill_worker()
    row = "SELECT state, processed_rows, heartbeat_at FROM core_importjob WHERE id = %s"
    killed = stand.pg.sql(row, (pk,))[0]  # the row as the worker left it (it may have moved since `seen`)
    drill.step("kill -9 the worker", True, f"process group {pids}; the row at {killed[1]} rows")
    time.sleep(5)
    after = portal.status(pk)
    stuck = stand.pg.sql(row, (pk,))[0] == killed and after["state"] == "running" and after["working"]
    drill.step("the job is stuck", stuck, f"5 s later the row has not moved, the page still says "
                                          f"«{after['state_label']}», {after['text']}")

    check = ("import json; from django.conf import settings; from core.jobs.tasks import fail_stale_jobs; "
             "print(json.dumps({'minutes': settings.JOB_STALE_MINUTES, 'counts': fail_stale_jobs()}))")
    started = time.monotonic()
    result = stand.manage_json(check)
    minutes, counts = result["minutes"], result["counts"]
    early = portal.status(pk)
    drill.step("the stale-jobs beat task at once leaves it alone", counts.get("imports") == 0
               and early["state"] == "running", f"JOB_STALE_MINUTES={minutes}, failed {counts}",
               time.monotonic() - started)

    # the beat task runs every few minutes; JOB_STALE_MINUTES later is simulated by ageing the heartbeat (as tests do)
    stand.pg.sql("UPDATE core_importjob SET heartbeat_at = heartbeat_at - make_interval(mins => %s) WHERE id = %s",
                 (minutes + 1, pk))
    started = time.monotonic()
    counts = stand.manage_json(check)["counts"]
    failed = portal.status(pk)
    message = STALE.format(minutes=minutes)
    page = portal.page(pk)
    drill.step(f"{minutes + 1} min without movement: the beat task fails it",
               counts.get("imports") == 1 and failed["state"] == "failed" and failed["error"] == message
               and message in page and RESTART_BUTTON in page,
               f"«{failed['state_label']}», «{failed['error']}»; the page offers «{RESTART_BUTTON}»",
               time.monotonic() - started)

    stand.start_worker()
    answer = portal.restart(pk)
    started = time.monotonic()
    done, took = portal.wait_state(pk, ("ready", "invalid", "failed"), 120)
    drill.step("a new worker, «Проверить файл заново»: the check finishes",
               answer.status_code == 302 and bool(done) and done["state"] == "ready",
               f"«{done['state_label']}», {done['text']}" if done else "not finished in 120 s",
               time.monotonic() - started)
    return pk


def drill_broker_down(stand: Stand, portal: Portal) -> None:
    drill = Drill("2. The broker down (its Redis stopped)")
    stand.broker.stop()
    try:
        drill.step("Redis of the broker stopped", True, f"port {stand.broker.port}")
        status, health = portal.healthz()
        drill.step("/healthz names the broker", status == 503 and health["broker"].startswith("error")
                   and health["database"] == "ok" and health["cache"] == "ok", f"{status} {health}")
        before = jobs_count(stand)
        answer, took = portal.start_import("drill-small.csv", schools_csv(3, 9_200_000))
        pk = portal.job_of(answer)
        state = portal.status(pk) if pk else {}
        page = portal.page(pk) if pk else ""
        drill.step("an import started: answered at once with the Russian message",
                   took < 5 and state.get("state") == "failed" and state.get("error") == QUEUE_DOWN
                   and QUEUE_DOWN in page and RESTART_BUTTON in page,
                   f"{answer.status_code} → job {pk} «{state.get('state_label')}», «{state.get('error')}»", took)
        answer, took = portal.start_run()
        run = portal.job_of(answer)
        run_state = portal.run_status(run) if run else {}
        drill.step("an identification run started: answered at once with the Russian message",
                   took < 5 and run_state.get("state") == "failed" and run_state.get("error") == QUEUE_DOWN,
                   f"{answer.status_code} → run {run} «{run_state.get('state_label')}», «{run_state.get('error')}»",
                   took)
        after = jobs_count(stand)
        # the job's row is kept, failed with the message, so that its page can say so and offer to start it again
        drill.step("no orphan job", after[1] == before[1] and after[3] == before[3]
                   and after[0] == before[0] + 1 and after[2] == before[2] + 1,
                   f"imports {before[0]} → {after[0]}, runs {before[2]} → {after[2]} (the new ones failed, not "
                   f"queued); working: imports {before[1]} → {after[1]}, runs {before[3]} → {after[3]}")
        if pk:
            started = time.monotonic()
            answer = portal.restart(pk)
            again = portal.status(pk)
            drill.step("the import started again while the broker is down: failed again, not stuck",
                       answer.status_code == 302 and again["state"] == "failed" and again["error"] == QUEUE_DOWN,
                       f"«{again['state_label']}»", time.monotonic() - started)
    finally:
        stand.broker.start()
    healthy, took = wait_for(lambda: portal.healthz()[0] == 200, 30, 0.5)
    drill.step("Redis of the broker started again: /healthz 200", bool(healthy), "", took)
    if pk:
        started = time.monotonic()
        answer = portal.restart(pk)
        done, _took = portal.wait_state(pk, ("ready", "invalid", "failed"), 90)
        drill.step("the import started again: the worker reconnected and checked it",
                   answer.status_code == 302 and bool(done) and done["state"] == "ready",
                   f"«{done['state_label']}»" if done else "not finished in 90 s", time.monotonic() - started)
    if run:
        started = time.monotonic()
        answer = portal.restart_run(run)
        done, _took = wait_for(lambda: (s := portal.run_status(run))["state"] in ("done", "failed") and s, 90, 0.3)
        drill.step("the run started again from its page: computed",
                   answer.status_code == 302 and bool(done) and done["state"] == "done",
                   f"«{done['state_label']}»" if done else "not finished in 90 s", time.monotonic() - started)


def drill_cache_down(stand: Stand, portal: Portal) -> None:
    drill = Drill("3. The cache down (its Redis stopped)")
    stand.cache.stop()
    try:
        drill.step("Redis of the cache stopped", True, f"port {stand.cache.port}")
        status, health = portal.healthz()
        drill.step("/healthz names the cache", status == 503 and health["cache"].startswith("error")
                   and health["broker"] == "ok" and health["database"] == "ok", f"{status} {health}")
        started = time.monotonic()
        session = sign_in(stand.base, DIRECTOR)
        drill.step(f"a fresh sign-in through the form ({DIRECTOR})", True, "302", time.monotonic() - started)
        answers = []
        for path in PAGES:
            t0 = time.monotonic()
            answers.append((path, session.get(stand.base + path, timeout=30).status_code, time.monotonic() - t0))
        drill.step("the main pages and the API answer", all(code == 200 for _p, code, _t in answers),
                   ", ".join(f"{p} {code} {t * 1000:.0f} ms" for p, code, t in answers))
        wrong = requests.Session()
        token = csrf_token(wrong, f"{stand.base}/accounts/login/")
        started = time.monotonic()
        answer = wrong.post(f"{stand.base}/accounts/login/", timeout=30, allow_redirects=False,
                            data={"login": DIRECTOR, "password": "wrong-password", "csrfmiddlewaretoken": token},
                            headers={"Referer": f"{stand.base}/accounts/login/"})
        drill.step("a wrong password: the form again with its message, not an error page",
                   answer.status_code == 200 and WRONG_PASSWORD in answer.text, str(answer.status_code),
                   time.monotonic() - started)
    finally:
        stand.cache.start()
    healthy, took = wait_for(lambda: portal.healthz()[0] == 200, 30, 0.5)
    drill.step("Redis of the cache started again: /healthz 200", bool(healthy), "", took)


class Prober(threading.Thread):
    """Requests a page and the API in turn, every 0.1 s, noting each answer while PostgreSQL goes down and up."""

    def __init__(self, base: str, session: requests.Session):
        super().__init__(daemon=True)
        self.base, self.session, self.answers, self.stopped = base, session, [], threading.Event()

    def run(self) -> None:
        n = 0
        while not self.stopped.is_set():
            path = ("/schools/", "/api/v1/schools/")[n % 2]
            n += 1
            t0 = time.monotonic()
            try:
                answer = self.session.get(self.base + path, timeout=30)
                self.answers.append((path, answer.status_code, answer.text, time.monotonic() - t0))
            except requests.RequestException as exc:
                self.answers.append((path, type(exc).__name__, "", time.monotonic() - t0))
            time.sleep(0.1)


def clean_error(path: str, status, text: str) -> bool:
    """The database down is a 503 in the portal's own words: the Russian page (or the API's JSON), no traceback."""
    if status != 503 or "Traceback" in text or "Exception" in text:
        return False
    return (UNAVAILABLE_PAGE in text) if not path.startswith("/api/") else ("временно недоступен" in text)


def same_workers_answer(stand: Stand, portal: Portal, workers: list[int]) -> tuple[bool, str]:
    """Enough requests to reach every gunicorn worker: all 200, and the workers are those of before."""
    codes = [portal.session.get(stand.base + "/schools/", timeout=30).status_code for _ in range(6 * stand.workers)]
    after = sorted(stand.children(stand.server.pid))
    return (all(code == 200 for code in codes) and after == workers,
            f"{codes.count(200)} of {len(codes)} answered 200{f' {codes}' if codes.count(200) < len(codes) else ''}; "
            f"gunicorn workers {workers} → {after}")


def drill_postgres_restarted(stand: Stand, portal: Portal, outage: float) -> None:
    drill = Drill("4. PostgreSQL restarted under gunicorn")
    workers = sorted(stand.children(stand.server.pid))
    for _ in range(4 * stand.workers):  # every gunicorn worker holds its persistent connection (CONN_MAX_AGE)
        portal.session.get(stand.base + "/schools/", timeout=30)
    started = time.monotonic()
    stand.pg.start("restart")
    drill.step("pg_ctl restart -m fast, no request meanwhile", True, "every worker's connection is now dead",
               time.monotonic() - started)
    ok, detail = same_workers_answer(stand, portal, workers)
    drill.step("the next requests: 200 at once, on new connections (CONN_HEALTH_CHECKS)", ok, detail)

    prober = Prober(stand.base, portal.session)
    prober.start()
    try:
        time.sleep(0.5)
        started = time.monotonic()
        stand.pg.stop("fast")
        drill.step(f"pg_ctl stop -m fast, for {outage:g} s, while requests go on", True, "",
                   time.monotonic() - started)
        time.sleep(min(1.0, outage))
        status, health = portal.healthz()
        drill.step("/healthz names the database", status == 503 and health["database"].startswith("error"),
                   f"{status} {health}")
        time.sleep(max(0.0, outage - 1.0))
    finally:
        started = time.monotonic()
        if not stand.pg.running:
            stand.pg.start()
        drill.step("pg_ctl start", True, "", time.monotonic() - started)
        time.sleep(1.0)
        prober.stopped.set()
        prober.join()
    down = [(p, s, t) for p, s, t, _e in prober.answers if s != 200]
    unclean = [(p, s) for p, s, t, _e in prober.answers if s != 200 and not clean_error(p, s, t)]
    slowest = max(e for *_rest, e in prober.answers)
    drill.step("while it was down: the 503 page (or a wait), never a traceback", not unclean,
               f"{len(prober.answers)} requests, {len(down)} answered 503"
               + (f" ({sorted({str(s) for _p, s, _t in down})})" if down else "")
               + f", slowest {slowest * 1000:.0f} ms" + (f"; unclean: {unclean[:3]}" if unclean else ""))

    ok, detail = same_workers_answer(stand, portal, workers)
    drill.step("started again: the same workers answer 200 without a restart", ok, detail)
    status, health = portal.healthz()
    drill.step("/healthz 200", status == 200, str(health))
    answer, took = portal.start_import("drill-after-pg.csv", schools_csv(3, 9_300_000))
    pk = portal.job_of(answer)
    done, waited = portal.wait_state(pk, ("ready", "invalid", "failed"), 60) if pk else (None, 0)
    drill.step("the Celery worker, which kept running, checks a new import",
               bool(done) and done["state"] == "ready", f"«{done['state_label']}»" if done else "not finished",
               took + waited)


def load_first(stand: Stand, users: int, seconds: float) -> None:
    """bench/load.py's people reading pages (5 s pauses) on this stand, before the drills (CI has one stand for both).
    An error fails the step; the figures are printed against the goal but do not fail it — a speed target is the
    benchmark's to report, and a shared CI machine's minute is not a quiet one."""
    import load  # bench/load.py, beside this file

    drill = Drill(f"0. Load: {users} signed-in users with 5 s pauses for {seconds:g} s (bench/load.py)")
    started = time.monotonic()
    result = load.run(stand.base, users, seconds, think=5.0)
    load.report(result, users)
    every = sum(len(v) for v in result["timings"].values())
    errors = sum(len(v) for v in result["errors"].values())
    drill.step("every request answered, none with an error", every > 0 and errors == 0,
               f"{every} requests, {errors} errors", time.monotonic() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30000, help="rows of the import killed mid-task")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--outage", type=float, default=3.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) at the end")
    parser.add_argument("--load", type=int, default=0, metavar="USERS",
                        help="first run bench/load.py with this many users on the stand (0: no load)")
    parser.add_argument("--load-seconds", type=float, default=30.0)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops what was started
    began = time.monotonic()
    stand = Stand(args.workers, args.keep)
    try:
        print(f"stand: Redis broker :{stand.broker.port}, Redis cache :{stand.cache.port}, PostgreSQL "
              f":{stand.pg.port}, gunicorn :{stand.port} ({args.workers} workers), in {stand.folder}", flush=True)
        parts = stand.open()
        print(f"ready in {time.monotonic() - began:.1f} s ({parts})", flush=True)
        portal = Portal(stand, sign_in(stand.base, METHODOLOGIST))
        if args.load:
            try:
                load_first(stand, args.load, args.load_seconds)
            except Exception as exc:  # noqa: BLE001 — a load that breaks is a failed step; the drills still run
                Drill.failed += 1
                print(f"  FAIL  the load broke off: {exc!r}", flush=True)
        for drill in (lambda: drill_worker_killed(stand, portal, args.rows),
                      lambda: drill_broker_down(stand, portal),
                      lambda: drill_cache_down(stand, portal),
                      lambda: drill_postgres_restarted(stand, portal, args.outage)):
            try:
                drill()
            except Exception as exc:  # noqa: BLE001 — a drill that breaks is a failed drill; the next one still runs
                Drill.failed += 1
                print(f"  FAIL  the drill broke off: {exc!r}", flush=True)
                if stand.worker is None or stand.worker.poll() is not None:
                    stand.start_worker()
    except Exception as exc:  # noqa: BLE001 — the stand did not come up (its error is printed, then it is removed)
        Drill.failed += 1
        stderr = getattr(exc, "stderr", None)
        print(f"FAIL  {exc!r}" + (f"\n{stderr.decode(errors='replace')}" if stderr else ""), flush=True)
    finally:
        if Drill.failed:
            stand.tails()
        stand.close()
    print(f"\n{'all drills passed' if not Drill.failed else f'{Drill.failed} step(s) FAILED'} "
          f"in {time.monotonic() - began:.0f} s")
    return 1 if Drill.failed else 0


if __name__ == "__main__":
    sys.exit(main())
