"""The four fault drills: a worker killed mid-task, the broker down, the cache down, PostgreSQL restarted under
gunicorn. Each prints a line per step (PASS or FAIL, what was seen)."""

import threading
import time
from contextlib import contextmanager

import requests
from _portal import (
    DIRECTOR,
    PAGES,
    QUEUE_DOWN,
    RESTART_BUTTON,
    STALE,
    UNAVAILABLE_PAGE,
    WRONG_PASSWORD,
    Drill,
    Portal,
    jobs_count,
    schools_csv,
)
from _serve import csrf_token, sign_in
from _stand import Stand, wait_for


@contextmanager
def redis_down(drill: Drill, portal: Portal, server, name: str):
    """One of the stand's Redis servers (the broker or the cache) stopped for the block: /healthz names it and only
    it; started again afterwards (on failure too), when /healthz must answer 200 again."""
    server.stop()
    try:
        drill.step(f"Redis of the {name} stopped", True, f"port {server.port}")
        status, health = portal.healthz()
        others = [part for part in ("database", "broker", "cache") if part != name]
        drill.step(f"/healthz names the {name}", status == 503 and health[name].startswith("error")
                   and all(health[part] == "ok" for part in others), f"{status} {health}")
        yield
    finally:
        server.start()
    healthy, took = wait_for(lambda: portal.healthz()[0] == 200, 30, 0.5)
    drill.step(f"Redis of the {name} started again: /healthz 200", bool(healthy), "", took)


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

    # a job its task holds is judged by the heartbeat's short threshold (JOB_HEARTBEAT_STALE_SECONDS, in minutes)
    check = ("import json; from core.jobs.tasks import fail_stale_jobs, stale_minutes; "
             "print(json.dumps({'minutes': stale_minutes()['held'], 'counts': fail_stale_jobs()}))")
    started = time.monotonic()
    result = stand.manage_json(check)
    minutes, counts = result["minutes"], result["counts"]
    early = portal.status(pk)
    drill.step("the stale-jobs beat task at once leaves it alone", counts.get("imports") == 0
               and early["state"] == "running", f"stale after {minutes} min, failed {counts}",
               time.monotonic() - started)

    # the beat task runs every minute; the heartbeat's threshold later is simulated by ageing it (as tests do); the
    # annual report's drill 6 waits for it in real time
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
    with redis_down(drill, portal, stand.broker, "broker"):
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
    with redis_down(drill, portal, stand.cache, "cache"):
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
