"""7. The programme's effect: difference in differences of the result indicators, supported schools against
comparable schools of the region (monitoring.effect; the method in docs/indicators.md)."""

from core.formats import ru_count, ru_number
from monitoring.effect import MIN_SCHOOLS, K
from monitoring.selectors import effectiveness

from .. import text as t
from ..text import count, names, part_of, year_in
from .base import Scope, Section, Table


def effect(scope: Scope, number: int) -> Section:
    s = Section("effect", number, "Эффект программы")
    if scope.is_school:
        return s.empty("Эффект программы оценивается по группе поддерживаемых школ против сопоставимых школ региона; "
                       "для отдельной школы он не рассчитывается — см. изменение её показателей в предыдущем разделе.")
    data = effectiveness(scope.territory, scope.school_year)
    rows = data["rows"]
    estimated = [r for r in rows if r["effect"].estimate is not None]
    scope.facts.update(effect_rows=len(rows), effect_estimated=len(estimated),
                       effect_positive=sum(1 for r in estimated if r["effect"].significant and _good(r) is True),
                       effect_negative=sum(1 for r in estimated if r["effect"].significant and _good(r) is False))
    s.p(f"Эффект оценивается методом «разность разностей»: изменение показателя поддерживаемых школ (со статусом ШНОР "
        f"или ШССУ {year_in(scope.year)}, всего {ru_count(data['supported'])}) от прошлого года к этому сравнивается "
        f"с изменением у сопоставимых школ региона без статуса (по {K} ближайших по показателю двух прошлых лет и "
        f"социальному индексу). Интервал — 95 %; при меньше чем {MIN_SCHOOLS} школах в любой из групп эффект не "
        f"оценивается.")
    if not rows:
        return s.empty("Показателей результатов для оценки эффекта в каталоге нет.")
    if not estimated:
        s.empty(f"Оценить эффект {year_in(scope.year)} нельзя ни по одному показателю: недостаточно школ со значениями "
                f"за два года подряд (нужно не меньше {MIN_SCHOOLS} в каждой группе).")
    for r in estimated:
        e = r["effect"]
        suffix = " п. п." if r["indicator"].unit == "percent" else ""
        verdict = ("значимый" if e.significant else "незначимый: интервал включает ноль")
        s.p(f"«{r['name']}»: эффект {_signed(e.estimate)}{suffix} (95 % интервал от {_signed(e.low)} до "
            f"{_signed(e.high)}{suffix}; n = {ru_count(e.supported)} + {ru_count(e.comparison)} школ) — {verdict}; "
            f"улучшение у {part_of(e.improved, e.supported)} поддерживаемых школ.")
    table = s.table(Table("Эффект", "Оценка эффекта по показателям результатов",
                          ["Показатель", "Поддерживаемых школ", "Школ сравнения", "Улучшили", "Ухудшили", "Эффект",
                           "Нижняя граница", "Верхняя граница", "p", "Примечание"],
                          ["text", "int", "int", "int", "int", "num", "num", "num", "p", "text"],
                          counted=t.INDICATORS))
    for r in rows:
        e = r["effect"]
        table.rows.append([r["name"], e.supported, e.comparison, e.improved, e.worsened, e.estimate, e.low, e.high,
                           e.p_value, e.note or ("значимый" if e.significant else "незначимый")])
        if e.supported < t.SMALL_N and e.supported:
            table.small.add((len(table.rows) - 1, 1))
    table.note = t.SMALL_NOTE
    if data["left"]:
        s.p(f"Вышли из списка по сравнению с прошлым годом: {names(scope.school_name(x) for x in data['left'])}.")
    if data["long_status"]:
        s.p("В статусе больше трёх лет подряд: " + names(f"{scope.school_name(sc)} — {count(n, t.YEARS)}"
                                                   for sc, n in data["long_status"]) + ".")
    return s


def _signed(value) -> str:
    """An estimate or a bound in a sentence: «+3,2», «−1,5» (a true minus), «0,0»."""
    return ru_number(value, 1, plus=True)


def _good(row) -> bool | None:
    e = row["effect"]
    if e.estimate is None:
        return None
    direction = row["indicator"].direction
    if direction == "none":
        return None
    return (e.estimate > 0) == (direction != "down")
