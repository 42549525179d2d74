"""Dates, school years and percentages as Russian users write them, for texts made in Python (e-mails, exports,
messages) and, through core.templatetags.portal, in templates."""

import datetime
import re
from decimal import Decimal


def ru_date(day: datetime.date | None) -> str:
    """date(2025, 9, 1) → «01.09.2025»; no date → an empty string."""
    return day.strftime("%d.%m.%Y") if day else ""


def ru_percent(value, digits: int = 1) -> str:
    """12.5 → «12,5 %»: a decimal comma, and a non-breaking space so that the number and its sign never part at a line
    end; no value → «—»."""
    if value in (None, ""):
        return "—"
    return f"{float(value):.{int(digits)}f}".replace(".", ",") + "\u00a0%"


def ru_number(value, digits: int = 1, plus: bool = False) -> str:
    """-4.93 → «−4,9» (a true minus sign, a decimal comma); with `plus` 1.5 → «+1,5»; zero unsigned; none → «—»."""
    if value in (None, ""):
        return "—"
    number = round(float(value), int(digits))
    text = f"{abs(number):.{int(digits)}f}".replace(".", ",")
    return ("−" if number < 0 else "+" if plus and number > 0 else "") + text


def ru_decimal(value, digits: int | None = 1, plus: bool = False) -> str:
    """A number as Python writes it, with a decimal comma: 12.5 → «12,5», -2.25 → «-2,2» (an ASCII hyphen, as the
    charts, tables and evidence texts have always shown it); `digits` None drops trailing zeros (30.0 → «30», 12.5 →
    «12,5»); with `plus` 1.5 → «+1,5»; none → «—». Sentences use `ru_number` (a true minus sign)."""
    if value in (None, ""):
        return "—"
    spec = ("+" if plus else "") + ("g" if digits is None else f".{int(digits)}f")
    number = value if isinstance(value, (int, float, Decimal)) else float(value)  # a Decimal rounds as a Decimal
    return format(number, spec).replace(".", ",")


def ru_count(value) -> str:
    """A count as a sentence or a table writes it: 1234 → «1 234» (a no-break space between thousands, so the number
    never parts at a line end); a fraction keeps one decimal (12.5 → «12,5»); none → «—»."""
    if value is None:
        return "—"
    if isinstance(value, (float, Decimal)) and value != int(value):
        return ru_decimal(float(value), 1)
    return f"{int(value):,}".replace(",", "\u00a0")


def nobreak(text: str) -> str:
    """«нижние 10 % региона», «№ 7» in stored texts (criterion titles, order numbers): the sign stays by its number."""
    return re.sub(r"(?<=\d) %", "\u00a0%", str(text)).replace("№ ", "№\u00a0")


def school_year_of(day: datetime.date) -> int:
    """The school year a day belongs to, as its starting calendar year: 01.09.2025–31.08.2026 → 2025."""
    return day.year if day.month >= 9 else day.year - 1


def school_year_name(start_year: int) -> str:
    """2025 → «2025/2026»."""
    return f"{start_year}/{start_year + 1}"


def parse_school_year(text) -> int:
    """'2024/2025', '2024-2025' or '2024' → 2024; ValueError on anything else."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[/\-–]\s*(\d{4}))?\s*", str(text))
    if not m or (m.group(2) and int(m.group(2)) != int(m.group(1)) + 1):
        raise ValueError(text)
    return int(m.group(1))


DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y")


def parse_date(raw) -> datetime.date:
    """A date as people and spreadsheets write it: «15.04.2025», «2025-04-15», «15.04.25», «15/04/2025» or a
    workbook's date cell; ValueError with a Russian message on anything else (imports turn it into a row error)."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw if raw is not None else "").strip()
    if with_time := re.fullmatch(r"(\S{8,10})[ T]\d{1,2}:\d\d(:\d\d(\.\d{1,6})?)?", text[:40]):
        text = with_time.group(1)  # «2025-04-15 00:00:00»: a spreadsheet's date written as text
    if len(text) <= 10:
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise ValueError("Дата записывается как 01.09.2025.")
