"""Demo methodical work (part of `manage.py seed_demo`), following the demo's dates (core.demo.DemoContext):

- last school year's ВПР in mathematics and Russian (grades 5–8) split into classes «А»/«Б» that add up to the school's
  results, and the teaching load of the teachers of those subjects — so the list of teachers with low results has
  real rows;
- a diagnostic instrument (five competences) and two rounds of diagnostics of the supported schools' teachers: in
  October of last year and in October of this year (or a few days ago, early in September), most of them improving;
- a year of events of each leader school and site for the schools it supports (from last September to two months
  ahead), with participants, attendance and feedback, and the municipalities' own seminars; a planned event linked to
  the site plan's activity;
- mentoring and tutoring pairs under the agreements (last year's completed, this year's running) with their meetings;
- courses (КПК), development routes (ИОМ) whose items are ticked off by attendance and completed courses, and
  communities (district methodical associations, a network of young teachers, a tutors' community) with meetings.

Its own random generator (the steps after it draw the same numbers whether or not this step adds anything); seeding
twice adds nothing (the step is skipped when the region already has mentoring events).
"""

import datetime
import random

from core.mail import muted
from partnerships.models import Agreement
from roadmaps.models import Activity, Level
from schools.models import AssessmentResult, ClassResult, SchoolYear, Subject, Teacher

from . import selectors, services
from .models import (
    YOUNG_SPECIALIST_YEARS,
    Community,
    CommunityMeeting,
    Course,
    DevelopmentRoute,
    DiagnosticInstrument,
    Event,
    EventFormat,
    EventKind,
    MentoringMeeting,
    MentoringPair,
    Participation,
    RouteItem,
    TeachingAssignment,
    TopicArea,
)

D = datetime.date
DAY = datetime.timedelta(days=1)

INSTRUMENT = "Диагностика предметных и методических компетенций учителя"
COMPETENCES = [
    ("К1", "Предметные знания"),
    ("К2", "Планирование и проектирование урока"),
    ("К3", "Оценивание образовательных результатов"),
    ("К4", "Работа с обучающимися, испытывающими трудности в обучении"),
    ("К5", "Использование цифровых образовательных ресурсов"),
]
TOPICS = {
    "model_seminar": "Анализ результатов ВПР и коррекция рабочих программ",
    "master_class": "Приёмы формирующего оценивания на уроке",
    "consultation_group": "Подготовка обучающихся группы риска к ВПР",
    "open_lesson": "Открытый урок: смысловое чтение на уроке математики",
    "round_table": "Объективность оценивания: опыт школы-лидера",
    "creative_lab": "Задания на функциональную грамотность",
    "lab_practicum": "Разбор типичных ошибок в заданиях ВПР",
    "internship": "Стажировка учителей ШНОР на базе площадки",
    "webinar": "Цифровые ресурсы для дифференцированного обучения",
    "project_seminar": "Проектирование индивидуальных образовательных маршрутов",
}
FEEDBACK = ["Полезно, приёмы применили на уроках.", "Хотелось бы больше практики.", "Очень содержательно.",
            "Материалы пригодились при подготовке к ВПР.", ""]


def _subjects_of(teacher: Teacher) -> set[str]:
    text = teacher.subjects.lower()
    return {code for code, word in (("math", "математ"), ("russian", "русск")) if word in text}


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _classes_and_load(ctx, rnd, schools, last_year: SchoolYear) -> int:
    """Class results adding up to the school's ВПР of last year, and who taught each class."""
    subjects = {s.code: s for s in Subject.objects.filter(code__in=("math", "russian"))}
    teachers = {}
    for t in Teacher.objects.filter(school__in=schools, is_active=True).order_by("pk"):
        for code in _subjects_of(t):
            teachers.setdefault((t.school_id, code), []).append(t)
    classes, load = [], []
    results = AssessmentResult.objects.filter(school__in=schools, school_year=last_year, procedure="vpr",
                                              subject__in=subjects.values(), grade__in=(5, 6, 7, 8)).order_by("pk")
    by_subject = {s.pk: code for code, s in subjects.items()}
    for r in results:
        parts = 2 if r.participants >= 20 else 1
        marks = [_split(getattr(r, f"mark{m}"), parts) for m in (2, 3, 4, 5)]
        staff = teachers.get((r.school_id, by_subject[r.subject_id]), [])
        for i in range(parts):
            name = f"{r.grade}{'АБ'[i]}"
            m2, m3, m4, m5 = (marks[k][i] for k in range(4))
            n = m2 + m3 + m4 + m5
            if not n:
                continue
            classes.append(ClassResult(school_id=r.school_id, school_year=last_year, subject_id=r.subject_id,
                                       class_name=name, grade=r.grade, participants=n, mark2=m2, mark3=m3, mark4=m4,
                                       mark5=m5, mean_score=r.mean_score))
            if staff:
                load.append(TeachingAssignment(teacher=staff[(r.grade + i) % len(staff)], school_year=last_year,
                                               class_name=name, subject_id=r.subject_id))
    ClassResult.objects.bulk_create(classes, ignore_conflicts=True)
    TeachingAssignment.objects.bulk_create(load, ignore_conflicts=True)
    return len(classes)


def _instrument() -> DiagnosticInstrument:
    instrument, created = DiagnosticInstrument.objects.get_or_create(name=INSTRUMENT, defaults={
        "description": "Самооценка и экспертная оценка по пяти группам компетенций (0–100 баллов); меньше 50 — "
                       "профессиональный дефицит.", "scale_min": 0, "scale_max": 100, "deficit_below": 50})
    if created:
        for i, (code, name) in enumerate(COMPETENCES, start=1):
            instrument.competences.create(code=code, name=name, ordering=i)
    return instrument


def seed(ctx) -> None:
    region_schools = [s for schools in ctx.schools.values() for s in schools]
    if Event.objects.filter(municipality__in={s.municipality_id for s in region_schools}).exists():
        return
    rnd = random.Random(13_2025)
    today, year = ctx.today, ctx.current_year
    last_year = SchoolYear.objects.get_or_create(start_year=year - 1)[0]
    n_classes = _classes_and_load(ctx, rnd, region_schools, last_year)
    instrument = _instrument()
    competences = list(instrument.competences.all())
    kinds = {k.code: k for k in EventKind.objects.all()}
    low_ids = _low_ids(region_schools, year - 1)
    counts = {"events": 0, "pairs": 0, "diagnostics": 0, "routes": 0, "courses": 0, "communities": 0}
    with muted():
        for code, schools in ctx.schools.items():
            methodologist = ctx.users[f"metodist.{code}@demo.ru"]
            agreements = list(Agreement.objects.filter(designation__school__in=schools, state=Agreement.State.ACTIVE)
                              .select_related("designation__school", "supported_school").order_by("pk"))
            teachers = {}
            for t in Teacher.objects.filter(school__in=schools, is_active=True).order_by("full_name"):
                teachers.setdefault(t.school_id, []).append(t)
            supported = sorted({a.supported_school for a in agreements}, key=lambda s: s.pk)
            pairs = _pairs(rnd, methodologist, agreements, teachers, low_ids, year, today, counts)
            courses = _courses(rnd, methodologist, supported, teachers, year, today, counts)
            events = _events(rnd, methodologist, agreements, schools, supported, teachers, kinds, year, today, counts)
            diagnosed = _diagnostics(rnd, methodologist, supported, teachers, low_ids, instrument, competences, year,
                                     today, counts)
            _routes(methodologist, diagnosed, courses, events, pairs, year, today, counts)
            _communities(rnd, methodologist, schools, teachers, year, today, counts)
    ctx.log.append(f"Методическая работа: классов с результатами ВПР — {n_classes}, мероприятий — {counts['events']}, "
                   f"пар — {counts['pairs']}, диагностик — {counts['diagnostics']}, ИОМ — {counts['routes']}, "
                   f"курсов — {counts['courses']}, сообществ — {counts['communities']}")


def _low_ids(schools, start_year) -> set[int]:
    return selectors.low_result_teacher_ids(start_year=start_year, school_ids=[s.pk for s in schools])


def _pairs(rnd, actor, agreements, teachers, low_ids, year, today, counts) -> dict[int, MentoringPair]:
    """Two pairs per agreement this year (low-result teachers and young specialists first), one completed last year."""
    out = {}
    math = Subject.objects.get(code="math")
    for a in agreements:
        mentors = [t for t in teachers.get(a.designation.school_id, []) if t.experience_years >= 10]
        mentees = sorted(teachers.get(a.supported_school_id, []), key=lambda t: (
            t.pk not in low_ids, t.experience_years >= YOUNG_SPECIALIST_YEARS, t.full_name))
        if not mentors or not mentees:
            continue
        for i, mentee in enumerate(mentees[:3]):
            mentor = mentors[i % len(mentors)]
            this_year = i < 2
            start = D(year, 9, 20) if this_year else D(year - 1, 10, 1)
            young = mentee.experience_years < YOUNG_SPECIALIST_YEARS
            pair = services.save_pair(actor=actor, pair=MentoringPair(), data={
                "role": MentoringPair.Role.TUTOR if i == 1 else MentoringPair.Role.MENTOR, "mentor": mentor,
                "mentee": mentee, "agreement": a,
                "form": MentoringPair.Form.YOUNG if young else MentoringPair.Form.TEACHER_TEACHER,
                "subject": math if "математ" in mentee.subjects.lower() else None,
                "goals": "Преодоление профессиональных дефицитов по итогам диагностики; подготовка обучающихся к ВПР",
                "start": start, "end": D(year + 1, 5, 31) if this_year else D(year, 5, 31),
                "planned_meetings": 8,
                "status": MentoringPair.Status.ACTIVE if this_year else MentoringPair.Status.COMPLETED,
                "outcome": "" if this_year else "Дефициты по оцениванию преодолены, проведён открытый урок."})
            meetings, day = [], start + 7 * DAY
            while day < today and len(meetings) < 8:
                meetings.append(MentoringMeeting(pair=pair, date=day, topic=rnd.choice([
                    "Разбор посещённого урока", "Планирование урока с заданиями функциональной грамотности",
                    "Анализ ошибок в диагностической работе", "Подготовка открытого урока"])))
                day += 30 * DAY
            MentoringMeeting.objects.bulk_create(meetings)
            out.setdefault(mentee.pk, pair)
            counts["pairs"] += 1
    return out


def _courses(rnd, actor, schools, teachers, year, today, counts) -> dict[int, Course]:
    out = {}
    for school in schools:
        for t in teachers.get(school.pk, [])[::2]:
            this_year = rnd.random() < 0.6 and today > D(year, 10, 1)
            start = (D(year, 9, 5) + rnd.randint(0, (today - D(year, 10, 1)).days) * DAY if this_year
                     else D(year - 1, 11, 1) + rnd.randint(0, 240) * DAY)
            end = start + 20 * DAY
            quality = rnd.random() < 0.7
            course = services.save_course(actor=actor, course=Course(), data={
                "teacher": t, "title": ("Повышение качества образования в школах с низкими результатами обучения"
                                        if quality else "Методика преподавания предмета по обновлённым ФГОС"),
                "provider": "ГБОУ ДПО «Институт развития образования» Краснодарского края",
                "hours": 72 if quality else 36, "start": start, "end": end,
                "topic_area": TopicArea.QUALITY if quality else TopicArea.SUBJECT, "completed": end < today})
            out[t.pk] = course
            counts["courses"] += 1
    return out


def _event_dates(year, today):
    """A year of dates: from last September to two months ahead, about one every three weeks."""
    day = D(year - 1, 9, 25)
    while day < today + 60 * DAY:
        yield day
        day += 21 * DAY


def _events(rnd, actor, agreements, schools, supported, teachers, kinds, year, today, counts) -> list[Event]:
    out = []
    by_designation = {}
    for a in agreements:
        by_designation.setdefault(a.designation, []).append(a.supported_school)
    kind_codes = list(TOPICS)
    for d_index, (designation, targets) in enumerate(sorted(by_designation.items(), key=lambda t: t[0].pk)):
        plan_activity = Activity.objects.filter(roadmap__level=Level.SITE, roadmap__designation=designation,
                                                roadmap__school_year__start_year=year,
                                                status=Activity.Status.PLANNED, start__gt=today).first()
        linked = False
        for n, day in enumerate(_event_dates(year, today)):
            if (n + d_index) % 2:
                continue
            kind = kinds[kind_codes[(n + d_index) % len(kind_codes)]]
            chosen = targets if len(targets) < 3 else rnd.sample(targets, 2)
            people = [t for s in chosen for t in teachers.get(s.pk, [])[:4]]
            held = day <= today
            activity = None
            if not held and plan_activity is not None and not linked:
                activity, linked = plan_activity, True
            event = services.save_event(actor=actor, event=Event(), data={
                "kind": kind, "topic": TOPICS[kind.code], "date": day, "time": datetime.time(14, 30),
                "format": EventFormat.REMOTE if kind.code == "webinar" else EventFormat.IN_PERSON,
                "place": "" if kind.code == "webinar" else f"{designation.school.short_name}, каб. 21",
                "designation": designation, "agreement": None, "organiser_text": "", "activity": activity,
                "result": "Участники освоили приёмы, материалы размещены на сайте площадки." if held else "",
                "status": Event.Status.HELD if held else Event.Status.PLANNED}, target_schools=chosen,
                participants=people,
                attended=[t.pk for t in people if rnd.random() < 0.85] if held else None)
            if held:
                for p in event.participations.filter(attended=True).order_by("pk")[:2]:
                    services.record_feedback(actor=actor, participation=p, rating=rnd.choice([4, 5, 5, 3]),
                                             comment=rnd.choice(FEEDBACK))
            out.append(event)
            counts["events"] += 1
    # the municipality's own seminars (organiser: the methodical centre) for every supported school
    for n, day in enumerate((D(year - 1, 10, 20), D(year, 3, 1), D(year, 10, 15),
                             today + 20 * DAY)):
        if not supported:
            break
        held = day <= today
        people = [t for s in supported for t in teachers.get(s.pk, [])[:2]]
        event = services.save_event(actor=actor, event=Event(), data={
            "kind": kinds["instructive_meeting" if n % 2 == 0 else "round_table"],
            "topic": "Результаты ВПР и программы перехода ШНОР/ШССУ в эффективный режим" if n % 2 == 0 else
            "Наставничество в школах с низкими результатами обучения", "date": day,
            "time": datetime.time(10, 0), "format": EventFormat.IN_PERSON, "place": "Управление образования",
            "designation": None, "agreement": None, "organiser_text": "Муниципальный методический центр",
            "activity": None, "result": "" if not held else "Обсуждены итоги, даны адресные рекомендации.",
            "status": Event.Status.HELD if held else Event.Status.PLANNED, "municipality": supported[0].municipality},
            target_schools=supported, participants=people,
            attended=[t.pk for t in people if rnd.random() < 0.9] if held else None)
        out.append(event)
        counts["events"] += 1
    return out


def _scores(rnd, weak: bool, shift: int) -> list[int]:
    return [max(0, min(100, (rnd.randint(25, 55) if weak else rnd.randint(45, 85)) + shift)) for _c in COMPETENCES]


def _diagnostics(rnd, actor, schools, teachers, low_ids, instrument, competences, year, today, counts) -> list:
    """Two rounds for up to six teachers of each supported school (low-result teachers first)."""
    first = D(year - 1, 10, 15)
    second = min(D(year, 10, 20), today - 3 * DAY)
    out = []
    for school in schools:
        chosen = sorted(teachers.get(school.pk, []), key=lambda t: (t.pk not in low_ids, t.full_name))[:6]
        for t in chosen:
            weak = t.pk in low_ids or rnd.random() < 0.4
            before = _scores(rnd, weak, 0)
            services.save_diagnostic(actor=actor, teacher=t, instrument=instrument, date=first,
                                     scores=dict(zip(competences, before, strict=True)),
                                     conducted_by="Муниципальный методический центр")
            counts["diagnostics"] += 1
            after = [max(0, min(100, s + rnd.randint(-5, 18))) for s in before]
            services.save_diagnostic(actor=actor, teacher=t, instrument=instrument, date=second,
                                     scores=dict(zip(competences, after, strict=True)),
                                     conducted_by="Муниципальный методический центр")
            counts["diagnostics"] += 1
            deficits = [c for c, s in zip(competences, before, strict=True) if s < instrument.deficit_below]
            if deficits:
                out.append((t, deficits))
    return out


def _routes(actor, diagnosed, courses, events, pairs, year, today, counts) -> None:
    start, end = D(year, 9, 1), D(year + 1, 5, 31)
    participations = {}
    for p in Participation.objects.filter(event__in=events, event__date__gte=start).order_by("event__date"):
        participations.setdefault(p.teacher_id, p.event)
    for teacher, deficits in diagnosed:
        route = services.save_route(actor=actor, route=DevelopmentRoute(), data={
            "teacher": teacher, "start": start, "end": end,
            "goal": "Преодоление выявленных профессиональных дефицитов: " + ", ".join(
                c.name.lower() for c in deficits)}, deficits=deficits)
        items = []
        course = courses.get(teacher.pk)
        if course is not None and start <= course.end <= end:
            items.append({"kind": RouteItem.Kind.COURSE, "title": course.title, "due": course.end, "course": course})
        else:
            items.append({"kind": RouteItem.Kind.COURSE, "title": "КПК «Формирующее оценивание»",
                          "due": D(year + 1, 3, 31)})
        event = participations.get(teacher.pk)
        if event is not None and start <= event.date <= end:
            items.append({"kind": RouteItem.Kind.EVENT, "title": f"{event.kind}: {event.topic}", "due": event.date,
                          "event": event})
        pair = pairs.get(teacher.pk)
        if pair is not None and pair.is_active:
            items.append({"kind": RouteItem.Kind.MENTORING, "title": "Работа с наставником по плану пары",
                          "due": D(year + 1, 5, 31), "pair": pair, "status": RouteItem.Status.IN_PROGRESS})
        items.append({"kind": RouteItem.Kind.SELF_STUDY, "title": "Изучение демоверсий и кодификаторов ВПР",
                      "due": D(year, 12, 20), "status": RouteItem.Status.DONE if today > D(year, 12, 20) else
                      RouteItem.Status.IN_PROGRESS})
        for data in items:
            services.save_route_item(actor=actor, item=RouteItem(), data={"route": route, "status": RouteItem.Status
                                                                          .PLANNED, **data})
        counts["routes"] += 1


def _communities(rnd, actor, schools, teachers, year, today, counts) -> None:
    municipality = schools[0].municipality
    everyone = [t for s in schools for t in teachers.get(s.pk, [])]
    groups = [
        ("Районное методическое объединение учителей математики", Community.Kind.MUNICIPAL_MA, "math",
         [t for t in everyone if "математ" in t.subjects.lower()]),
        ("Районное методическое объединение учителей русского языка и литературы", Community.Kind.MUNICIPAL_MA,
         "russian", [t for t in everyone if "русск" in t.subjects.lower()]),
        ("Сетевое сообщество молодых педагогов", Community.Kind.NETWORK, None,
         [t for t in everyone if t.experience_years < YOUNG_SPECIALIST_YEARS]),
        ("Сообщество тьюторов", Community.Kind.TUTORS, None,
         [t for t in everyone if t.experience_years >= 20 and rnd.random() < 0.3]),
    ]
    subjects = {s.code: s for s in Subject.objects.all()}
    for name, kind, subject, members in groups:
        members = [t for t in members if rnd.random() < 0.8]
        community = services.save_community(actor=actor, community=Community(), data={
            "municipality": municipality, "name": name, "kind": kind,
            "subject": subjects.get(subject) if subject else None, "leader": members[0] if members else None,
            "description": "Обмен опытом, разбор результатов оценочных процедур, открытые уроки."},
            members=members)
        CommunityMeeting.objects.bulk_create([
            CommunityMeeting(community=community, date=day, topic=topic, participants=max(1, len(members) * 2 // 3))
            for day, topic in ((D(year - 1, 11, 10), "Анализ результатов ВПР прошлого года"),
                               (D(year, 3, 15), "Подготовка к ВПР: типичные затруднения"),
                               (D(year, 10, 12), "Планирование работы на учебный год")) if day <= today])
        counts["communities"] += 1
