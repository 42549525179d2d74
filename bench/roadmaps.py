"""Benchmark of roadmaps: the overview of 2,000 school programmes (8 activities each) and its API
list — median server time and SQL query count — for the administrator (all pages) and a methodologist.

    .venv/bin/python bench/roadmaps.py                       # temporary SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/roadmaps.py
"""

import datetime
import time
from io import StringIO

from _setup import QueryCounter, describe, setup_django, timed

SCHOOLS, ACTIVITIES, REPEAT = 2000, 8, 20


def main():
    url = setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from roadmaps.models import Activity, Direction, Level, Roadmap
    from schools.models import School, SchoolYear

    print(f"База: {url.split('@')[-1]}")
    start = time.perf_counter()
    call_command("generate_dataset", schools=SCHOOLS, years=1, seed=1, stdout=StringIO())
    year, _ = SchoolYear.objects.get_or_create(start_year=2024)
    schools = list(School.objects.filter(municipality__region__code="SYN").order_by("pk"))
    Roadmap.objects.filter(school__in=schools).delete()
    period = (datetime.date(2024, 9, 1), datetime.date(2025, 8, 31))
    statuses = [s for s, _l in Roadmap.Status.choices]
    roadmaps = Roadmap.objects.bulk_create([Roadmap(
        level=Level.SCHOOL, municipality_id=s.municipality_id, school=s, school_year=year,
        title="Программа перехода в эффективный режим", goal="Цель", period_start=period[0], period_end=period[1],
        status=statuses[i % len(statuses)]) for i, s in enumerate(schools)], batch_size=1000)
    directions = list(Direction.objects.all())
    activity_statuses = [s for s, _l in Activity.Status.choices]
    Activity.objects.bulk_create([Activity(
        roadmap=r, number=n + 1, title=f"Мероприятие {n + 1}", direction=directions[n % len(directions)],
        start=period[0] + datetime.timedelta(days=20 * n), due=period[0] + datetime.timedelta(days=20 * n + 30),
        responsible_text="заместитель директора", status=activity_statuses[(i + n) % len(activity_statuses)],
        percent=(10 * n) % 100) for i, r in enumerate(roadmaps) for n in range(ACTIVITIES)], batch_size=5000)
    print(f"Данные: {len(roadmaps)} программ, {len(roadmaps) * ACTIVITIES} мероприятий "
          f"({time.perf_counter() - start:.1f} с)")

    for who in ("bench-admin@synthetic.local", "metodist-syn-001@synthetic.local"):
        client = Client()
        client.force_login(User.objects.get(email=who))
        for path in ("/roadmaps/", "/roadmaps/?overdue=1&level=school&page=3", "/api/v1/roadmaps/"):
            with QueryCounter(connection) as counter:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            samples = timed(lambda path=path, client=client: client.get(path), REPEAT)
            print(f"{who:34} {path:42} {describe(samples)}, SQL-запросов: {counter.count}")


if __name__ == "__main__":
    main()
