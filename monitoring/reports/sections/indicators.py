"""6. Effectiveness indicators: the catalogue's values by group of schools against their targets and the year
before (a school's report: its own values against the municipality's median)."""

from collections import Counter

from core.charts import small_multiples
from core.formats import ru_count, school_year_name
from core.templatetags.portal import ru_plural
from monitoring.selectors import aggregate_table, indicator_table

from .. import text as t
from ..text import count, year_in
from .base import Scope, Section, Table


def indicators(scope: Scope, number: int) -> Section:
    s = Section("indicators", number, "Показатели эффективности")
    rows = indicator_table(scope.territory, scope.school_year)
    if scope.is_school:
        return _school_indicators(scope, s, rows)
    with_data = [r for r in rows if r["groups"]["all"].schools]
    scope.facts.update(indicators=len(rows), indicators_with_data=len(with_data))
    if not with_data:
        return s.empty(f"Значений показателей мониторинга {year_in(scope.year)} нет: показатели не рассчитаны и "
                       f"школы их не представили.")
    tones = Counter(r["groups"]["all"].tone for r in with_data)
    s.p(f"Из {count(len(rows), t.INDICATORS_GEN)} значения {year_in(scope.year)} есть по {ru_count(len(with_data))}. "
        f"По всем школам целевое значение достигнуто "
        f"по {ru_count(tones['ok'])}, близко к цели (в пределах 10 %) — {ru_count(tones['warn'])}, не достигнуто — "
        f"{ru_count(tones['bad'])}, без целевого значения — {ru_count(tones[''])}.")
    better = worse = 0
    if scope.previous is not None:
        before = aggregate_table(municipality_ids=scope.municipality_ids, years=[scope.previous],
                                 indicators=[r["indicator"] for r in with_data])
        for r in with_data:
            old = before.get((r["indicator"].pk, scope.previous.pk, "all"))
            new = r["groups"]["all"].value
            if old is None or old.value is None or new is None or new == old.value \
                    or r["indicator"].direction == "none":
                continue
            if (new > old.value) == (r["indicator"].direction == "up"):
                better += 1
            else:
                worse += 1
    scope.facts.update(indicators_better=better, indicators_worse=worse, indicators_ok=tones["ok"])
    s.p(f"По сравнению с прошлым годом значение по всем школам улучшилось по {ru_count(better)} "
        f"{ru_plural(better, 'показателю,показателям,показателям')}, ухудшилось по {ru_count(worse)}.")
    table = s.table(Table("Показатели", f"Показатели мониторинга, {school_year_name(scope.year)}",
                          ["№", "Показатель", "Цель", "ШНОР", "n", "ШССУ", "n", "Другие школы", "n", "Все школы",
                           "n", "Оценка"],
                          ["int", "text", "num", "num", "int", "num", "int", "num", "int", "num", "int", "light"],
                          counted=t.INDICATORS))
    for r in rows:
        g = r["groups"]
        row = [r["indicator"].number or None, f"{r['name']}{' (%)' if r['unit'] == 'percent' else ''}", r["target"]]
        for key in ("lrs", "dsc", "other", "all"):
            cell = g[key]
            row += [float(cell.value) if cell.value is not None else None, cell.n or None]
        row.append(g["all"].tone)
        table.rows.append(row)
        for c, key in ((3, "lrs"), (5, "dsc"), (7, "other"), (9, "all")):
            if g[key].value is not None and g[key].schools < t.SMALL_SCHOOLS:
                table.small.add((len(table.rows) - 1, c))
    table.note = ("n — по чему рассчитано значение (участники, педагоги, обучающиеся). * — значение по группе "
                  f"меньше чем из {t.SMALL_SCHOOLS} школ: неустойчиво. Оценка — по всем школам относительно цели: "
                  "зелёный — достигнута, жёлтый — в пределах 10 %, красный — не достигнута, серый — нет цели или "
                  "данных.")
    pictures = small_multiples([{
        "title": r["name"], "series": [(label, r["trend"][key]) for key, label in
                                       (("lrs", "ШНОР"), ("dsc", "ШССУ"), ("other", "другие"))],
        "target": r["target"], "target_label": "цель", "y_suffix": " %" if r["unit"] == "percent" else ""}
        for r in with_data if _years_with_values(*(r["trend"][g] for g in ("lrs", "dsc", "other"))) >= 2])
    s.charts(pictures)
    return s


def _years_with_values(*series) -> int:
    """In how many years any of the series has a value: a picture is drawn only for a trend (two years or more); a
    single year is read in the table."""
    return len({i for points in series for i, point in enumerate(points) if point[1] is not None})


def _school_indicators(scope, s: Section, rows) -> Section:
    with_data = [r for r in rows if r["value"] is not None and r["value"].value is not None]
    scope.facts.update(indicators=len(rows), indicators_with_data=len(with_data))
    if not with_data:
        return s.empty(f"Значений показателей школы {year_in(scope.year)} нет.")
    tones = Counter(r["tone"] for r in with_data)
    s.p(f"Значения {year_in(scope.year)} есть по {ru_count(len(with_data))} из {ru_count(len(rows))} показателей; "
        f"цель достигнута по {ru_count(tones['ok'])}, не достигнута — по {ru_count(tones['bad'])}, близко к цели — "
        f"{ru_count(tones['warn'])}.")
    table = s.table(Table("Показатели школы", f"Показатели школы, {school_year_name(scope.year)}",
                          ["№", "Показатель", "Цель", "Значение", "n", "Изменение", "Медиана муниципалитета",
                           "Оценка"], ["int", "text", "num", "num", "int", "num", "num", "light"],
                          counted=t.INDICATORS))
    for r in rows:
        v = r["value"]
        median = r["median"][-1][1] if r["median"] else None
        table.rows.append([r["indicator"].number or None, r["name"], r["target"],
                           float(v.value) if v is not None and v.value is not None else None,
                           v.n if v is not None else None,
                           float(v.change) if v is not None and v.change is not None else None, median, r["tone"]])
        if v is not None and not v.reliable:
            table.small.add((len(table.rows) - 1, 3))
    table.note = "* — значение по малому n (ниже минимума показателя): неустойчиво."
    s.charts(small_multiples([{"title": r["name"], "series": [("школа", r["series"]), ("медиана", r["median"])],
                               "target": r["target"], "target_label": "цель",
                               "y_suffix": " %" if r["unit"] == "percent" else ""} for r in with_data
                              if _years_with_values(r["series"]) >= 2]))
    return s
