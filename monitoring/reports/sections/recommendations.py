"""8. Targeted recommendations of the year (without the dismissed), by audience, with their basis and decisions."""

from collections import Counter

from core import limits
from core.formats import ru_count, ru_date, school_year_name
from monitoring.selectors import recommendations_for

from .. import text as t
from ..text import count, names, quote
from .base import Scope, Section, Table

AUDIENCE_TITLES = (("school", "Школам"), ("methodical", "Методической службе"),
                   ("department", "Управлению образования"))
IN_PORTAL = "в портале: «Мониторинг» → «Рекомендации»"


def recommendations(scope: Scope, number: int) -> Section:
    s = Section("recommendations", number, "Адресные рекомендации")
    recs = [r for r in recommendations_for(scope.territory, scope.school_year) if r.state != "dismissed"]
    scope.facts["recommendations"] = len(recs)
    if not recs:
        return s.empty(f"Рекомендаций на {school_year_name(scope.year)} учебный год нет: правила мониторинга не "
                       f"выявили оснований, методисты рекомендаций не добавили.")
    adopted = [r for r in recs if r.state == "adopted"]
    s.p(f"Сформировано {count(len(recs), t.RECOMMENDATIONS)} (без отклонённых), из них принято управленческими "
        f"решениями {ru_count(len(adopted))}.")
    audiences = dict(AUDIENCE_TITLES)
    for audience, title in AUDIENCE_TITLES:
        group = [r for r in recs if r.audience == audience]
        if not group:
            s.h(title)
            s.empty("Рекомендаций нет.")
            continue
        s.h(f"{title} ({ru_count(len(group))})")
        if scope.is_region and audience == "school":
            by_muni = Counter(r.municipality.name for r in group)
            s.p("По муниципалитетам: " + names((f"{m} — {ru_count(n)}" for m, n in sorted(by_muni.items())), limit=40)
                + ". Тексты рекомендаций школам — в таблице отчёта в книге Excel.")
            continue
        shown = group[: limits.REPORT_TABLE_ROWS]  # the rest are in the workbook's table (core/limits.py)
        s.items([_recommendation_line(scope, r) for r in shown]
                + ([f"и ещё {count(len(group) - len(shown), t.RECOMMENDATIONS)} — полный список в XLSX, в таблице "
                    f"«Адресные рекомендации»"] if len(group) > len(shown) else []))
    table = s.table(Table("Рекомендации", "Адресные рекомендации", pdf=False,
                          headers=["Кому", "Школа", "Рекомендация", "Основание", "Состояние", "Решение"],
                          kinds=["text"] * 6))
    for r in recs:
        table.rows.append([audiences.get(r.audience, r.audience), scope.school_name(r.school) if r.school_id else "",
                           r.text, "; ".join(_reason(x) for x in r.reasons), r.get_state_display(),
                           f"приказ № {r.order_number} от {ru_date(r.order_date)}" if r.state == "adopted" else ""])
    return s


def _recommendation_line(scope: Scope, r) -> str:
    who = f"{scope.school_name(r.school)}: " if r.school_id else ""
    basis = f" Основание: {'; '.join(_reason(x) for x in r.reasons)}." if r.reasons else ""
    decision = (f" Принята: приказ № {r.order_number} от {ru_date(r.order_date)}"
                f"{' — ' + quote(r.decision, IN_PORTAL) if r.decision else ''}." if r.state == "adopted" else "")
    return f"{who}{quote(r.text, IN_PORTAL)}{basis}{decision}"


def _reason(reason) -> str:
    """A recommendation's reason as monitoring keeps it ({"label", "value", …} or text) → «просрочено: 3»."""
    if isinstance(reason, dict):
        label, value = reason.get("label", ""), reason.get("value", "")
        return f"{label}: {value}" if label else str(value)
    return str(reason)
