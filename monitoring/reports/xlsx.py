"""The XLSX companion: every table of the report on its own sheet (numbers as numbers, dates as dates), after a first
sheet with the report's parameters. Written through core.exports, so user text stays text."""

from django.utils import timezone

from core import limits
from core.charts import TONE_LABELS
from core.exports import build_workbook
from core.formats import ru_date, school_year_name

from .models import AnnualReport


def _value(value, kind: str):
    if kind == "light":
        return TONE_LABELS.get(value or "", TONE_LABELS[""])
    if kind == "int" and value is not None:
        return int(value)
    if kind in ("pct", "num", "p") and value is not None:
        return round(float(value), 4 if kind == "p" else 2)
    if isinstance(value, str) and len(value) > limits.LONG_TEXT:  # longer than any form takes: put in around them
        return value[: limits.LONG_TEXT] + "…"
    return value


def sheets(report: AnnualReport, content) -> list[tuple[str, list[str], list[list]]]:
    as_of = timezone.localtime(report.data_as_of) if report.data_as_of else None
    about = [
        ["Отчёт", "Отчёт об эффективности работы с ШНОР и ШССУ"],
        ["Территория", report.territory_label],
        ["Учебный год", school_year_name(report.school_year.start_year)],
        ["Версия", report.version],
        ["Данные на", f"{ru_date(as_of.date())} {as_of:%H:%M}" if as_of else ""],
        ["Запросил", report.requested_by.display_name if report.requested_by_id else "по расписанию"],
    ]
    out = [("Параметры", ["Параметр", "Значение"], about)]
    for section in content:
        for table in section.tables:
            rows = [[_value(v, k) for v, k in zip(row, table.kinds, strict=True)] for row in table.rows]
            headers = [f"{h}, %" if k == "pct" and not h.endswith("%") else h
                       for h, k in zip(table.headers, table.kinds, strict=True)]
            out.append((f"{table.number}. {table.key}", headers, rows))
    return out


def workbook(report: AnnualReport, content) -> bytes:
    return build_workbook(sheets(report, content))
