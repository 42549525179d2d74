"""Benchmark of monitoring: every computed indicator recomputed for N generated schools (the nightly job's
work: results of two years grouped in SQL, the mentoring figures, values written in bulk, progress and the group
aggregates), and the municipal dashboard of a municipality of 2,000 schools.

    createdb -h 127.0.0.1 -U postgres portal_bench_monitoring
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_monitoring .venv/bin/python bench/monitoring.py [N]

Goals: the recompute of 40,000 schools under 60 s, the dashboard at 2,000 schools under 300 ms.
"""

import datetime
import sys
import time
from io import StringIO

from _setup import QueryCounter, describe, setup_django, timed

SCHOOLS = int(sys.argv[1]) if len(sys.argv) > 1 else 40_000
BIG = 2_000


def main():
    url = setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import Membership, Role, User
    from identification.models import Methodology, Run, SchoolStatus
    from monitoring.models import Value
    from monitoring.services import compute_now
    from schools.models import Municipality, Region, School, SchoolYear

    print(f"База: {url.split('@')[-1]}")
    region = Region.objects.filter(code="SYN").first()
    if region is None or School.objects.filter(municipality__region=region).count() != SCHOOLS:
        start = time.perf_counter()
        call_command("generate_dataset", schools=SCHOOLS, years=3, seed=1, stdout=StringIO())
        print(f"generate_dataset --schools {SCHOOLS} --years 3: {time.perf_counter() - start:.1f} с")
        region = Region.objects.get(code="SYN")
    year = SchoolYear.objects.get(start_year=2024)
    # one municipality of 2,000 schools (generated municipalities have 50–300): the first 2,000 schools moved there
    big = Municipality.objects.filter(code="bench-2000").first()
    if big is None:
        big = Municipality.objects.create(region=region, name="Муниципалитет на 2 000 школ", code="bench-2000")
        ids = list(School.objects.filter(municipality__region=region).order_by("pk").values_list("pk", flat=True)[:BIG])
        School.objects.filter(pk__in=ids).update(municipality=big)
    # an approved list of the region for 2024 and 2023: every tenth school ШНОР, every fifteenth ШССУ
    if not SchoolStatus.objects.filter(school__municipality__region=region).exists():
        methodology = Methodology.objects.get(is_default=True)
        for y in SchoolYear.objects.filter(start_year__in=[2023, 2024]):
            run = Run.objects.create(methodology=methodology, region=region, school_year=y, state="approved",
                                     order_number="1", order_date=datetime.date(y.start_year, 9, 5))
            ids = list(School.objects.filter(municipality__region=region).order_by("pk").values_list("pk", flat=True))
            SchoolStatus.objects.bulk_create(
                [SchoolStatus(school_id=i, status="lrs", school_year=y, run=run, order_number="1",
                              order_date=run.order_date) for i in ids[::10]]
                + [SchoolStatus(school_id=i, status="dsc", school_year=y, run=run, order_number="1",
                                order_date=run.order_date) for i in ids[3::15]], batch_size=5000)
    schools = School.objects.filter(municipality__region=region).count()
    print(f"Школ: {schools}; ШНОР/ШССУ 2024/2025: "
          f"{SchoolStatus.objects.filter(school_year=year, school__municipality__region=region).count()}")

    times = []
    for _ in range(2):
        start = time.perf_counter()
        run = compute_now(school_year=year, region=region)
        times.append(time.perf_counter() - start)
    print(f"Пересчёт всех рассчитываемых показателей: {min(times):.1f} с (лучший из 2: "
          f"{', '.join(f'{t:.1f}' for t in times)}); значений {run.values}, школ {run.schools} — цель < 60 с")
    print(f"Значений за 2024/2025 в базе: {Value.objects.filter(school_year=year).count()}")

    user = User.objects.filter(email="bench-metodist@example.ru").first()
    if user is None:
        user = User.objects.create_user(email="bench-metodist@example.ru", password="x", last_name="Бенч",
                                        first_name="Методист")
        Membership.objects.create(user=user, role=Role.METHODOLOGIST, municipality=big)
    client = Client()
    client.force_login(user)
    page = f"/monitoring/?municipality={big.pk}&year=2024"
    assert client.get(page).status_code == 200
    with QueryCounter(connection) as counter:
        client.get(page)
    samples = timed(lambda: client.get(page), repeat=30)
    print(f"Муниципальная панель, {School.objects.filter(municipality=big).count()} школ: {describe(samples)}, "
          f"{counter.count} SQL-запросов — цель < 300 мс")
    school_page = f"/monitoring/schools/{School.objects.filter(municipality=big).first().pk}/?year=2024"
    with QueryCounter(connection) as counter:
        client.get(school_page)
    print(f"Панель школы: {describe(timed(lambda: client.get(school_page), repeat=30))}, {counter.count} SQL-запросов")


if __name__ == "__main__":
    main()
