"""Benchmark of the annual report: a municipal report of 50 schools and a regional report of 2,000
schools — the whole build (sections, PDF, XLSX, files written) by the same service as the Celery task and
`manage.py build_report` — beside WeasyPrint alone rendering the same final HTML; prints both and their ratio.

    .venv/bin/python bench/annual_report.py                       # temporary SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/annual_report.py
    .venv/bin/python bench/annual_report.py --only municipal      # or --only regional
    .venv/bin/python bench/annual_report.py --only large --extra 20000   # bounds: time and peak memory

`--only large`: the 50-school municipality given `--extra` more schools (as an import would add them) and a
recommendation of 1,000,000 characters written past the forms; one build, its time, pages and the process's peak
resident memory (`resource.getrusage`) before and after — the report's caps (core/limits.py) keep both bounded.

The synthetic region (generate_dataset: registry, yearly data, three years of results, teachers) is given what the
report reads: an approved region-wide ШНОР/ШССУ list for 2025/2026 computed by the default methodology, leader
schools with agreements for half of the listed schools, a programme of eight activities for each listed school,
and the monitoring indicators computed for 2024/2025 and 2025/2026.
"""

import argparse
import datetime
import logging
import resource
import time
from io import StringIO

from _setup import setup_django

YEAR = 2025  # the list's year: generate_dataset writes results of 2022/2023–2024/2025


def prepare(schools: int) -> None:
    from django.core.management import call_command

    from accounts.models import Membership, Role, User
    from identification import services as identification
    from identification.models import Methodology, SchoolStatus
    from monitoring.services import compute_now
    from partnerships.models import Agreement, Designation, DesignationKind
    from roadmaps.models import Activity, Direction, Level, Roadmap
    from schools.models import Region, School, SchoolYear

    start = time.perf_counter()
    call_command("generate_dataset", schools=schools, years=3, seed=1, stdout=StringIO())
    region = Region.objects.get(code="SYN")
    admins = []
    for k in (1, 2):  # a region's list is approved by another administrator than the one who computed it
        admin, _created = User.objects.get_or_create(email=f"bench-report-{k}@synthetic.local",
                                                     defaults={"is_staff": True})
        Membership.objects.get_or_create(user=admin, role=Role.ADMIN, municipality=None, school=None)
        admins.append(admin)
    run = identification.create_run(actor=admins[0], methodology=Methodology.objects.get(is_default=True),
                                    region=region, municipality=None, start_year=YEAR, enqueue=False)
    identification.compute_run(run=run)
    identification.approve_run(actor=admins[1], run=run, order_number="1-бенч", order_date=datetime.date(YEAR, 9, 1))
    year = SchoolYear.objects.get(start_year=YEAR)
    listed = sorted(set(SchoolStatus.objects.filter(run=run).values_list("school_id", flat=True)))
    others = list(School.objects.filter(municipality__region=region).exclude(pk__in=listed).order_by("pk")
                  .values_list("pk", "municipality_id"))
    period = (datetime.date(YEAR, 9, 1), datetime.date(YEAR + 1, 8, 31))
    kind = DesignationKind.objects.order_by("ordering").first()
    leaders = Designation.objects.bulk_create([Designation(
        school_id=pk, kind=kind, topic="Повышение качества преподавания математики", start=period[0],
        end=period[1] + datetime.timedelta(days=365), order_number=f"Л-{n}", order_date=period[0])
        for n, (pk, _m) in enumerate(others[: max(1, len(listed) // 4)])])
    Agreement.objects.bulk_create([Agreement(
        designation=leaders[n % len(leaders)], supported_school_id=pk, number=f"С-{n}", signed_on=period[0],
        start=period[0], end=period[1], directions=["subject_teaching", "mentoring"], state=Agreement.State.ACTIVE)
        for n, pk in enumerate(listed[::2])])
    school_munis = dict(School.objects.filter(pk__in=listed).values_list("pk", "municipality_id"))
    roadmaps = Roadmap.objects.bulk_create([Roadmap(
        level=Level.SCHOOL, municipality_id=school_munis[pk], school_id=pk, school_year=year,
        title="Программа перехода в эффективный режим", goal="Повышение качества образования",
        period_start=period[0], period_end=period[1], status=Roadmap.Status.APPROVED) for pk in listed])
    directions = list(Direction.objects.all())
    statuses = [s for s, _l in Activity.Status.choices]
    Activity.objects.bulk_create([Activity(
        roadmap=r, number=n + 1, title=f"Мероприятие {n + 1}", direction=directions[n % len(directions)],
        start=period[0] + datetime.timedelta(days=30 * n), due=period[0] + datetime.timedelta(days=30 * n + 20),
        responsible_text="заместитель директора", status=statuses[(i + n) % len(statuses)],
        percent=(15 * n) % 100) for i, r in enumerate(roadmaps) for n in range(8)], batch_size=5000)
    for start_year in (YEAR - 1, YEAR):
        compute_now(school_year=SchoolYear.objects.get(start_year=start_year), region=region)
    print(f"Данные: {schools} школ, в списке {len(listed)}, статусов лидеров {len(leaders)}, "
          f"программ {len(roadmaps)} ({time.perf_counter() - start:.1f} с)")


def measure(territory, label: str, repeat: int) -> None:
    """Wall time and this process's CPU time (the stand is shared: the CPU time shows the work itself), best of
    `repeat`, for the whole build and for WeasyPrint alone on the same final HTML."""
    from core.pdf import html_to_pdf_pages
    from monitoring.reports import services
    from schools.models import SchoolYear

    year = SchoolYear.objects.get(start_year=YEAR)
    whole, alone, pages = [], [], 0
    for _ in range(repeat):
        report = services.request_report(actor=None, territory=territory, school_year=year, enqueue=False)
        wall, cpu = time.perf_counter(), time.process_time()
        report = services.build(report)
        whole.append((time.perf_counter() - wall, time.process_time() - cpu))
        html = services.render_html(report, services.compose(report))  # the same final HTML (same data, same time)
        wall, cpu = time.perf_counter(), time.process_time()
        _pdf, pages = html_to_pdf_pages(html)
        alone.append((time.perf_counter() - wall, time.process_time() - cpu))
    (w_whole, c_whole), (w_alone, c_alone) = min(whole), min(alone)
    c_whole, c_alone = min(c for _w, c in whole), min(c for _w, c in alone)
    print(f"{label}: {pages} стр., PDF {report.size / 1024:.0f} КБ (лучшее из {repeat})\n"
          f"  время:           отчёт целиком {w_whole:.2f} с, WeasyPrint по тому же HTML {w_alone:.2f} с, "
          f"отношение {w_whole / w_alone:.2f}×\n"
          f"  время процессора: отчёт целиком {c_whole:.2f} с, WeasyPrint по тому же HTML {c_alone:.2f} с, "
          f"отношение {c_whole / c_alone:.2f}×")


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_large(extra: int) -> None:
    """One municipal build over `extra` more schools and a huge text: time, pages, rows cut, peak memory."""
    from core import limits
    from monitoring.models import Audience, Recommendation
    from monitoring.reports import services
    from schools.models import Municipality, School, SchoolYear

    muni = Municipality.objects.filter(region__code="SYN").order_by("pk").first()
    start = time.perf_counter()
    School.objects.bulk_create([School(municipality=muni, code=f"X{n:06d}", short_name=f"Школа доп. № {n}",
                                       full_name=f"Муниципальное бюджетное общеобразовательное учреждение № {n}")
                                for n in range(extra)], batch_size=5000)
    year = SchoolYear.objects.get(start_year=YEAR)
    Recommendation.objects.create(municipality=muni, school_year=year, audience=Audience.DEPARTMENT,
                                  text="Очень длинная рекомендация. " * 37_000)  # ~1,000,000 characters
    print(f"Добавлено {extra} школ и рекомендация в 1 000 000 символов ({time.perf_counter() - start:.1f} с)")
    before = peak_rss_mb()
    report = services.request_report(actor=None, territory=muni, school_year=year, enqueue=False)
    wall, cpu = time.perf_counter(), time.process_time()
    report = services.build(report)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"Отчёт муниципалитета ({muni.schools.count()} школ): {report.pages} стр., PDF {report.size / 1024:.0f} КБ, "
          f"XLSX {report.xlsx.size / 1024:.0f} КБ\n"
          f"  время: {wall:.2f} с (процессор {cpu:.2f} с)\n"
          f"  пик памяти процесса: до сборки {before:.0f} МБ, после {peak_rss_mb():.0f} МБ "
          f"(в PDF не больше {limits.REPORT_TABLE_ROWS} строк на таблицу, текст — до {limits.REPORT_QUOTE} символов)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=("municipal", "regional", "large"))
    parser.add_argument("--extra", type=int, default=20_000, help="schools added for --only large")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = setup_django()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from schools.models import Municipality, Region

    print(f"База: {url.split('@')[-1]}")
    if args.only == "large":
        prepare(50)
        measure_large(args.extra)
        return
    if args.only in (None, "municipal"):
        prepare(50)
        muni = Municipality.objects.get(region__code="SYN")
        measure(muni, f"Муниципальный отчёт ({muni.schools.count()} школ)", args.repeat)
    if args.only in (None, "regional"):
        prepare(2000)
        region = Region.objects.get(code="SYN")
        measure(region, "Региональный отчёт (2 000 школ)", max(1, args.repeat - 1))


if __name__ == "__main__":
    main()
