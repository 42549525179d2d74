"""The annual report's two drills: PostgreSQL stopped during a build and started again, and the whole Celery worker
killed (kill -9 of the process group the stand started) during a build and a new worker started. Each passes only if
the report recovers — failed with a Russian message and the «Сформировать заново» button, or built — within 5 minutes
of the fault, with no second version and no second build (docs/jobs.md, docs/operations.md)."""

import json
import time

import psycopg2
import redis
from _portal import STALE, Drill, Portal
from _stand import Stand, wait_for

TABLE = "monitoring_reports_annualreport"
FAILED = "Отчёт не сформирован. Сбой обработки."
RESTART = "Сформировать заново"
RECOVERY_SECONDS = 300  # from the fault to the report recovered
SWEEP = ("import json; from core.jobs.tasks import fail_stale_jobs, stale_minutes; "
         "print(json.dumps({'minutes': stale_minutes(), 'counts': fail_stale_jobs()}))")


def report_row(stand: Stand, pk: int) -> dict:
    names = ("state", "attempts", "claim", "task_id", "territory_key", "school_year_id")
    return dict(zip(names, stand.pg.sql(f"SELECT {', '.join(names)} FROM {TABLE} WHERE id = %s", (pk,))[0],
                    strict=True))


def versions(stand: Stand, row: dict) -> int:
    return stand.pg.sql(f"SELECT count(*) FROM {TABLE} WHERE territory_key = %s AND school_year_id = %s",
                        (row["territory_key"], row["school_year_id"]))[0][0]


class RowLock:
    """The report's row locked FOR UPDATE by the drill: the build stops at its next progress write — mid-build on any
    machine, however fast — until the lock goes (released, or PostgreSQL stopped)."""

    def __init__(self, stand: Stand, pk: int):
        self.conn = psycopg2.connect(stand.pg.admin.rsplit("/", 1)[0] + "/portal_drills")
        with self.conn.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {TABLE} WHERE id = %s FOR UPDATE", (pk,))

    def release(self) -> None:
        try:
            self.conn.rollback()
            self.conn.close()
        except psycopg2.Error:
            pass  # PostgreSQL was stopped: the lock went with the connection


def start_build(drill: Drill, stand: Stand, portal: Portal) -> tuple[int, dict, RowLock] | None:
    """A new report version asked for from its page; once the worker builds it, its row locked (mid-build)."""
    answer, took = portal.start_report()
    pk = portal.job_of(answer)
    if not drill.step("a new version of the municipality's annual report asked for", pk is not None,
                      f"{answer.status_code} → report {pk}", took):
        return None
    seen, took = portal.wait_report(pk, ("running", "done", "failed"), 90, 0.05)
    if not drill.step("the worker builds it", bool(seen) and seen["state"] == "running",
                      f"«{seen['state_label']}», {seen['text']}" if seen else "not started in 90 s", took):
        return None
    lock = RowLock(stand, pk)
    time.sleep(1.0)  # the build's next write (progress or heartbeat) now waits on the row
    return pk, report_row(stand, pk), lock


def recovered(portal: Portal, pk: int, status: dict | None) -> tuple[bool, str]:
    """Built, or failed with a Russian message and the page offering to build it again."""
    if not status:
        return False, "no answer"
    if status["state"] == "done":
        return True, "«готов»"
    page = portal.report_page(pk)
    ok = status["state"] == "failed" and status["restartable"] and bool(status["error"]) and RESTART in page
    return ok, f"«{status['state_label']}», «{status['error']}»; the page offers «{RESTART}»: {RESTART in page}"


def rebuilt(drill: Drill, portal: Portal, pk: int) -> None:
    started = time.monotonic()
    answer = portal.restart_report(pk)
    done, _took = portal.wait_report(pk, ("done", "failed"), 120)
    drill.step(f"«{RESTART}»: the report is built",
               answer.status_code == 302 and bool(done) and done["state"] == "done",
               f"«{done['state_label']}», {done['text']}" if done else "not built in 120 s", time.monotonic() - started)


def drill_report_postgres_stopped(stand: Stand, portal: Portal, outage: float) -> None:
    drill = Drill(f"5. PostgreSQL stopped for {outage:g} s during an annual-report build, then started again")
    begun = start_build(drill, stand, portal)
    if begun is None:
        return
    pk, before, lock = begun
    count = versions(stand, before)
    fault = time.monotonic()
    try:
        stand.pg.stop("fast")
    finally:
        lock.release()
    drill.step("pg_ctl stop -m fast mid-build", True, f"the report «{before['state']}», attempt {before['attempts']}")
    time.sleep(outage)
    stand.pg.start()
    drill.step("pg_ctl start", True, "", time.monotonic() - fault)
    status, _took = portal.wait_report(pk, ("done", "failed"), RECOVERY_SECONDS - (time.monotonic() - fault), 1.0)
    ok, detail = recovered(portal, pk, status)
    drill.step("the report recovered within 5 min of the fault", ok, detail, time.monotonic() - fault)
    if status and status["state"] == "failed":
        drill.step("the failure is the build's own, in Russian", status["error"].startswith(FAILED),
                   status["error"])
        rebuilt(drill, portal, pk)
    after = report_row(stand, pk)
    drill.step("no second version", versions(stand, after) == count, f"versions {count} → {versions(stand, after)}")


def redeliver(stand: Stand, task_id: str) -> bool:
    """What Redis does with an unacknowledged message once the visibility timeout has passed, done at once: the killed
    worker's message back in the queue."""
    client = redis.Redis(port=stand.broker.port)
    for tag, raw in client.hgetall("unacked").items():
        payload, _exchange, routing_key = json.loads(raw)
        if payload.get("headers", {}).get("id") == task_id:
            payload["headers"]["redelivered"] = True
            client.lpush(routing_key or "celery", json.dumps(payload))
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
            return True
    return False


def drill_report_worker_killed(stand: Stand, portal: Portal) -> None:
    drill = Drill("6. The Celery worker killed (kill -9) during an annual-report build, a new worker started")
    begun = start_build(drill, stand, portal)
    if begun is None:
        return
    pk, before, lock = begun
    count = versions(stand, before)
    fault = time.monotonic()
    try:
        pids = stand.kill_worker()
    finally:
        lock.release()
    drill.step("kill -9 the worker's process group mid-build", True,
               f"processes {pids}; the report «{before['state']}», attempt {before['attempts']}, held by "
               f"{before['claim'] or 'no one'}")
    stand.start_worker()
    stale, took = wait_for(lambda: (s := portal.report_status(pk)) and (s["stale"] or not s["working"]) and s,
                           RECOVERY_SECONDS - 60, 2.0)
    page = portal.report_page(pk)
    row = report_row(stand, pk)
    drill.step("a new worker leaves it alone; its heartbeat stops: the page offers to build it again at once",
               bool(stale) and stale["state"] == "running" and stale["restartable"] and RESTART in page
               and row["attempts"] == before["attempts"],
               f"«{stale['state_label']}», stale {stale['stale']}, attempt {row['attempts']}" if stale else "no",
               time.monotonic() - fault)
    result = stand.manage_json(SWEEP)
    status = portal.report_status(pk)
    message = STALE.format(minutes=result["minutes"]["held"])
    ok, detail = recovered(portal, pk, status)
    drill.step("the stale sweep (the beat's task) fails it: the report recovered within 5 min of the fault",
               ok and result["counts"].get("annual-reports") == 1 and status["error"] == message,
               f"swept {result['counts']}; {detail}", time.monotonic() - fault)

    started = time.monotonic()
    moved = redeliver(stand, before["task_id"])
    client = redis.Redis(port=stand.broker.port)
    taken, _took = wait_for(lambda: client.llen("celery") == 0 and client.hlen("unacked") == 0, 30, 0.5)
    time.sleep(2.0)
    row = report_row(stand, pk)
    drill.step("the killed worker's message delivered again (as after the visibility timeout): nothing happens",
               moved and bool(taken) and row["state"] == "failed" and row["attempts"] == before["attempts"],
               f"message found {moved}, taken {bool(taken)}; the report «{row['state']}», attempt {row['attempts']}",
               time.monotonic() - started)
    rebuilt(drill, portal, pk)
    row = report_row(stand, pk)
    drill.step("no second version, one build more", versions(stand, row) == count
               and row["attempts"] == before["attempts"] + 1,
               f"versions {count} → {versions(stand, row)}, attempts {before['attempts']} → {row['attempts']}")
