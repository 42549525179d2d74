"""4. Roadmaps: the year's roadmaps and programmes, their activities done and overdue by direction and by roadmap,
the listed schools without a programme."""

from collections import Counter

from core.charts import bar_chart
from core.formats import ru_count, ru_date, ru_percent, school_year_name
from roadmaps.models import Level
from roadmaps.selectors import direction_totals, year_roadmaps

from .. import text as t
from ..text import count, names, part_of, share
from .base import Scope, Section, Table

LEVEL_WORDS = {Level.MUNICIPAL: "муниципальных", Level.SCHOOL: "программ перехода школ",
               Level.SITE: "планов школ-лидеров и площадок"}


def roadmaps(scope: Scope, number: int) -> Section:
    s = Section("roadmaps", number, "Дорожные карты и программы перехода")
    maps = year_roadmaps(start_year=scope.year, as_of=scope.as_of,
                         **({"school": scope.territory} if scope.is_school else
                            {"municipality_ids": scope.municipality_ids}))
    if not maps:
        s.empty(f"Дорожных карт и программ перехода на {school_year_name(scope.year)} учебный год нет: выполнение "
                f"мероприятий не оценивается.")
        scope.facts.update(activities=0, done=0, overdue=0)
        return s
    directions = direction_totals([m.pk for m in maps], as_of=scope.as_of)
    total = sum(d["total"] for d in directions)
    done = sum(d["done"] for d in directions)
    overdue = sum(d["overdue"] for d in directions)
    scope.facts.update(activities=total, done=done, overdue=overdue)
    levels = Counter(m.level for m in maps)
    approved = sum(1 for m in maps if m.is_approved)
    s.p(f"Дорожных карт на {school_year_name(scope.year)} учебный год — {ru_count(len(maps))}, из них утверждено "
        f"{ru_count(approved)}: "
        + ", ".join(f"{LEVEL_WORDS[lv]} — {ru_count(levels[lv])}" for lv in LEVEL_WORDS if levels[lv]) + ".")
    when = "к концу учебного года" if scope.as_of < scope.today else f"на {ru_date(scope.as_of)}"
    s.p(f"Из {count(total, t.ACTIVITIES_GEN)} (без отменённых) выполнено {ru_count(done)} "
        f"({ru_percent(share(done, total))}); {when} просрочено {ru_count(overdue)} "
        f"({ru_percent(share(overdue, total))}).")
    listed = scope.facts.get("listed_ids", set())
    with_programme = {m.school_id for m in maps if m.level == Level.SCHOOL}
    missing = [sc for sc in scope.schools if sc.pk in listed and sc.pk not in with_programme]
    if listed:
        s.p(f"Программа перехода есть у {part_of(len(listed & with_programme), len(listed))} ШНОР и ШССУ"
            + (f"; нет программы у {count(len(missing), t.SCHOOLS_GEN)}: "
               f"{names(scope.school_name(x) for x in missing)}."
               if missing else "."))
    bars = [{"label": d["direction__name"], "value": share(d["done"], d["total"]), "n": d["total"]}
            for d in directions]
    s.chart("Доля выполненных мероприятий по направлениям", bar_chart(bars, title="Выполнение по направлениям"),
            "n — число мероприятий направления (без отменённых).")
    table = s.table(Table("По направлениям", "Выполнение мероприятий по направлениям",
                          ["Направление", "Мероприятий", "Выполнено", "Выполнено, %", "Просрочено", "Средний процент"],
                          ["text", "int", "int", "pct", "int", "pct"], counted=t.ROWS))
    for d in directions:
        table.rows.append([d["direction__name"], d["total"], d["done"], share(d["done"], d["total"]), d["overdue"],
                           float(d["mean"]) if d["mean"] is not None else None])
        if d["total"] < t.SMALL_N:
            table.small.add((len(table.rows) - 1, 3))
    table.note = t.SMALL_NOTE
    scope.facts["maps"] = maps
    by_school = s.table(Table("По картам", "Выполнение по дорожным картам и программам",
                              ["Карта", "Владелец", "Состояние", "Мероприятий", "Выполнено", "Средний процент",
                               "Просрочено"], ["text", "text", "text", "int", "int", "pct", "int"],
                              counted=t.MAPS))
    by_school.pdf = not scope.is_region
    for m in maps:
        owner = scope.school_name(m.school) if m.school_id else (
            scope.school_name(m.designation.school) if m.designation_id else m.municipality.name)
        by_school.rows.append([m.get_level_display(), owner, m.get_status_display(), m.n_activities, m.n_done,
                               float(m.percent_done) if m.percent_done is not None else None, m.n_overdue])
    return s
