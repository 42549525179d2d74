"""Demo monitoring (part of `manage.py seed_demo`): the catalogue, three school years of values (computed from the
demo's results and methodical work; the schools' entered figures drawn deterministically), targets of each
municipality, recommendations of the last year and of the year under way with one adopted by an order and one
dismissed with a reason. Seeding twice adds nothing."""

import datetime
import random

from core.demo import SEED
from schools.models import SchoolYear, SchoolYearData

from . import engine, services
from .catalogue import ensure_catalogue
from .models import Indicator, Recommendation, Rule, Source, Target, Value

TARGETS = {"oge_dynamics": 90, "oge_match": 85, "ege_dynamics": 95, "ege_match": 80, "vpr_dynamics": 88,
           "vpr_match": 85, "teachers_low_results": 10, "diagnosed": 100, "positive_dynamics": 50,
           "mentoring_system": 1, "low_results_mentored": 80, "young_mentored": 100, "trained_quality": 30,
           "in_communities": 50, "communities": 2, "inschool_control": 60, "lessons_visited": 40,
           "individual_routes": 100, "unexcused_absences": 200}


def _entered(ctx, years, schools_by_muni, supported: set[int]) -> int:
    """The schools' own figures of the years already over (as filed in their reports), drawn by the school's code and
    the year's place, so the demo is the same whatever the date; supported schools improve year by year."""
    indicators = {i.code: i for i in Indicator.objects.filter(source=Source.ENTERED, is_builtin=True)}
    teachers = {(d.school_id, d.school_year_id): d.teachers for d in SchoolYearData.objects.filter(
        school_year__in=years)}
    existing = set(Value.objects.filter(source=Source.ENTERED, school_year__in=years).values_list(
        "school_id", "school_year_id"))
    added = 0
    for schools in schools_by_muni.values():
        for school in schools:
            for k, year in enumerate(years):
                if (school.pk, year.pk) in existing:
                    continue
                rnd = random.Random(SEED * 11 + int(school.code) * 7 + k)
                helped = school.pk in supported
                n_teachers = teachers.get((school.pk, year.pk)) or 20
                covered = min(n_teachers, round(n_teachers * (0.35 + (0.12 * k if helped else 0.04 * k)
                                                              + rnd.uniform(0, 0.15))))
                group = rnd.randint(8, 25) if helped else rnd.randint(0, 10)
                routes = min(group, round(group * (0.4 + (0.2 * k if helped else 0.05 * k) + rnd.uniform(0, 0.2))))
                cleaned = {"inschool_control": covered,
                           "lessons_visited": rnd.randint(20, 40) + (8 * k if helped else 2 * k),
                           "risk_group": group, "individual_routes": routes,
                           "unexcused_absences": max(0, rnd.randint(150, 400) - (60 * k if helped else 10 * k))}
                rows = services_rows(school, year, cleaned, indicators)
                Value.objects.bulk_create(rows)
                added += len(rows)
    return added


def services_rows(school, year, cleaned, indicators) -> list[Value]:
    from .progress_report_section import entered_values

    return [Value(indicator=ind, school=school, school_year=year, value=value, numerator=numerator, n=n,
                  reliable=n >= ind.min_n, data=data, source=Source.ENTERED)
            for ind, value, numerator, n, data in entered_values(school=school, school_year=year, cleaned=cleaned)
            if ind.code in indicators]


def seed(ctx) -> None:
    added = ensure_catalogue(Indicator, Rule)
    from identification.models import SchoolStatus

    region = next(iter(ctx.schools.values()))[0].municipality.region
    years = list(SchoolYear.objects.filter(start_year__in=ctx.data_years).order_by("start_year"))
    current = SchoolYear.objects.get_or_create(start_year=ctx.current_year)[0]
    supported = set(SchoolStatus.objects.filter(school__municipality__region=region).values_list(
        "school_id", flat=True))
    entered = _entered(ctx, years, ctx.schools, supported)
    for year in [*years, current]:
        engine.compute_year(school_year=year, region=region)
    for code, schools in ctx.schools.items():
        muni = schools[0].municipality
        methodologist = ctx.users[f"metodist.{code}@demo.ru"]
        head = ctx.users[f"head.{code}@demo.ru"]
        for year in [*years, current]:
            for ind_code, value in TARGETS.items():
                ind = Indicator.objects.get(code=ind_code)
                if not Target.objects.filter(indicator=ind, municipality=muni, school_year=year).exists():
                    services.set_target(actor=methodologist, indicator=ind, municipality=muni, school_year=year,
                                        value=value)
        for year in (years[-1], current):
            counts = services.generate_recommendations(actor=methodologist, municipality=muni, school_year=year,
                                                       today=ctx.today)
            ctx.log.append(f"{muni.name}, {year.name}: рекомендаций предложено {counts['added']}")
        recs = Recommendation.objects.filter(municipality=muni, school_year=years[-1]).order_by("pk")
        if recs.exists() and not recs.exclude(state=Recommendation.State.PROPOSED).exists():
            first = recs.first()
            services.adopt_recommendation(
                actor=head, rec=first, order_number=f"{310 if code == 'dinskoy' else 41}-р",
                order_date=min(ctx.today, datetime.date(years[-1].start_year + 1, 6, 20)),
                decision="Поручить методической службе и руководителю школы выполнить рекомендацию до конца "
                         "учебного года; отчёт — в отчёте о ходе выполнения программы.")
            second = recs.exclude(pk=first.pk).first()
            if second is not None:
                services.dismiss_recommendation(actor=methodologist, rec=second,
                                                reason="Мера уже предусмотрена муниципальной дорожной картой.")
    ctx.log.append(f"Мониторинг: показателей в каталоге добавлено {added}, значений школ внесено {entered}, "
                   f"пересчитано за {', '.join(y.name for y in [*years, current])}")


