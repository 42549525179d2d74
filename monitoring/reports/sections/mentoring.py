"""5. Mentoring and methodical work: events held, diagnostics of the teachers, mentoring pairs, development routes,
courses and communities, per school."""

from collections import Counter

from core.charts import bar_chart
from core.formats import ru_count, school_year_name
from mentoring.selectors import (
    communities_with_members,
    courses_ended,
    held_events_by_kind,
    pairs_by_status,
    routes_by_school,
    school_figures,
)

from .. import text as t
from ..text import count, part_of, share, year_in
from .base import Scope, Section, Table

MENTORING_COLUMNS = (
    ("teachers", "Педагогов"),
    ("teachers_low_results", "С низкими результатами"),
    ("diagnosed", "Прошли диагностику"),
    ("diagnosed_twice", "Повторная диагностика"),
    ("positive_dynamics", "Положительная динамика"),
    ("mentored", "С наставником"),
    ("with_route", "С маршрутом (ИОМ)"),
    ("trained_quality", "КПК по качеству образования"),
    ("in_communities", "В сообществах"),
    ("events", "Мероприятий для школы"),
)


def mentoring(scope: Scope, number: int) -> Section:
    s = Section("mentoring", number, "Наставничество и методическая работа")
    start, end = scope.period
    ids = scope.school_ids
    figures = school_figures(school_ids=ids, year=scope.school_year)
    routes = routes_by_school(school_ids=ids, start_year=scope.year)
    for sid, f in figures.items():
        f["with_route"] = routes.get(sid, 0)
    totals = Counter()
    for f in figures.values():
        totals.update({k: v for k, v in f.items() if k != "has_mentoring_system"})
    by_kind = held_events_by_kind(since=start, until=end, school_ids=ids, municipality_ids=scope.municipality_ids,
                                  school=scope.territory if scope.is_school else None)
    pairs = pairs_by_status(school_ids=ids, since=start, until=end)
    courses = courses_ended(school_ids=ids, since=start, until=end)
    communities = communities_with_members(school_ids=ids)
    n_events = sum(k["n"] for k in by_kind)
    scope.facts.update(events=n_events, teachers=totals["teachers"], diagnosed=totals["diagnosed"], figures=figures,
                       mentored=totals["mentored"], positive=totals["positive_dynamics"],
                       diagnosed_twice=totals["diagnosed_twice"])
    if not totals["teachers"] and not n_events:
        return s.empty(f"Сведений о педагогах и методической работе {year_in(scope.year)} нет: раздел не заполняется.")
    s.h("Мероприятия")
    if n_events:
        people = sum(k["people"] for k in by_kind)
        s.p(f"Проведено {count(n_events, t.EVENTS)}; педагоги {'школы' if scope.is_school else 'школ территории'} "
            f"посетили их {count(people, 'раз,раза,раз')} (участник считается один раз в каждом мероприятии).")
        table = s.table(Table("Мероприятия", "Методические мероприятия по видам",
                              ["Вид", "Проведено", "Участий педагогов"], ["text", "int", "int"], counted=t.ROWS))
        for k in by_kind:
            table.rows.append([k["kind__name"], k["n"], k["people"]])
    else:
        s.empty(f"Проведённых методических мероприятий {year_in(scope.year)} нет.")
    s.h("Наставничество и диагностика")
    teachers = totals["teachers"]
    s.p(f"Педагогов — {ru_count(teachers)}. Диагностику профессиональных дефицитов прошли "
        f"{part_of(totals['diagnosed'], teachers)}, повторно — {ru_count(totals['diagnosed_twice'])}; положительная "
        f"динамика при повторной диагностике — у {part_of(totals['positive_dynamics'], totals['diagnosed_twice'])}.")
    low = totals["teachers_low_results"]
    if low:
        s.p(f"Педагогов с низкими результатами обучающихся (по итогам {school_year_name(scope.year - 1)}) — "
            f"{ru_count(low)}; из них прошли диагностику {part_of(totals['low_results_diagnosed'], low)}, получили "
            f"наставника {part_of(totals['low_results_mentored'], low)}.")
    s.p(f"Наставнических пар в году — {ru_count(sum(pairs.values()))}: действуют {ru_count(pairs.get('active', 0))}, "
        f"завершены {ru_count(pairs.get('completed', 0))}, прекращены {ru_count(pairs.get('stopped', 0))}; педагогов "
        f"с наставником — {part_of(totals['mentored'], teachers)}.")
    s.p(f"Педагогов с индивидуальным образовательным маршрутом — {part_of(totals['with_route'], teachers)}. Курсы "
        f"повышения квалификации, окончившиеся в году: {ru_count(courses['n_total'])}, завершены "
        f"{ru_count(courses['n_completed'])} "
        f"({count(courses['n_teachers'], t.TEACHERS)}); прошли КПК по качеству образования — "
        f"{part_of(totals['trained_quality'], teachers)}. Сообществ с участием педагогов — {ru_count(communities)}; "
        f"педагогов в сообществах — {part_of(totals['in_communities'], teachers)}.")
    bars = [{"label": label, "value": share(totals[key], teachers), "n": teachers}
            for key, label in MENTORING_COLUMNS[2:9] if key not in ("diagnosed_twice", "positive_dynamics")]
    s.chart("Охват педагогов методической работой, % от числа педагогов", bar_chart(bars, title="Охват педагогов"),
            f"n — число педагогов ({ru_count(teachers)}).")
    if not scope.is_school:
        table = s.table(Table("Методическая работа", "Методическая работа по школам",
                              ["Школа", *[label for _k, label in MENTORING_COLUMNS]],
                              ["text", *["int"] * len(MENTORING_COLUMNS)]))
        table.pdf = not scope.is_region
        for sc in scope.schools:
            f = figures[sc.pk]
            table.rows.append([scope.school_name(sc), *[f[k] for k, _l in MENTORING_COLUMNS]])
    return s
