"""9. Appendix: the overview by school (and, for a region, by municipality, summed from what the sections read)."""

from collections import Counter, defaultdict

from identification.selectors import official_pairs
from partnerships.selectors import supported_in_period
from roadmaps.selectors import school_programmes

from .. import text as t
from ..text import share
from .base import STATUS_LABELS, Scope, Section, Table


def appendix(scope: Scope, number: int) -> Section:
    s = Section("appendix", number, "Приложение. Сводная таблица по школам")
    if scope.is_school:
        return s.empty("Для отчёта по школе сводная таблица по школам не составляется: все сведения о школе "
                       "приведены в разделах отчёта.")
    statuses = defaultdict(list)
    for sid, st in sorted(official_pairs(school_ids=scope.school_ids, start_year=scope.year), key=lambda p: p[1]):
        statuses[sid].append(STATUS_LABELS[st])
    start, end = scope.period
    partners = supported_in_period(school_ids=scope.school_ids, start=start, end=end)
    programmes = school_programmes(school_ids=scope.school_ids, school_year=scope.school_year, as_of=scope.as_of)
    if scope.is_region:
        s.title = "Приложение. Сводные таблицы по муниципалитетам и школам"
        _by_municipality(scope, s, statuses, partners)
    table = s.table(Table("Школы", "Сводная таблица по школам",
                          ["Школа", "Статус", "Партнёр", "Программа", "Выполнено, %", "Просрочено"],
                          ["text", "text", "text", "text", "pct", "int"], pdf=not scope.is_region))
    for sc in scope.schools:
        p = programmes.get(sc.pk)
        table.rows.append([scope.school_name(sc), ", ".join(statuses.get(sc.pk, [])) or "—",
                           "есть" if sc.pk in partners else ("нет" if sc.pk in statuses else "—"),
                           p.get_status_display() if p else "—",
                           float(p.percent_done) if p and p.percent_done is not None else None,
                           p.n_overdue if p else None])
    return s


def _by_municipality(scope: Scope, s: Section, statuses: dict, partners: set) -> None:
    """The region's appendix in the PDF: one row per municipality, summed from what the sections read."""
    rows: dict[int, Counter] = defaultdict(Counter)
    names_of = {}
    for sc in scope.schools:
        row = rows[sc.municipality_id]
        names_of[sc.municipality_id] = sc.municipality.name
        row["schools"] += 1
        if sc.pk in statuses:
            row["listed"] += 1
            row["partnered"] += sc.pk in partners
        for key in ("teachers", "diagnosed", "mentored"):
            row[key] += scope.facts.get("figures", {}).get(sc.pk, {}).get(key, 0)
    for m in scope.facts.get("maps", []):
        row = rows[m.municipality_id]
        row["maps"] += 1
        row["activities"] += m.n_activities
        row["done"] += m.n_done
        row["overdue"] += m.n_overdue
    for muni_id, n in scope.facts.get("designation_munis", {}).items():
        rows[muni_id]["designations"] += n
    table = s.table(Table("Муниципалитеты", "Сводная таблица по муниципалитетам",
                          ["Муниципалитет", "Школ", "ШНОР и ШССУ", "С партнёром", "Статусов лидеров и площадок",
                           "Дорожных карт", "Мероприятий", "Выполнено, %", "Просрочено", "Педагогов",
                           "Прошли диагностику, %", "С наставником, %"],
                          ["text", "int", "int", "int", "int", "int", "int", "pct", "int", "int", "pct", "pct"],
                          counted=t.MUNICIPALITIES))
    for muni_id in sorted(rows, key=lambda m: names_of.get(m, "")):
        r = rows[muni_id]
        table.rows.append([names_of.get(muni_id, ""), r["schools"], r["listed"], r["partnered"], r["designations"],
                           r["maps"], r["activities"], share(r["done"], r["activities"]), r["overdue"],
                           r["teachers"], share(r["diagnosed"], r["teachers"]), share(r["mentored"], r["teachers"])])
        for c, whole in ((7, r["activities"]), (10, r["teachers"]), (11, r["teachers"])):
            if whole and whole < t.SMALL_N:
                table.small.add((len(table.rows) - 1, c))
    table.note = t.SMALL_NOTE
