"""Benchmark of identification: a region-wide run over N generated schools × 3 years of
results with every criterion kind on — wall time and peak memory — beside one plain SQL aggregate pass
over the same result rows, and their ratio.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/identification.py [N]
"""

import resource
import sys
import time
from io import StringIO

from _setup import setup_django

SCHOOLS = int(sys.argv[1]) if len(sys.argv) > 1 else 40_000


def main():
    url = setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from identification import services
    from identification.models import Methodology, Run, RunSchool
    from schools.models import AssessmentResult, Region, School, SchoolYear

    print(f"База: {url.split('@')[-1]}")
    region = Region.objects.filter(code="SYN").first()
    if region is None or School.objects.filter(municipality__region=region).count() != SCHOOLS:
        start = time.perf_counter()
        call_command("generate_dataset", schools=SCHOOLS, years=3, seed=1, stdout=StringIO())
        print(f"generate_dataset --schools {SCHOOLS} --years 3: {time.perf_counter() - start:.1f} с")
        region = Region.objects.get(code="SYN")
    rows = AssessmentResult.objects.filter(school__municipality__region=region).count()
    print(f"Школ: {SCHOOLS}, строк результатов: {rows}")

    # one plain SQL aggregate pass over the same result rows (the floor any computation must pay)
    sql = f"""
        SELECT r.school_id, SUM(r.mark2), SUM(r.participants), AVG(r.mean_score), SUM(r.confirmed)
        FROM {AssessmentResult._meta.db_table} r
        JOIN {SchoolYear._meta.db_table} y ON y.id = r.school_year_id
        JOIN {School._meta.db_table} s ON s.id = r.school_id
        WHERE s.municipality_id IN (SELECT id FROM schools_municipality WHERE region_id = %s)
          AND y.start_year BETWEEN 2022 AND 2024
        GROUP BY r.school_id
    """
    def plain_pass(workers: str) -> float:
        times = []
        for _ in range(3):
            with transaction.atomic(), connection.cursor() as cursor:
                if workers:
                    cursor.execute(f"SET LOCAL max_parallel_workers_per_gather = {workers}")
                start = time.perf_counter()
                cursor.execute(sql, [region.pk])
                cursor.fetchall()
                times.append(time.perf_counter() - start)
        return min(times)

    plain_s = plain_pass("")
    print(f"Один SQL-проход с агрегатами по тем же строкам: {plain_s:.2f} с (лучший из 3; PostgreSQL читает "
          "строки параллельно)")
    # for the record: the run's INSERT … SELECT is executed by one process (PostgreSQL does not parallelise
    # statements that write), so the same pass on one process is printed too
    serial_s = plain_pass("0")
    print(f"Тот же проход одним процессом: {serial_s:.2f} с")

    # the computation, like the plain pass, measured three times (three runs of the same snapshot; each one
    # writes its 40,000 schools), best of three printed beside the others
    methodology = Methodology.objects.get(is_default=True)
    times, runs = [], []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(3):
        run = services.create_run(actor=None, methodology=methodology, region=region, municipality=None,
                                  start_year=2024, enqueue=False)
        start = time.perf_counter()
        runs.append(services.compute_run(run=run))
        times.append(time.perf_counter() - start)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = runs[0]
    lrs = run.schools.filter(lrs_included=True).count()
    dsc = run.schools.filter(dsc_included=True).count()
    run_s = min(times)
    kinds = len({c["kind"] for c in methodology.criteria})
    print(f"Расчёт выявления ({len(methodology.criteria)} критериев, {kinds} видов): {run_s:.2f} с (лучший из 3: "
          f"{', '.join(f'{t:.2f}' for t in times)}); пик памяти процесса {rss_after / 1024:.0f} МБ "
          f"(рост за расчёты {(rss_after - rss_before) / 1024:.0f} МБ); ШНОР — {lrs}, ШССУ — {dsc}")
    print(f"Отношение расчёта к SQL-проходу: {run_s / plain_s:.1f}× (к проходу одним процессом: "
          f"{run_s / serial_s:.1f}×)")
    # the bench keeps one run; the rows of the others are removed set-wise (the ORM would load them to cascade)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {RunSchool._meta.db_table} WHERE run_id = ANY(%s)", [[r.pk for r in runs[1:]]])
    Run.objects.filter(pk__in=[r.pk for r in runs[1:]]).delete()


if __name__ == "__main__":
    main()
