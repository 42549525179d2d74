"""The stand the fault drills (bench/drills.py) run against: two Redis servers of its own (the broker and the
cache, so that either can be stopped alone), a PostgreSQL cluster in a temporary folder, gunicorn and a Celery
worker — started here and stopped here, by their own process ids, never the machine's shared services."""

import glob
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import redis
from _serve import PY, ROOT, gunicorn, prepare, production_env, wait_healthy


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


def wait_for(check, seconds: float, interval: float = 0.2):
    """Poll `check` until it returns something true; (that value or None, seconds waited)."""
    started = time.monotonic()
    while True:
        value = check()
        if value or time.monotonic() - started > seconds:
            return value, time.monotonic() - started
        time.sleep(interval)


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
