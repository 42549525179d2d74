"""1. Summary: written last, from the figures the other sections left in `Scope.facts`."""

from core.formats import ru_count, school_year_name

from .. import text as t
from ..text import count, part_of, year_in
from .base import Scope, Section


def summary(scope: Scope, number: int) -> Section:
    f = scope.facts
    s = Section("summary", number, "Краткие итоги")
    n = len(scope.schools)
    lines = []
    if scope.is_school:
        lines.append(f"Отчёт по школе «{scope.territory.short_name}» за {school_year_name(scope.year)} учебный год.")
    else:
        lines.append(f"На территории {count(n, 'действующая школа,действующие школы,действующих школ')}.")
    if f.get("list_known"):
        lines.append(_list_line(scope))
    else:
        lines.append(f"Утверждённого списка ШНОР и ШССУ {year_in(scope.year)} нет.")
    if f.get("listed"):
        lines.append(f"Партнёра по соглашению имели {part_of(f.get('covered', 0), f['listed'])} ШНОР и ШССУ; "
                     f"без партнёра — {ru_count(f.get('without_partner', 0))}.")
    if f.get("activities"):
        lines.append(f"Выполнено {part_of(f['done'], f['activities'])} мероприятий дорожных карт, просрочено "
                     f"{ru_count(f['overdue'])}.")
    else:
        lines.append("Мероприятий дорожных карт в году нет.")
    if f.get("teachers"):
        lines.append(f"Проведено {count(f.get('events', 0), t.EVENTS)}; педагогов, прошедших диагностику, — "
                     f"{part_of(f['diagnosed'], f['teachers'])}, с наставником — "
                     f"{part_of(f['mentored'], f['teachers'])}; положительная динамика при повторной диагностике — у "
                     f"{part_of(f.get('positive', 0), f.get('diagnosed_twice', 0))}.")
    if f.get("indicators_with_data"):
        lines.append(f"Показатели: данные есть по {ru_count(f['indicators_with_data'])} из "
                     f"{ru_count(f['indicators'])}"
                     + (f", цель достигнута по {ru_count(f.get('indicators_ok', 0))}, к прошлому году улучшились "
                        f"{ru_count(f.get('indicators_better', 0))}, ухудшились "
                        f"{ru_count(f.get('indicators_worse', 0))}." if not scope.is_school else "."))
    else:
        lines.append("Значений показателей мониторинга в году нет.")
    if not scope.is_school:
        if f.get("effect_estimated"):
            lines.append(f"Эффект программы оценён по {ru_count(f['effect_estimated'])} из "
                         f"{ru_count(f['effect_rows'])} показателей результатов: значимое улучшение — по "
                         f"{ru_count(f.get('effect_positive', 0))}, значимое ухудшение — по "
                         f"{ru_count(f.get('effect_negative', 0))}.")
        else:
            lines.append("Эффект программы оценить нельзя: недостаточно школ с данными за два года.")
    lines.append(f"Адресных рекомендаций — {ru_count(f.get('recommendations', 0))}.")
    s.items(lines)
    return s


def _list_line(scope: Scope) -> str:
    """The year's list against the year before (when the portal holds it)."""
    f = scope.facts
    if not f.get("had_list"):
        return (f"В списке ШНОР и ШССУ {year_in(scope.year)} — {count(f['listed'], t.SCHOOLS)} (списка прошлого года "
                f"в портале нет); больше трёх лет подряд в статусе — {ru_count(f.get('long_status', 0))}.")
    change = f["listed"] - f.get("listed_before", 0)
    than = (f"на {ru_count(abs(change))} {'больше' if change > 0 else 'меньше'}, чем в прошлом году" if change
            else "столько же, сколько в прошлом году")
    return (f"В списке ШНОР и ШССУ {year_in(scope.year)} — {count(f['listed'], t.SCHOOLS)} ({than}); новых школ в "
            f"списке — {ru_count(f.get('entered', 0))}, вышли из него {ru_count(f.get('left', 0))}; больше трёх лет "
            f"подряд в статусе — {ru_count(f.get('long_status', 0))}.")
