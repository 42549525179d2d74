"""Demo roadmaps (part of `manage.py seed_demo`): for the school year under way, an approved municipal roadmap
in each municipality, programmes of the ШНОР/ШССУ (most approved, some on review, returned or drafts) with
risk profiles, site plans of the leader schools, and activities in every state including overdue ones. For the school
year that is over, the municipal roadmaps and the programmes of that year's ШНОР/ШССУ, approved in its September and
carried out (most activities done, one not) — what that year's annual report reads.

Dates are placed around today, so "overdue" and "due this week" always have something to show; everything
else is fixed, and seeding twice adds nothing.
"""

import datetime
import itertools

from core.mail import muted
from identification.models import SchoolStatus
from partnerships.models import Designation
from schools.models import SchoolYear

from . import services
from .models import Activity, Direction, Level, RiskFactor, Roadmap

REVIEW_STATES = ("submitted", "returned", "draft")

# title, direction code, risk factor code (programmes), start and due as days from today, status, percent
MUNICIPAL = [
    ("Анализ результатов ВПР, ОГЭ и ЕГЭ школ с низкими результатами, выявление проблемных зон", "management",
     None, -80, -55, "done", 100),
    ("Утверждение программ перехода ШНОР/ШССУ в эффективный режим", "management", None, -60, -20, "in_progress", 70),
    ("Закрепление школ-лидеров за ШНОР/ШССУ, заключение партнёрских соглашений", "management", None, -70, -45,
     "done", 100),
    ("Методический семинар «Объективность оценивания образовательных результатов»", "methodical", None, -10, 4,
     "in_progress", 40),
    ("Стажировки учителей математики ШНОР на базе стажировочной площадки", "methodical", None, 15, 90, "planned", 0),
    ("Консультации психолога для педагогов и родителей ШССУ", "social", None, -40, -5, "planned", 0),
    ("Круглый стол с родительской общественностью «Школа и семья»", "image", None, 30, 45, "planned", 0),
    ("Региональная конференция по обмену практиками (перенесена организатором)", "image", None, 20, 40, "cancelled",
     0),
]
PROGRAMME = [
    ("Самодиагностика по факторам риска, корректировка рискового профиля", "management", "inschool_pd", -80, -60,
     "done", 100),
    ("Курсы повышения квалификации учителей математики и русского языка", "methodical", "competence", -50, 40,
     "in_progress", 50),
    ("Индивидуальные образовательные маршруты для обучающихся с рисками неуспешности", "social", "failure_risk",
     -45, -3, "in_progress", 60),
    ("Взаимопосещение уроков с учителями школы-лидера", "methodical", "competence", -20, 6, "planned", 0),
    ("Проектная неделя и школьные предметные олимпиады", "social", "motivation", 25, 60, "planned", 0),
    ("Родительские собрания с участием психолога", "image", "parents", -65, -30, "not_done", 0),
]
SITE_PLAN = [
    ("Мастер-классы учителей школы-лидера для педагогов сопровождаемых школ", "methodical", None, -40, 30,
     "in_progress", 45),
    ("Открытые уроки и их разбор с учителями ШНОР", "methodical", None, -30, -2, "planned", 0),
    ("Совместное заседание методических объединений", "management", None, 10, 20, "planned", 0),
]
REPORTS = {"done": "Проведено, материалы размещены на сайте.", "not_done": "Не проведено: не удалось собрать "
           "родителей в запланированные сроки, мероприятие перенесено в следующий период.",
           "cancelled": "Отменено организатором."}
PROFILE = {"competence": "high", "failure_risk": "high", "motivation": "medium", "parents": "medium",
           "inschool_pd": "low"}


def _dates(start_days, due_days, period_start, period_end, today):
    start = min(max(period_start, today + datetime.timedelta(days=start_days)), period_end)
    due = min(max(start, today + datetime.timedelta(days=due_days)), period_end)
    return start, due


def _fill(roadmap, rows, actor, today):
    directions = {d.code: d for d in Direction.objects.all()}
    factors = {f.code: f for f in RiskFactor.objects.all()}
    progress = []
    for title, direction, factor, start_days, due_days, status, percent in rows:
        start, due = _dates(start_days, due_days, roadmap.period_start, roadmap.period_end, today)
        activity = services.save_activity(actor=actor, activity=Activity(roadmap=roadmap), data={
            "title": title, "direction": directions[direction], "risk_factor": factors.get(factor),
            "start": start, "due": due, "responsible_text": "заместитель директора по УВР"
            if roadmap.level != Level.MUNICIPAL else "методист ИМЦ", "expected_result": "мероприятие проведено, "
            "участники получили методические материалы", "indicator": "доля педагогов — участников",
            "target_value": "не менее 80 %"})
        progress.append((activity, status, percent, due))
    return progress


def _carry_out(progress, actor, today):
    for activity, status, percent, due in progress:
        if status == "planned":
            continue
        services.file_progress(actor=actor, activity=activity, status=status, percent=percent,
                               report=REPORTS.get(status, ""), completed_on=min(due, today) if status == "done"
                               else None)


def _approve(roadmap, author, head, today, number):
    services.submit(actor=author, roadmap=roadmap)
    order_date = min(today, max(roadmap.period_start, today - datetime.timedelta(days=60)))
    services.approve(actor=head, roadmap=roadmap, order_number=number, order_date=order_date)


def _last_year(ctx, code, schools, muni, methodologist, head) -> int:
    """The school year that is over: approved in its September, every activity with its final state. Returns the
    number of roadmaps made (none when the year already has some)."""
    year = SchoolYear.objects.get_or_create(start_year=ctx.current_year - 1)[0]
    if Roadmap.objects.filter(municipality=muni, school_year=year).exists():
        return 0
    period_start, period_end = datetime.date(year.start_year, 9, 1), datetime.date(year.start_year + 1, 8, 31)
    as_of = datetime.date(year.start_year + 1, 5, 31)  # the rows' day offsets are read from the end of that May
    order_date = datetime.date(year.start_year, 9, 25)

    def carried_out(roadmap, rows, number):
        final = [(t, d, f, a, b, "done" if status != "not_done" else "not_done", 100 if status != "not_done" else 0)
                 for t, d, f, a, b, status, _percent in rows if status != "cancelled"]
        work = _fill(roadmap, final, methodologist, as_of)
        services.submit(actor=methodologist, roadmap=roadmap)
        services.approve(actor=head, roadmap=roadmap, order_number=number, order_date=order_date)
        _carry_out(work, methodologist, as_of)

    municipal = services.save_roadmap(actor=methodologist, roadmap=Roadmap(), data={
        "level": Level.MUNICIPAL, "municipality": muni, "school_year": year,
        "title": "Дорожная карта по повышению качества образования в ШНОР и ШССУ",
        "goal": "Повышение качества образования в ШНОР и ШССУ и перевод их в эффективный режим.",
        "period_start": period_start, "period_end": period_end})
    carried_out(municipal, MUNICIPAL, f"{320 if code == 'dinskoy' else 415}")
    listed = sorted({st.school for st in SchoolStatus.objects.filter(
        school__in=schools, school_year=year).select_related("school")}, key=lambda s: s.code)
    for i, school in enumerate(listed):
        programme = services.save_roadmap(actor=methodologist, roadmap=Roadmap(), data={
            "level": Level.SCHOOL, "school": school, "school_year": year,
            "title": "Программа перехода в эффективный режим функционирования",
            "goal": "Повышение качества образовательных результатов и переход школы в эффективный режим.",
            "tasks": "Устранение выявленных факторов риска.", "period_start": period_start, "period_end": period_end})
        carried_out(programme, PROGRAMME, f"{330 + i}")
    return 1 + len(listed)


def seed(ctx) -> None:
    today = ctx.today
    year, _created = SchoolYear.objects.get_or_create(start_year=ctx.current_year)
    period_start, period_end = datetime.date(year.start_year, 9, 1), datetime.date(year.start_year + 1, 8, 31)
    # the review states taken in turn across the municipalities: a municipality with only four ШНОР/ШССУ still keeps
    # two approved programmes, and the demo as a whole still shows each state
    review = itertools.cycle(REVIEW_STATES)
    with muted():
        for code, schools in ctx.schools.items():
            muni = schools[0].municipality
            methodologist, head = ctx.users[f"metodist.{code}@demo.ru"], ctx.users[f"head.{code}@demo.ru"]
            made = _last_year(ctx, code, schools, muni, methodologist, head)
            if made:
                ctx.log.append(f"{muni.name}, {ctx.current_year - 1}/{ctx.current_year}: дорожных карт {made} "
                               "(утверждены и выполнены)")
            if Roadmap.objects.filter(municipality=muni, school_year=year).exists():
                continue
            municipal = services.save_roadmap(actor=methodologist, roadmap=Roadmap(), data={
                "level": Level.MUNICIPAL, "municipality": muni, "school_year": year,
                "title": "Дорожная карта по повышению качества образования в ШНОР и ШССУ",
                "goal": "Повышение качества образования в школах с низкими результатами обучения и школах, "
                        "функционирующих в неблагоприятных социальных условиях, и перевод их в эффективный режим.",
                "tasks": "1. Выявить проблемные зоны.\n2. Организовать методическое сопровождение.\n"
                         "3. Создать сеть школ-лидеров и стажировочных площадок.",
                "period_start": period_start, "period_end": period_end})
            work = _fill(municipal, MUNICIPAL, methodologist, today)
            _approve(municipal, methodologist, head, today, f"{420 if code == 'dinskoy' else 515}")
            _carry_out(work, methodologist, today)
            # programmes of the schools with the latest official status
            latest = SchoolStatus.objects.filter(school__in=schools).order_by("-school_year__start_year").values_list(
                "school_year__start_year", flat=True).first()
            needy = sorted({st.school for st in SchoolStatus.objects.filter(
                school__in=schools, school_year__start_year=latest).select_related("school")}, key=lambda s: s.code)
            states = {}
            for i, school in enumerate(needy):
                services.save_risk_profile(actor=methodologist, school=school, school_year=year, items={
                    f.pk: {"relevant": f.code in PROFILE, "level": PROFILE.get(f.code, ""),
                           "measures": "меры предусмотрены программой перехода" if f.code in PROFILE else ""}
                    for f in RiskFactor.objects.all()})
                programme = services.save_roadmap(actor=methodologist, roadmap=Roadmap(), data={
                    "level": Level.SCHOOL, "school": school, "school_year": year,
                    "title": "Программа перехода в эффективный режим функционирования",
                    "goal": "Повышение качества образовательных результатов и переход школы в эффективный режим.",
                    "tasks": "Устранение выявленных факторов риска.", "period_start": period_start,
                    "period_end": period_end})
                # two of every five approved, the others in the next review state
                state = "approved" if i % 5 < 2 or len(needy) <= 2 else next(review)
                rows = PROGRAMME if state != "draft" else PROGRAMME[:-1]  # the draft leaves «родители» uncovered
                work = _fill(programme, rows, methodologist, today)
                if state == "approved":
                    _approve(programme, methodologist, head, today, f"{430 + i}")
                    _carry_out(work, methodologist, today)
                elif state in ("submitted", "returned"):
                    services.submit(actor=methodologist, roadmap=programme)
                    if state == "returned":
                        services.return_for_rework(actor=head, roadmap=programme, comment=(
                            "Уточните сроки курсов повышения квалификации и добавьте мероприятие по фактору "
                            "«Низкий уровень вовлечённости родителей»."))
                states[state] = states.get(state, 0) + 1
                if state == "approved" and i == 0:
                    past = services.reportable_periods(programme, today)
                    if past:
                        report = services.save_report(actor=methodologist, roadmap=programme,
                                                      period_start=past[0].start, summary=(
                                                          "Выполнены мероприятия по самодиагностике; начаты курсы "
                                                          "повышения квалификации."))
                        services.submit_report(actor=methodologist, report=report)
            # site plans of the leader schools and internship sites
            designations = Designation.objects.filter(school__municipality=muni, state=Designation.State.ACTIVE)
            for n, designation in enumerate(designations):
                plan = services.save_roadmap(actor=methodologist, roadmap=Roadmap(), data={
                    "level": Level.SITE, "designation": designation, "school_year": year,
                    "title": f"План работы: {designation.topic}",
                    "goal": designation.topic, "period_start": period_start, "period_end": period_end,
                    "report_period": "half_year"})
                work = _fill(plan, SITE_PLAN, methodologist, today)
                _approve(plan, methodologist, head, today, f"{460 + n}")
                _carry_out(work, methodologist, today)
            total = Roadmap.objects.filter(municipality=muni, school_year=year).count()
            ctx.log.append(f"{muni.name}: дорожных карт {total}"
                           f" (программ ШНОР/ШССУ {len(needy)}: " + ", ".join(
                               f"{Roadmap.Status(k).label} — {v}" for k, v in sorted(states.items()))
                           + f"; планов площадок {designations.count()})")
