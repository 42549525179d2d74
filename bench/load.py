"""Load: N concurrent signed-in users on gunicorn + PostgreSQL + Redis, mixing the main pages and
the API; prints p50/p95/p99 and errors per kind of request and overall (goal: p95 < 300 ms, 0 errors).

    # a throwaway database on the machine's PostgreSQL (never the shared one's data), Redis db 13 as the cache
    python bench/load.py --serve --users 50 --seconds 60

`--serve` creates the database portal_bench_load, migrates it, seeds the demo, collects static files and starts
gunicorn (`--workers`, default 4) on --port with production settings (DEBUG off, a random SECRET_KEY, Redis cache);
it drops the database at the end. Without `--serve` it loads an already running portal at --url whose demo users
have the demo password. Each virtual user is a thread with its own connection in the session of one of the demo
accounts (each account signs in once through the sign-in form, which is rate-limited per address) and requests a
random entry of MIX, with no pause (a stress test) or `--think` seconds on average between requests (a person
reading the page); a request is an error when it fails or answers 4xx/5xx.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import contextmanager

import requests
from _serve import PY, SignInRefused, gunicorn, prepare, production_env, sign_in, wait_healthy

USERS = ["metodist.dinskoy@demo.ru", "head.dinskoy@demo.ru", "director.school1@demo.ru", "leader@demo.ru",
         "metodist.kalininsky@demo.ru", "director.kalininsky@demo.ru"]
MIX = [  # (kind, path, weight)
    ("start page", "/", 3),
    ("school list", "/schools/", 3),
    ("school card", "/schools/{school}/", 3),
    ("roadmaps", "/roadmaps/", 2),
    ("official list", "/identification/list/", 1),
    ("partnerships", "/partnerships/", 1),
    ("api schools", "/api/v1/schools/", 2),
    ("api roadmaps", "/api/v1/roadmaps/", 2),
    ("api statuses", "/api/v1/statuses/", 1),
]


def school_of(session: requests.Session, base: str) -> int:
    """A school the user sees (for the school card), from the API."""
    return session.get(f"{base}/api/v1/schools/?page_size=1", timeout=30).json()["results"][0]["id"]


def run(base: str, users: int, seconds: float, think: float = 0.0) -> dict:
    signed = {}  # one sign-in per account (the sign-in form is rate-limited per address, as it should be)
    for email in USERS[:users]:
        session = sign_in(base, email)
        signed[email] = (session.cookies, school_of(session, base))
    sessions = []
    for i in range(users):  # each virtual user its own connection, in a session of its account (like browser tabs)
        cookies, school = signed[USERS[i % len(USERS)]]
        session = requests.Session()
        session.cookies.update(cookies)
        sessions.append((session, school))
    weighted = [(kind, path) for kind, path, weight in MIX for _ in range(weight)]
    timings, errors, lock = defaultdict(list), defaultdict(list), threading.Lock()
    stop = time.monotonic() + seconds
    start_gate = threading.Barrier(users)

    def user(session, school, seed):
        rnd = random.Random(seed)
        start_gate.wait()
        if think:  # people arrive over one pause, not all in the same millisecond (a stress test keeps the burst)
            time.sleep(rnd.uniform(0, think))
        while time.monotonic() < stop:
            kind, path = rnd.choice(weighted)
            t0 = time.perf_counter()
            try:
                status = session.get(base + path.format(school=school), timeout=30).status_code
            except requests.RequestException as exc:
                status = type(exc).__name__
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                timings[kind].append(elapsed)
                if not isinstance(status, int) or status >= 400:
                    errors[kind].append(status)
            if think:
                time.sleep(min(rnd.expovariate(1 / think), max(0.0, stop - time.monotonic())))  # reading the page

    threads = [threading.Thread(target=user, args=(s, school, n)) for n, (s, school) in enumerate(sessions)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"timings": timings, "errors": errors, "seconds": time.monotonic() - began}


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def report(result: dict, users: int) -> bool:
    timings, errors = result["timings"], result["errors"]
    every = [t for values in timings.values() for t in values]
    who = f"{users} concurrent signed-in user{'' if users == 1 else 's'}"
    print(f"\n{who}, {result['seconds']:.0f} s, {len(every)} requests ({len(every) / result['seconds']:.0f}/s)")
    print(f"{'kind':<16}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for kind, _path, _w in MIX:
        values = timings.get(kind) or [0.0]
        print(f"{kind:<16}{len(timings.get(kind, [])):>7}{pct(values, 50):>9.0f}{pct(values, 95):>9.0f}"
              f"{pct(values, 99):>9.0f}{len(errors.get(kind, [])):>8}")
    n_errors = sum(len(e) for e in errors.values())
    p95 = pct(every, 95)
    print(f"{'all':<16}{len(every):>7}{pct(every, 50):>9.0f}{p95:>9.0f}{pct(every, 99):>9.0f}{n_errors:>8}")
    for kind, codes in errors.items():
        print(f"  errors in {kind}: {sorted(set(map(str, codes)))}")
    ok = p95 < 300 and n_errors == 0
    print("goal p95 < 300 ms and 0 errors:", "met" if ok else "NOT met")
    return ok


@contextmanager
def served(port: int, workers: int, pg: str, redis: str):
    """A throwaway database on `pg`, the demo in it, gunicorn in front; all removed afterwards."""
    db = "portal_bench_load"
    env = production_env(os.environ, database_url=f"{pg}/{db}", cache_url=f"{redis}/13")
    admin = f"{pg}/postgres"

    def sql(statement):
        subprocess.run([PY, "-c", "import psycopg2,sys; c=psycopg2.connect(sys.argv[1]); c.autocommit=True; "
                                  "c.cursor().execute(sys.argv[2])", admin, statement], check=True)

    sql(f'DROP DATABASE IF EXISTS "{db}"')
    sql(f'CREATE DATABASE "{db}"')
    server = None
    try:
        prepare(env)
        server = gunicorn(env, port, workers)
        if not wait_healthy(f"http://127.0.0.1:{port}"):
            raise SystemExit("gunicorn did not answer /healthz with 200: see its log above")
        yield f"http://127.0.0.1:{port}"
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        sql(f'DROP DATABASE IF EXISTS "{db}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8150")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause of a user between requests, s (0: none — a stress test)")
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    args = parser.parse_args()
    try:
        if args.serve:
            with served(args.port, args.workers, args.pg, args.redis) as base:
                ok = report(run(base, args.users, args.seconds, args.think), args.users)
        else:
            ok = report(run(args.url, args.users, args.seconds, args.think), args.users)
    except SignInRefused as exc:
        print(f"sign-in refused: {exc}", file=sys.stderr)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
