"""Reporting periods of a roadmap: calendar quarters or half-years that overlap its period."""

import datetime
from dataclasses import dataclass

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str


def _month_end(year: int, month: int) -> datetime.date:
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def periods(start: datetime.date, end: datetime.date, kind: str) -> list[Period]:
    """Quarters («I квартал 2026») or half-years («II полугодие 2025») overlapping [start, end], in order."""
    months = 3 if kind == "quarter" else 6
    word = "квартал" if kind == "quarter" else "полугодие"
    out = []
    year, first = start.year, (start.month - 1) // months * months + 1
    while True:
        p_start = datetime.date(year, first, 1)
        if p_start > end:
            return out
        last = first + months - 1
        out.append(Period(p_start, _month_end(year, last), f"{ROMAN[(first - 1) // months + 1]} {word} {year}"))
        first = last + 1
        if first > 12:
            year, first = year + 1, 1


def started(start: datetime.date, end: datetime.date, kind: str, today: datetime.date) -> list[Period]:
    """Periods one may report on: those that have begun."""
    return [p for p in periods(start, end, kind) if p.start <= today]
