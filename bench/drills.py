"""Fault drills: a worker killed mid-task, the broker down, the cache down, PostgreSQL restarted, and the annual
report's build through PostgreSQL stopped and through the whole worker killed — against real processes that the
script starts itself and removes at the end, never the machine's shared services (what they prove and when to run
them: docs/operations.md).

    .venv/bin/python bench/drills.py          # about 5 minutes; exit status 1 when any step fails
    .venv/bin/python bench/drills.py --only 5 6   # only the annual report's drills
    .venv/bin/python bench/drills.py --load 50 --load-seconds 30   # first bench/load.py's load on the same stand (CI)

It starts two Redis servers of its own (the broker and the cache, so that either can be stopped alone) and its own
PostgreSQL cluster in a temporary folder (initdb and pg_ctl as the `postgres` OS user when run as root: initdb refuses
root), migrates it and seeds the demo, then gunicorn with production settings (DEBUG off, a random SECRET_KEY) and a
Celery worker. A demo methodologist signs in through the form and works through the pages and their JSON, as the
browser does. Each drill prints a line per step — seconds since the drill began, PASS or FAIL, what was seen — and
everything started is stopped in the end, on failure too (only the processes started here, by their own ids).

The stand is in bench/_stand.py, the browser's requests and the step lines in bench/_portal.py, the drills in
bench/_faults.py and (the annual report's) bench/_report_drills.py.
"""

import argparse
import signal
import sys
import time

import load  # bench/load.py, beside this file
from _faults import drill_broker_down, drill_cache_down, drill_postgres_restarted, drill_worker_killed
from _portal import METHODOLOGIST, Drill, Portal
from _report_drills import drill_report_postgres_stopped, drill_report_worker_killed
from _serve import sign_in
from _stand import Stand


def load_first(stand: Stand, users: int, seconds: float) -> None:
    """bench/load.py's people reading pages (5 s pauses) on this stand, before the drills (CI has one stand for both).
    An error fails the step; the figures are printed against the goal but do not fail it — a speed target is the
    benchmark's to report, and a shared CI machine's minute is not a quiet one."""
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
    parser.add_argument("--outage", type=float, default=3.0, help="seconds PostgreSQL stays down (drill 4)")
    parser.add_argument("--report-outage", type=float, default=20.0,
                        help="seconds PostgreSQL stays down during the annual report's build (drill 5)")
    parser.add_argument("--only", type=int, nargs="+", metavar="N", help="run only these drills (1–6)")
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
        drills = {1: lambda: drill_worker_killed(stand, portal, args.rows),
                  2: lambda: drill_broker_down(stand, portal),
                  3: lambda: drill_cache_down(stand, portal),
                  4: lambda: drill_postgres_restarted(stand, portal, args.outage),
                  5: lambda: drill_report_postgres_stopped(stand, portal, args.report_outage),
                  6: lambda: drill_report_worker_killed(stand, portal)}
        for number, drill in drills.items():
            if args.only and number not in args.only:
                continue
            try:
                drill()
            except Exception as exc:  # noqa: BLE001 — a drill that breaks is a failed drill; the next one still runs
                Drill.failed += 1
                print(f"  FAIL  the drill broke off: {exc!r}", flush=True)
                if not stand.pg.running:
                    stand.pg.start()
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
