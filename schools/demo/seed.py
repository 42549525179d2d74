"""The demo region of the registry: schools, three years of yearly data, teachers and assessment results.

Deterministic (a fixed seed) and idempotent (natural keys; rows that exist are left as they are).
Struggling schools are chosen explicitly so that identification has something to find.
"""

import random

from django.db import transaction

from core.demo import SEED, DemoContext

from ..grading_scales import BANDS, EGE_MINIMUM
from ..grading_scales import seed as seed_scales
from ..models import (
    AssessmentResult,
    Municipality,
    Region,
    School,
    SchoolYear,
    SchoolYearData,
    Subject,
    TaskLevel,
    TaskResult,
    Teacher,
)
from .names import HONOREES, POSITIONS, SETTLEMENTS, STREETS, SUBJECT_SETS, inn_for, person

# (municipality code, number of schools, indices of clearly struggling schools, of a socially difficult one)
PLAN = {"dinskoy": (22, {3, 15}, {9, 18}), "kalininsky": (18, {4, 11}, {4, 13, 16})}
# The subject a municipality's struggling schools are weakest in (they are low in every subject, lowest in this one).
WEAK_SUBJECT = {"dinskoy": "math", "kalininsky": "russian"}
# the school whose ВПР tasks show ФИОКО's pattern (worse than the region on basic tasks, better on hard ones): not a
# struggling, difficult or journal-inflated one, so each objectivity signal has its own demo school
TASK_PATTERN_SCHOOL = ("dinskoy", 1)
KINDS = ["sosh"] * 10 + ["oosh"] * 3 + ["gymnasium", "lyceum", "nosh", "evening", "center"]


def _school_names(rnd, number, kind, settlement):
    place = settlement.replace("ст-ца", "ст.").replace("пос.", "п.").replace("хутор", "х.")
    honoree = rnd.choice(HONOREES)
    label = {"sosh": f"СОШ № {number}", "oosh": f"ООШ № {number}", "gymnasium": f"гимназия № {number}",
             "lyceum": f"лицей № {number}", "nosh": f"НОШ № {number}", "evening": f"ВСОШ № {number}",
             "center": f"ЦО № {number}"}[kind]
    org = "МАОУ" if kind in ("gymnasium", "lyceum") else "МБОУ"
    short = f"{org} {label} {place}" + (f" {honoree}" if honoree and kind in ("sosh", "gymnasium") else "")
    long_kind = {"sosh": "средняя общеобразовательная школа", "oosh": "основная общеобразовательная школа",
                 "gymnasium": "гимназия", "lyceum": "лицей", "nosh": "начальная общеобразовательная школа",
                 "evening": "вечерняя (сменная) общеобразовательная школа", "center": "центр образования"}[kind]
    ownership = "автономное" if org == "МАОУ" else "бюджетное"
    full = (f"Муниципальное {ownership} общеобразовательное учреждение {long_kind} № {number} {place}"
            + (f" {honoree}" if honoree and kind in ("sosh", "gymnasium") else ""))
    return short, full


def seed_registry(ctx: DemoContext) -> None:
    region, _ = Region.objects.get_or_create(code="23", defaults={"name": "Краснодарский край"})
    munis = {
        "dinskoy": Municipality.objects.get_or_create(code="dinskoy", defaults={
            "region": region, "name": "Динской район"})[0],
        "kalininsky": Municipality.objects.get_or_create(code="kalininsky", defaults={
            "region": region, "name": "Калининский район"})[0],
    }
    for m_index, (code, (count, struggling, difficult)) in enumerate(PLAN.items()):
        muni, rnd = munis[code], ctx.rnd
        schools = []
        for i in range(count):
            number = i + 1
            kind = "sosh" if i in struggling or i < 3 else rnd.choice(KINDS)
            settlement, location = SETTLEMENTS[code][0] if i < 6 else rnd.choice(SETTLEMENTS[code])
            if i in struggling:  # small rural schools far from the centre
                settlement, location = SETTLEMENTS[code][-1 - i % 3]
            short, full = _school_names(rnd, number, kind, settlement)
            school_code = f"23{m_index + 1}{number:03d}"
            school, _ = School.objects.get_or_create(code=school_code, defaults={
                "municipality": muni, "short_name": short, "full_name": full, "kind": kind, "location": location,
                "inn": inn_for(int(school_code) * 7 + 11),
                "address": f"{rnd.randint(352000, 353799)}, Краснодарский край, {muni.name}, {settlement}, "
                           f"{rnd.choice(STREETS)}, {rnd.randint(1, 180)}",
                "director_name": person(rnd), "phone": f"+7 (861{62 + m_index}) {rnd.randint(2, 7)}-"
                                                       f"{rnd.randint(10, 99)}-{rnd.randint(10, 99)}",
                "email": f"school{number}@{code}.kubannet.ru", "website": f"https://school{number}.{code}.ru",
            })
            schools.append(school)
            # a socially difficult school that is not struggling does modestly: low in the region, yet at par with
            # the schools in conditions like its own (identification's «сопоставимые школы»)
            ctx.quality[school.pk] = (rnd.uniform(0.0, 0.04) if i in struggling
                                      else rnd.uniform(0.75, 0.95) if kind in ("gymnasium", "lyceum")
                                      else rnd.uniform(0.2, 0.3) if i in difficult
                                      else rnd.uniform(0.35, 0.85))
            if i in struggling:
                ctx.struggling.add(school.pk)
            if i in difficult:
                ctx.difficult.add(school.pk)
        ctx.schools[code] = schools
    ctx.log.append(f"Регион «{region.name}»: {sum(len(s) for s in ctx.schools.values())} школ в 2 муниципалитетах")


def seed_yearly_data(ctx: DemoContext) -> None:
    years = {y: SchoolYear.objects.get_or_create(start_year=y)[0] for y in ctx.data_years}
    existing = set(SchoolYearData.objects.values_list("school_id", "school_year_id"))
    rows = []
    for schools in ctx.schools.values():
        for school in schools:
            rnd = random.Random(SEED + int(school.code))
            hard = school.pk in ctx.difficult or school.pk in ctx.struggling
            base = rnd.randint(60, 180) if school.location == "rural" else rnd.randint(350, 1200)
            if school.kind in ("nosh", "evening"):
                base = rnd.randint(40, 150)
            if school.pk in ctx.struggling:  # big enough classes for the results to be judged (≥ 10 per class)
                base = rnd.randint(220, 330)
            for k, year in enumerate(years.values()):
                students = max(20, int(base * (1 + 0.03 * k + rnd.uniform(-0.04, 0.04))))

                def share(lo, hi, harder=2.0, students=students, rnd=rnd, hard=hard):
                    return int(students * min(0.9, rnd.uniform(lo, hi) * (harder if hard else 1)))

                teachers = max(6, students // 14 + rnd.randint(-2, 3))
                record = SchoolYearData(
                    school=school, school_year=year, students=students,
                    students_disabled=share(0.02, 0.06), students_low_income=share(0.05, 0.15, 2.5),
                    students_single_parent=share(0.12, 0.22), students_parents_no_higher_ed=share(0.25, 0.45, 1.6),
                    students_non_native=share(0.0, 0.05, 4.0), students_preventive_register=share(0.0, 0.015, 3.0),
                    students_unexcused_absences=share(0.005, 0.03, 3.0), teachers=teachers,
                    young_specialists=min(teachers, rnd.randint(0, 3) + (3 if hard else 0)),
                    vacancies=rnd.randint(0, 2) + (rnd.randint(2, 4) if hard else 0),
                )
                if (school.pk, year.pk) not in existing:  # drawn first, so the sequence never shifts
                    rows.append(record)
    SchoolYearData.objects.bulk_create(rows, batch_size=500)
    ctx.log.append(f"Данные за годы: добавлено {len(rows)} записей")


def seed_teachers(ctx: DemoContext) -> None:
    existing = set(Teacher.objects.values_list("school_id", "full_name"))
    rows = []
    for schools in ctx.schools.values():
        for school in schools:
            rnd = random.Random(SEED * 3 + int(school.code))
            names = set()
            for _ in range(rnd.randint(5, 25)):
                # draw every attribute first, so that skipping an existing teacher keeps the sequence
                name, experience = person(rnd), rnd.randint(0, 40)
                category = "none" if experience < 2 else rnd.choice(["conformity", "first", "first", "highest"])
                position, subjects = rnd.choice(POSITIONS), rnd.choice(SUBJECT_SETS)
                if name in names or (school.pk, name) in existing:
                    continue
                names.add(name)
                rows.append(Teacher(school=school, full_name=name, position=position, subjects=subjects,
                                    experience_years=experience, qualification_category=category))
    Teacher.objects.bulk_create(rows, batch_size=500)
    ctx.log.append(f"Педагоги: добавлено {len(rows)}")


def _marks(rnd, n, quality):
    p2 = max(0.0, min(0.6, 0.36 - 0.34 * quality + rnd.uniform(-0.04, 0.04)))
    p5 = max(0.0, 0.04 + 0.28 * quality + rnd.uniform(-0.03, 0.03))
    p4 = max(0.0, 0.25 + 0.12 * quality + rnd.uniform(-0.04, 0.04))
    m2, m5, m4 = round(n * p2), round(n * p5), round(n * p4)
    m3 = max(0, n - m2 - m4 - m5)
    return m2, m3, m4, n - m2 - m3 - m4


def seed_results(ctx: DemoContext) -> None:
    subjects = {s.code: s for s in Subject.objects.all()}
    years = {y: SchoolYear.objects.get_or_create(start_year=y)[0] for y in ctx.data_years}
    existing = set(AssessmentResult.objects.values_list("school_id", "school_year_id", "procedure", "subject_id",
                                                        "grade"))
    students = {(d.school_id, d.school_year_id): d.students for d in SchoolYearData.objects.all()}
    rows = []
    for muni_code, schools in ctx.schools.items():
        for index, school in enumerate(schools):
            grades = {"nosh": range(4, 5), "oosh": range(4, 10), "evening": range(9, 12)}.get(
                school.kind, range(4, 12))
            inflated = index == 6  # one school whose journal marks are systematically higher
            for k, year in enumerate(years.values()):
                # drawn by the year's place in the window, not its number: the same demo whatever today is
                rnd = random.Random(SEED * 7 + int(school.code) * 31 + 2022 + k)
                q_year = max(0.02, min(0.98, ctx.quality[school.pk] + rnd.uniform(-0.08, 0.08)))
                cohort = max(5, students.get((school.pk, year.pk), 100) // 11)
                units = [(proc, code, grade) for (proc, code, grade) in BANDS if grade in grades]
                units += [(proc, code, grade) for (proc, code, grade) in EGE_MINIMUM if grade in grades]
                for proc, code, grade in units:
                    subject = subjects[code]
                    if (school.pk, year.pk, proc, subject.pk, grade) in existing:
                        continue
                    q = q_year
                    if school.pk in ctx.struggling:
                        q = max(0.0, q - (0.12 if code == WEAK_SUBJECT[muni_code] else 0.05))
                    if inflated and proc in ("vpr", "oge"):  # high ВПР the ОГЭ does not confirm (a ФИС ОКО signal)
                        q = 1.3 if proc == "vpr" else max(0.02, q - 0.3)  # above any honest school
                    n = max(3, int(cohort * rnd.uniform(0.8, 0.98) * (0.6 if proc == "ege" and code != "russian"
                                                                    else 1)))
                    if proc == "ege":
                        below = round(n * max(0.0, 0.22 - 0.22 * q + rnd.uniform(-0.03, 0.03)))
                        rows.append(AssessmentResult(
                            school=school, school_year=year, procedure=proc, subject=subject, grade=grade,
                            participants=n, mark2=below, mean_score=round(42 + 34 * q + rnd.uniform(-3, 3), 2)))
                        continue
                    m2, m3, m4, m5 = _marks(rnd, n, q)
                    max_score = BANDS[(proc, code, grade)][0]
                    mean = round(max_score * (0.3 + 0.5 * q + rnd.uniform(-0.03, 0.03)), 2)
                    journal = {}
                    if proc in ("vpr", "oge"):
                        raised = round(n * (rnd.uniform(0.2, 0.3) if inflated else rnd.uniform(0.02, 0.08)))
                        lowered = round(n * rnd.uniform(0.03, 0.1))
                        journal = {"lowered": lowered, "raised": raised, "confirmed": n - lowered - raised}
                    rows.append(AssessmentResult(
                        school=school, school_year=year, procedure=proc, subject=subject, grade=grade,
                        participants=n, mark2=m2, mark3=m3, mark4=m4, mark5=m5, mean_score=mean, **journal))
    AssessmentResult.objects.bulk_create(rows, batch_size=1000)
    ctx.log.append(f"Результаты ВПР, ОГЭ и ЕГЭ за {len(ctx.data_years)} года: добавлено {len(rows)} строк")


def task_plan(max_score: int) -> list[tuple[str, int, str]]:
    """A ВПР work's tasks (number, maximum, level) adding up to its maximum score: about two thirds of the points on
    basic tasks of 1–2 points, the rest on advanced tasks of 2 points and one high-level task."""
    plan, total, number = [], 0, 1
    while total < max_score:
        left = max_score - total
        basic = total < max_score * 2 // 3
        points = min(left, 1 + number % 2 if basic else 2 if left > 3 else left)
        level = TaskLevel.BASIC if basic else TaskLevel.HIGH if points == left else TaskLevel.ADVANCED
        plan.append((str(number), points, level.value))
        total, number = total + points, number + 1
    return plan


def seed_task_results(ctx: DemoContext) -> None:
    """ВПР task results as the per-student import keeps them, for every ВПР result of the demo: success on basic
    and hard tasks follows the school's quality; one school (TASK_PATTERN_SCHOOL) does worse than the region on the
    basic tasks yet better on the hard ones, as ФИОКО describes unobjective results."""
    muni_code, index = TASK_PATTERN_SCHOOL
    pattern = ctx.schools[muni_code][index].pk
    existing = set(TaskResult.objects.values_list("school_id", "school_year_id", "subject_id", "grade"))
    rows, demo_schools = [], [s for schools in ctx.schools.values() for s in schools]
    vpr = AssessmentResult.objects.filter(procedure="vpr", school__in=demo_schools).select_related("subject")
    for k, result in enumerate(vpr.order_by("pk")):
        if (result.school_id, result.school_year_id, result.subject_id, result.grade) in existing:
            continue
        rnd = random.Random(SEED * 13 + result.school_id * 17 + k)
        q = ctx.quality.get(result.school_id, 0.5)
        basic_rate = max(0.05, min(0.98, 0.45 + 0.4 * q + rnd.uniform(-0.04, 0.04)))
        hard_rate = max(0.02, min(0.95, 0.15 + 0.45 * q + rnd.uniform(-0.04, 0.04)))
        if result.school_id == pattern:
            basic_rate, hard_rate = 0.35 + rnd.uniform(-0.03, 0.03), 0.8 + rnd.uniform(-0.03, 0.03)
        n = result.participants
        for task, max_points, level in task_plan(BANDS[("vpr", result.subject.code, result.grade)][0]):
            rate = basic_rate if level == TaskLevel.BASIC else hard_rate
            points = max(0, min(max_points * n, round(max_points * n * (rate + rnd.uniform(-0.05, 0.05)))))
            rows.append(TaskResult(school_id=result.school_id, school_year_id=result.school_year_id,
                                   procedure="vpr", subject_id=result.subject_id, grade=result.grade, task=task,
                                   level=level, max_points=max_points, points=points, participants=n))
    TaskResult.objects.bulk_create(rows, batch_size=1000)
    ctx.log.append(f"Результаты заданий ВПР: добавлено {len(rows)} строк")


@transaction.atomic
def run(ctx: DemoContext) -> None:
    """The registry's demo step; it adds to the context what the later steps read."""
    ctx.schools = {}  # municipality code → schools
    ctx.struggling, ctx.difficult = set(), set()  # school ids
    ctx.quality = {}  # school id → 0..1
    seed_scales(years=ctx.data_years)
    seed_registry(ctx)
    seed_yearly_data(ctx)
    seed_teachers(ctx)
    seed_results(ctx)
    seed_task_results(ctx)
