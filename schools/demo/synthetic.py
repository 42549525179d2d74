"""Deterministic synthetic data at scale for benchmarks (`manage.py generate_dataset`).

Everything is written set-wise (bulk inserts in large batches). The data live in their own region
(code SYN), which is replaced as a whole on every run, so the same arguments always give the same data.
"""

import random
import time

from django.db import connection, transaction

from ..grading_scales import BANDS
from ..models import (
    AssessmentResult,
    Municipality,
    Region,
    School,
    SchoolYear,
    SchoolYearData,
    Subject,
    Teacher,
)
from .names import inn_for, person

REGION_CODE = "SYN"
UNITS = [("vpr", "math", 5), ("vpr", "russian", 5), ("vpr", "math", 7), ("oge", "math", 9),
         ("oge", "russian", 9), ("ege", "russian", 11)]
BATCH = 5000


def _purge(cursor, model, where: str, params: list, depth: int = 0) -> None:
    """DELETE rows of `model` matching `where`, after the rows of every model that references them
    (recursively). Plain SQL: ORM cascades would load every row and write an audit entry for each."""
    from django.apps import apps

    ids = f"SELECT {model._meta.pk.column} FROM {model._meta.db_table} WHERE {where}"
    for other in apps.get_models():
        for f in other._meta.concrete_fields:
            if f.is_relation and f.related_model is model and other is not model:
                _purge(cursor, other, f"{f.column} IN ({ids})", params, depth + 1)
    cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {where}", params)


def _delete_region(region: Region) -> None:
    with connection.cursor() as cursor:
        _purge(cursor, Region, "id = %s", [region.pk])


def yearly_data(rnd: random.Random, school: School, year: SchoolYear, students: int, *,
                hardship: float) -> SchoolYearData:
    """A school's plausible yearly data: social shares growing with `hardship` (0 — none, 1 — much), staff from
    the number of students (also used by bench/method_simulation.py)."""

    def share(lo, hi):
        return int(students * min(0.9, rnd.uniform(lo, hi) * (0.5 + hardship)))

    teachers = max(6, students // 14)
    return SchoolYearData(
        school=school, school_year=year, students=students, students_disabled=share(0.02, 0.06),
        students_low_income=share(0.05, 0.2), students_single_parent=share(0.1, 0.25),
        students_parents_no_higher_ed=share(0.2, 0.5), students_non_native=share(0.0, 0.08),
        students_preventive_register=share(0.0, 0.02), students_unexcused_absences=share(0.0, 0.04),
        teachers=teachers, young_specialists=min(teachers, rnd.randint(0, 4)), vacancies=rnd.randint(0, 3))


def generate(*, schools: int, years: int, seed: int, log=print) -> dict:
    started = time.monotonic()
    rnd = random.Random(seed)
    with transaction.atomic():
        old = Region.objects.filter(code=REGION_CODE).first()
        if old:
            _delete_region(old)
        region = Region.objects.create(code=REGION_CODE, name=f"Синтетический регион (seed {seed})")
        munis, left, n = [], schools, 0
        while left > 0:
            size = min(left, rnd.randint(50, 300))
            n += 1
            munis.append((Municipality(region=region, name=f"Муниципалитет {n:03d}", code=f"syn-{n:03d}"), size))
            left -= size
        Municipality.objects.bulk_create([m for m, _s in munis], batch_size=BATCH)
        school_rows = []
        number = 0
        for muni, size in munis:
            for i in range(size):
                number += 1
                kind = rnd.choice(["sosh"] * 6 + ["oosh", "gymnasium", "lyceum", "nosh"])
                location = "rural" if rnd.random() < 0.55 else "urban"
                school_rows.append(School(
                    municipality=muni, code=f"9{number:07d}", short_name=f"МБОУ СОШ № {i + 1} ({muni.code})",
                    full_name=f"Муниципальное бюджетное общеобразовательное учреждение СОШ № {i + 1} {muni.name}",
                    inn=inn_for(number), kind=kind, location=location, director_name=person(rnd)))
        School.objects.bulk_create(school_rows, batch_size=BATCH)
        log(f"школ: {len(school_rows)} в {len(munis)} муниципалитетах")
        first_year = 2025 - years
        year_objs = [SchoolYear.objects.get_or_create(start_year=y)[0] for y in range(first_year, first_year + years)]
        subjects = {s.code: s for s in Subject.objects.all()}
        quality = {s.pk: rnd.betavariate(4, 3) for s in school_rows}
        yearly, results, teachers = [], [], []
        for s in school_rows:
            size = rnd.randint(60, 200) if s.location == "rural" else rnd.randint(300, 1300)
            q = quality[s.pk]
            for k, year in enumerate(year_objs):
                students = max(30, int(size * (1 + 0.02 * k)))
                yearly.append(yearly_data(rnd, s, year, students, hardship=1 - q))
                cohort = max(5, students // 11)
                for proc, code, grade in UNITS:
                    n = max(4, int(cohort * rnd.uniform(0.8, 0.98)))
                    qq = max(0.01, min(0.99, q + rnd.uniform(-0.08, 0.08)))
                    m2 = round(n * max(0.0, 0.36 - 0.34 * qq))
                    if proc == "ege":
                        results.append(AssessmentResult(
                            school=s, school_year=year, procedure=proc, subject=subjects[code], grade=grade,
                            participants=n, mark2=round(n * max(0.0, 0.2 - 0.2 * qq)),
                            mean_score=round(42 + 34 * qq, 2)))
                        continue
                    m5 = round(n * (0.04 + 0.28 * qq))
                    m4 = round(n * (0.25 + 0.12 * qq))
                    m3 = max(0, n - m2 - m4 - m5)
                    raised = round(n * rnd.uniform(0.02, 0.12))
                    lowered = round(n * rnd.uniform(0.02, 0.1))
                    max_score = BANDS.get((proc, code, grade), (30,))[0]
                    results.append(AssessmentResult(
                        school=s, school_year=year, procedure=proc, subject=subjects[code], grade=grade,
                        participants=n, mark2=m2, mark3=m3, mark4=m4, mark5=n - m2 - m3 - m4,
                        mean_score=round(max_score * (0.3 + 0.5 * qq), 2), lowered=lowered, raised=raised,
                        confirmed=n - lowered - raised))
            for t in range(3):
                teachers.append(Teacher(school=s, full_name=f"{person(rnd)} ({t + 1})",
                                        subjects=rnd.choice(["математика", "русский язык", "история"]),
                                        experience_years=rnd.randint(0, 40)))
        SchoolYearData.objects.bulk_create(yearly, batch_size=BATCH)
        Teacher.objects.bulk_create(teachers, batch_size=BATCH)
        for i in range(0, len(results), BATCH):
            AssessmentResult.objects.bulk_create(results[i:i + BATCH])
        log(f"данные за годы: {len(yearly)}, результаты: {len(results)}, педагоги: {len(teachers)}")
    if connection.vendor == "postgresql":
        # fresh planner statistics after a bulk load, as autovacuum would eventually gather
        with connection.cursor() as cursor:
            for model in (School, SchoolYearData, AssessmentResult, Teacher, Municipality):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return {"region": region, "municipalities": [m for m, _s in munis], "schools": len(school_rows),
            "results": len(results), "seconds": round(time.monotonic() - started, 1)}
