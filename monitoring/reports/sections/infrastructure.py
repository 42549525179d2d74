"""3. Support infrastructure: leader schools and internship sites, agreements, the listed schools without a partner."""

from collections import Counter

from core.formats import ru_count, ru_date
from partnerships.selectors import agreements_in_period, designations_in_period

from .. import text as t
from ..text import count, names, part_of, year_in
from .base import Scope, Section, Table


def infrastructure(scope: Scope, number: int) -> Section:
    s = Section("infrastructure", number, "Инфраструктура сопровождения")
    start, end = scope.period
    ids = scope.school_ids
    designations = designations_in_period(school_ids=ids, start=start, end=end)
    agreements = agreements_in_period(school_ids=ids, start=start, end=end)
    listed = scope.facts.get("listed_ids", set())
    partnered = {a.supported_school_id for a in agreements}
    without = [sc for sc in scope.schools if sc.pk in listed and sc.pk not in partnered]
    scope.facts.update(designation_munis=Counter(d.school.municipality_id for d in designations),
                       covered=len(listed & partnered), without_partner=len(without))
    if not designations and not agreements:
        s.empty(f"{year_in(scope.year).capitalize()} статусов школ-лидеров и стажировочных площадок и партнёрских "
                f"соглашений нет.")
    else:
        kinds = Counter(d.kind.short_name for d in designations)
        breakdown = f" ({', '.join(f'{k} — {ru_count(v)}' for k, v in sorted(kinds.items()))})" if kinds else ""
        s.p(f"{year_in(scope.year).capitalize()} статусов школ-лидеров и стажировочных площадок — "
            f"{ru_count(len(designations))}{breakdown}, соглашений о сопровождении — {ru_count(len(agreements))}.")
    if listed:
        s.p(f"Партнёра по соглашению имели {part_of(len(listed & partnered), len(listed))} ШНОР и ШССУ года"
            + (f"; без партнёра — {count(len(without), t.SCHOOLS)}: {names(scope.school_name(x) for x in without)}."
               if without else "; без партнёра школ нет."))
    if designations:
        table = s.table(Table("Статусы", "Школы-лидеры и стажировочные площадки",
                              ["Статус", "Школа", "Тема", "Начало", "Окончание", "Приказ", "Состояние"],
                              ["text", "text", "text", "date", "date", "text", "text"], counted=t.STATUSES))
        table.pdf = not scope.is_region
        for d in designations:
            table.rows.append([d.kind.short_name, scope.school_name(d.school), d.topic, d.start, d.end,
                               f"№ {d.order_number} от {ru_date(d.order_date)}", d.get_state_display()])
    if agreements:
        table = s.table(Table("Соглашения", "Партнёрские соглашения",
                              ["№", "Школа-лидер / площадка", "Сопровождаемая школа", "Начало", "Окончание",
                               "Направления", "Состояние"],
                              ["text", "text", "text", "date", "date", "text", "text"],
                              counted=t.AGREEMENTS))
        table.pdf = not scope.is_region
        for a in agreements:
            table.rows.append([a.number, scope.school_name(a.designation.school), scope.school_name(a.supported_school),
                               a.start, a.end, ", ".join(a.direction_labels), a.get_state_display()])
    return s
