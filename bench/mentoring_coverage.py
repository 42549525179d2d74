"""Benchmark of mentoring: the coverage table of 2,000 schools (every school supported by a leader school
of its municipality) and the API lists — median server time and SQL query count — for the administrator (all
schools) and a methodologist of one municipality; and `school_figures` alone for all 2,000 schools (the function the
monitoring app reads).

Data: `generate_dataset --schools 2000`, then per school 20 more teachers (23 in all), an agreement with the
municipality's leader school, last year's classes (5А, 6А) with the teaching load, an event a month for every ten
schools with four participants each, a pair, two diagnostics of three teachers, a course and community members.

    .venv/bin/python bench/mentoring_coverage.py                       # temporary SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/mentoring_coverage.py
"""

import datetime
import time
from io import StringIO

from _setup import QueryCounter, describe, setup_django, timed

SCHOOLS, EXTRA_TEACHERS, REPEAT = 2000, 20, 10


def build(year: int) -> int:
    from django.db import connection

    from mentoring.models import (
        Community,
        Competence,
        Course,
        Diagnostic,
        DiagnosticInstrument,
        DiagnosticScore,
        Event,
        EventKind,
        MentoringPair,
        Participation,
        TeachingAssignment,
        TopicArea,
    )
    from partnerships.models import Agreement, Designation, DesignationKind
    from schools.models import ClassResult, Municipality, School, SchoolYear, Subject, Teacher

    D = datetime.date
    this_year = SchoolYear.objects.get_or_create(start_year=year)[0]
    last_year = SchoolYear.objects.get_or_create(start_year=year - 1)[0]
    math = Subject.objects.get(code="math")
    munis = list(Municipality.objects.filter(region__code="SYN").order_by("pk"))
    schools = list(School.objects.filter(municipality__in=munis).order_by("pk"))
    Teacher.objects.bulk_create([Teacher(school=s, full_name=f"Педагог {s.pk}-{i}", subjects="математика",
                                         experience_years=(i * 7) % 30) for s in schools
                                 for i in range(EXTRA_TEACHERS)], batch_size=5000)
    teachers: dict[int, list] = {}
    for pk, school_id in Teacher.objects.filter(school__in=schools).order_by("pk").values_list("pk", "school_id"):
        teachers.setdefault(school_id, []).append(pk)
    kind = DesignationKind.objects.get(code="leader")
    start, end = D(year, 9, 1), D(year + 1, 8, 31)
    leaders = {}
    for m in munis:
        leader = next(s for s in schools if s.municipality_id == m.pk)
        leaders[m.pk] = Designation.objects.create(school=leader, kind=kind, topic="Математика", start=start, end=end,
                                                   order_number="1", order_date=start)
    Agreement.objects.bulk_create([Agreement(designation=leaders[s.municipality_id], supported_school=s,
                                             number=str(s.pk), signed_on=start, start=start, end=end,
                                             state=Agreement.State.ACTIVE)
                                   for s in schools if s.pk != leaders[s.municipality_id].school_id], batch_size=5000)
    TeachingAssignment.objects.bulk_create([
        TeachingAssignment(teacher_id=teachers[s.pk][k], school_year=last_year, class_name=name, subject=math)
        for s in schools for k, name in ((3, "5А"), (4, "6А"))], batch_size=5000)
    ClassResult.objects.bulk_create([
        ClassResult(school=s, school_year=last_year, subject=math, class_name=name, grade=int(name[0]),
                    participants=25, mark2=(s.pk * 3 + k) % 9, mark3=10, mark4=5, mark5=25 - 15 - (s.pk * 3 + k) % 9)
        for s in schools for k, name in ((0, "5А"), (1, "6А"))], batch_size=5000)
    event_kind = EventKind.objects.get(code="model_seminar")
    events, targets, participations = [], [], []
    for n, s in enumerate(schools):
        if n % 10:
            continue
        for month in range(3):
            events.append(Event(municipality_id=s.municipality_id, kind=event_kind, topic=f"Семинар {n}-{month}",
                                date=D(year, 9 + month, 15), status=Event.Status.HELD,
                                designation=leaders[s.municipality_id]))
    Event.objects.bulk_create(events, batch_size=5000)
    by_muni: dict[int, list] = {}
    for s in schools:
        by_muni.setdefault(s.municipality_id, []).append(s)
    for i, e in enumerate(events):
        group = by_muni[e.municipality_id]
        for s in group[(i * 7) % len(group):(i * 7) % len(group) + 10]:
            targets.append(Event.target_schools.through(event_id=e.pk, school_id=s.pk))
            participations += [Participation(event=e, teacher_id=t, attended=True) for t in teachers[s.pk][5:9]]
    Event.target_schools.through.objects.bulk_create(targets, batch_size=5000, ignore_conflicts=True)
    Participation.objects.bulk_create(participations, batch_size=5000, ignore_conflicts=True)
    MentoringPair.objects.bulk_create([MentoringPair(mentor_id=teachers[leaders[s.municipality_id].school_id][0],
                                                     mentee_id=teachers[s.pk][3], start=start, end=end)
                                       for s in schools if s.pk != leaders[s.municipality_id].school_id],
                                      batch_size=5000)
    instrument = DiagnosticInstrument.objects.create(name="Бенчмарк: компетенции")
    competences = [Competence.objects.create(instrument=instrument, code=f"K{i}", name=f"К{i}") for i in range(5)]
    diagnostics = [Diagnostic(teacher_id=teachers[s.pk][k], instrument=instrument, date=day)
                   for s in schools for k in (3, 4, 10) for day in (D(year - 1, 10, 1), D(year, 10, 1))]
    Diagnostic.objects.bulk_create(diagnostics, batch_size=5000)
    DiagnosticScore.objects.bulk_create([
        DiagnosticScore(diagnostic=d, competence=c, score=40 + (d.pk + c.pk) % 30) for d in diagnostics
        for c in competences], batch_size=10000)
    Course.objects.bulk_create([Course(teacher_id=teachers[s.pk][k], title="КПК", provider="ИРО", hours=72,
                                       start=D(year, 10, 1), end=D(year, 10, 20), completed=True,
                                       topic_area=TopicArea.QUALITY) for s in schools for k in (3, 11)],
                               batch_size=5000)
    for m, group in by_muni.items():
        community = Community.objects.create(municipality_id=m, name="РМО учителей математики")
        community.members.set([teachers[s.pk][k] for s in group for k in (3, 12, 13)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    _ = this_year
    return len(schools)


def clear() -> None:
    """A second run: the synthetic region's mentoring and partnership rows go before generate_dataset replaces it."""
    from mentoring.models import (
        Community,
        Course,
        Diagnostic,
        DiagnosticInstrument,
        Event,
        MentoringPair,
        TeachingAssignment,
    )
    from partnerships.models import Agreement, Designation
    from schools.models import ClassResult

    region = {"school__municipality__region__code": "SYN"}
    teacher = {"teacher__school__municipality__region__code": "SYN"}
    Event.objects.filter(municipality__region__code="SYN").delete()
    MentoringPair.objects.filter(mentee__school__municipality__region__code="SYN").delete()
    for model in (Diagnostic, Course, TeachingAssignment):
        model.objects.filter(**teacher).delete()
    DiagnosticInstrument.objects.filter(name="Бенчмарк: компетенции").delete()
    Community.objects.filter(municipality__region__code="SYN").delete()
    ClassResult.objects.filter(**region).delete()
    Agreement.objects.filter(supported_school__municipality__region__code="SYN").delete()
    Designation.objects.filter(**region).delete()


def main():
    url = setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from core.formats import school_year_of
    from mentoring.selectors import school_figures
    from schools.models import School, SchoolYear

    print(f"База: {url.split('@')[-1]}")
    year = school_year_of(datetime.date.today())
    start = time.perf_counter()
    clear()
    call_command("generate_dataset", schools=SCHOOLS, years=1, seed=1, stdout=StringIO())
    n = build(year)
    print(f"Данные: {n} школ, {n * (3 + EXTRA_TEACHERS)} педагогов ({time.perf_counter() - start:.1f} с)")

    ids = list(School.objects.filter(municipality__region__code="SYN").values_list("pk", flat=True))
    school_year = SchoolYear.objects.get(start_year=year)
    with QueryCounter(connection) as counter:
        figures = school_figures(school_ids=ids, year=school_year)
    samples = timed(lambda: school_figures(school_ids=ids, year=school_year), REPEAT, warmup=1)
    total = {k: sum(f[k] for f in figures.values()) for k in ("teachers", "teachers_low_results", "diagnosed",
                                                               "mentored", "events")}
    print(f"school_figures, {len(ids)} школ: {describe(samples)}, SQL-запросов: {counter.count}; итоги {total}")

    for who in ("bench-admin@synthetic.local", "metodist-syn-001@synthetic.local"):
        client = Client()
        client.force_login(User.objects.get(email=who))
        for path in (f"/mentoring/coverage/?year={year}", f"/mentoring/coverage/export.xlsx?year={year}",
                     "/api/v1/events/", "/api/v1/mentoring-pairs/", "/api/v1/diagnostics/"):
            with QueryCounter(connection) as counter:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            samples = timed(lambda path=path, client=client: client.get(path), REPEAT, warmup=1)
            print(f"{who:34} {path:42} {describe(samples)}, SQL-запросов: {counter.count}")


if __name__ == "__main__":
    main()
