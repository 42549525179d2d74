"""Cells and sheets of per-student result files: marks, classes, scores, dates, the header block above the table
and the totals rows under it."""

import datetime
import re
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext as _

from core.formats import parse_date
from core.imports.readers import normalize_header

from ...models import class_key

NO_MARK = {"", "x", "х", "-", "–", "—", "нет отметки", "не писал", "отсутствовал", "н"}


def mark(raw) -> int | None:
    """«5» → 5; «X», «-», «нет отметки», empty → None (not counted); anything else → ValueError."""
    if raw in (2, 3, 4, 5) and not isinstance(raw, bool):  # a number cell (int or float), the usual case
        return int(raw)
    if raw is None:
        return None
    text = normalize_header(raw if not isinstance(raw, float) or not raw.is_integer() else int(raw))
    if text in NO_MARK:
        return None
    if text in ("2", "3", "4", "5"):
        return int(text)
    raise ValueError(_("Отметка должна быть 2, 3, 4 или 5 (или «X», «-», «нет отметки»)."))


@lru_cache(maxsize=512)
def grade(raw) -> int:
    """«5А», «5 б», 5 → 5 (a file has a few dozen distinct class names: each is parsed once)."""
    match = re.match(r"\s*(\d{1,2})", str(raw if raw is not None else ""))
    if not match or not 4 <= int(match.group(1)) <= 11:
        raise ValueError(_("Класс: ожидается номер класса от 4 до 11, например «5» или «5А»."))
    return int(match.group(1))


@lru_cache(maxsize=512)
def class_name(raw) -> str:
    """«5 а», «5А», 5 → «5А», «5» (the key teaching assignments use)."""
    return class_key(text_of(raw))


def differs_value(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is None or new is None or Decimal(str(old)) != Decimal(str(new))
    return old != new


def score(raw) -> Decimal | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 0 <= raw <= 1000:
        return decimal_of(raw)
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if normalize_header(text) in NO_MARK:
        return None
    if len(text) > 20:  # «1E+5000000» and the like: refused before any arithmetic
        raise ValueError(_("Балл должен быть числом."))
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValueError(_("Балл должен быть числом.")) from None
    if not value.is_finite() or value.adjusted() > 3:
        raise ValueError(_("Балл должен быть числом не больше 1000."))
    if value < 0:
        raise ValueError(_("Балл не может быть отрицательным."))
    return value


SUMMARY_WORDS = ("всего", "итого", "среднее", "средний", "средняя")


@lru_cache(maxsize=4096)
def decimal_of(number) -> Decimal:
    """A number cell as the Decimal its text shows (12.0 → 12, 10.5 → 10.5), without float noise."""
    return Decimal(int(number)) if float(number).is_integer() else Decimal(repr(float(number)))


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def is_summary(cells) -> bool:
    """A totals row under the table («Всего участников: 197», «Итого», «Средний балл: …»): not a student."""
    for cell in cells:
        if cell is None or str(cell).strip() == "":
            continue
        return str(cell).strip().lower().startswith(SUMMARY_WORDS)
    return False


def date_of(value) -> datetime.date | None:
    """«15.04.2025», «2025-04-15» or an Excel date; None when the cell holds no date."""
    try:
        return parse_date(value)
    except ValueError:
        return None


def title_year(above: list[list]) -> int | None:
    """«ВПР 2025 …» in the title: ВПР are written in spring, so 2025 is the school year 2024/2025."""
    for row in above:
        for cell in row:
            match = re.search(r"\bВПР[\s-]*(20\d\d)\b", str(cell or ""), re.IGNORECASE)
            if match:
                return int(match.group(1)) - 1
    return None


def metadata(above: list[list]) -> dict[str, str]:
    """«Предмет: Математика», «Учебный год | 2024/2025» … in the rows above the header."""
    out = {}
    for row in above:
        cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
        for i, cell in enumerate(cells):
            if ":" in cell:
                key, _sep, value = cell.partition(":")
                if value.strip():
                    out[normalize_header(key)] = value.strip()
                    continue
                if i + 1 < len(cells):
                    out[normalize_header(key)] = cells[i + 1]
            elif i + 1 < len(cells) and i == 0:
                out.setdefault(normalize_header(cell), cells[i + 1])
    return out
