"""2. Identification: the year's official list of ШНОР and ШССУ, who entered and left it, who is long in status."""

from core.formats import ru_count, ru_date, ru_percent, school_year_name
from identification.models import Status
from identification.selectors import long_standing, official_list_of_schools, official_pairs

from .. import text as t
from ..text import count, names, share, year_in
from .base import STATUS_LABELS, Scope, Section, Table


def identification(scope: Scope, number: int) -> Section:
    s = Section("identification", number, "Выявление ШНОР и ШССУ")
    ids = scope.school_ids
    rows = official_list_of_schools(school_ids=ids, start_year=scope.year)
    previous = official_pairs(school_ids=ids, start_year=scope.year - 1)
    current = {(r.status.school_id, r.status.status) for r in rows}
    listed = {sid for sid, _st in current}
    scope.facts.update(listed=len(listed), listed_before=len({sid for sid, _st in previous}), had_list=bool(previous),
                       list_known=bool(rows), listed_ids=listed)
    if not rows:
        s.empty(f"Утверждённого списка ШНОР и ШССУ на {school_year_name(scope.year)} учебный год нет: школы со "
                f"статусом в этом году не выявлены, раздел не заполняется.")
        scope.facts.update(entered=0, left=0)
        return s

    runs = {r.status.run_id: r.status.run for r in rows}
    for run in sorted(runs.values(), key=lambda r: r.pk):
        snap = run.snapshot
        s.p(f"Список на {school_year_name(scope.year)} учебный год утверждён приказом № {run.order_number} от "
            f"{ru_date(run.order_date)} по методике «{snap.get('name', '')}», версия {snap.get('version', '')}; "
            f"основание — данные {run.data_years_label}.")
    lrs = sum(1 for _sid, st in current if st == Status.LRS)
    dsc = sum(1 for _sid, st in current if st == Status.DSC)
    both = sum(1 for sid in listed if (sid, Status.LRS) in current and (sid, Status.DSC) in current)
    if scope.is_school:
        held = ", ".join(STATUS_LABELS[st] for _sid, st in sorted(current))
        years = max(r.years_in_status for r in rows)
        s.p(f"Школа в списке {year_in(scope.year)}: {held}; в статусе {count(years, t.YEARS)} подряд.")
    else:
        sentence = (f"В списке {count(len(listed), t.SCHOOLS)} из {ru_count(len(ids))} "
                    f"({ru_percent(share(len(listed), len(ids)))}): ШНОР — {ru_count(lrs)}, ШССУ — {ru_count(dsc)}")
        s.p(sentence + (f", оба статуса у {count(both, t.SCHOOLS_GEN)}." if both else "."))

    entered = sorted(current - previous, key=lambda p: p[0])
    left = sorted(previous - current, key=lambda p: p[0])
    before_ids = {sid for sid, _st in previous}
    scope.facts.update(entered=len(listed - before_ids), left=len(before_ids - listed))
    by_id = {sc.pk: sc for sc in scope.schools}
    if scope.previous is None or not previous and scope.year - 1 < min(r.status.school_year.start_year for r in rows):
        s.p(f"Списка на {school_year_name(scope.year - 1)} учебный год нет: сравнить с прошлым годом нельзя.")
    else:
        def labelled(pairs):
            return [f"{scope.school_name(by_id[sid])} ({STATUS_LABELS[st]})" for sid, st in pairs if sid in by_id]

        s.p(f"По сравнению с {school_year_name(scope.year - 1)} учебным годом в список вошли {ru_count(len(entered))}, "
            f"вышли {ru_count(len(left))} (считаются пары «школа — статус»).")
        if len(entered) + len(left) <= 20:
            s.items([f"Вошла: {x}" for x in labelled(entered)] + [f"Вышла: {x}" for x in labelled(left)])
        else:
            s.p(f"Вошли: {names(labelled(entered))}. Вышли: {names(labelled(left))}.")

    long = [r for r in rows if r.long_standing]
    scope.facts["long_status"] = len({r.status.school_id for r in long})
    if long:
        s.p(f"Больше трёх лет подряд в статусе — {count(len(long), t.SCHOOLS)} (пары «школа — статус»), они "
            f"выделены в таблице: для них программа поддержки не дала выхода из списка и требует пересмотра.")
    else:
        s.p("Ни одна школа не находится в статусе больше трёх лет подряд.")

    table = Table("Список ШНОР и ШССУ", f"Список ШНОР и ШССУ на {school_year_name(scope.year)} учебный год",
                  ["№", "Школа", "Статус", "Основания", "Лет в статусе подряд"], ["int", "text", "text", "text", "int"])
    for n, r in enumerate(rows, start=1):
        table.rows.append([n, scope.school_name(r.status.school), r.status.get_status_display(),
                           "; ".join(r.reasons) or "—", r.years_in_status])
        if long_standing(r.years_in_status):
            table.highlight.add(n - 1)
    table.note = "Полужирным — школы в статусе больше трёх лет подряд."
    table.pdf = not scope.is_region
    s.table(table)
    return s
