"""Task columns of a per-student ВПР file: which columns are tasks, each task's maximum and level, a pupil's points.

ФИС ОКО «Индивидуальные результаты» has a column per task headed with its number and maximum («1 (2б)», «2.1 (1б)»).
The level (Б базовый, П повышенный, В высокий) is printed in the work's description («обобщённый план варианта»),
not in the export, so the file may carry it in two ways (docs/architecture.md, «Файл ВПР ФИС ОКО»):
- in the header cell after the maximum: «3 (2б) П», «3 (2б, П)», «3 (2 балла) повышенный»;
- in a row of the header block above the table whose first cell is «Уровень» («Уровень сложности»), the level under
  each task's column; a row «Максимальный балл» the same way gives maxima for headers that are bare numbers («3»).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.imports.readers import ImportFileError, normalize_header

from ...models import TaskLevel

LEVEL_WORDS = r"б|п|в|базов\w*|повыш\w*|высок\w*"
TASK_HEADER = re.compile(
    r"^(?P<task>\d{1,2}(?:\.\d{1,2})?)\s*"
    r"(?:\(\s*(?P<max>\d{1,2})\s*(?:б\.?|балл\w*)\s*(?:[,;]\s*(?P<inner>" + LEVEL_WORDS + r")\s*)?\))?"
    r"\s*(?P<outer>" + LEVEL_WORDS + r")?$")
LEVELS = {"б": TaskLevel.BASIC, "п": TaskLevel.ADVANCED, "в": TaskLevel.HIGH}
NOT_ATTEMPTED = {"x", "х"}  # ФИС ОКО: the pupil did not start the task — 0 points
NO_VALUE = {"", "-", "–", "—", "н", "нет данных"}


@dataclass(frozen=True)
class TaskColumn:
    index: int  # position in the file's row
    header: str  # as written in the file (errors name it)
    task: str  # «1», «2.1»
    max_points: int
    level: str  # TaskLevel value or "" (unknown: kept, left out of the task pattern signal)


def level_of(text: str) -> str | None:
    """«П», «повышенный» → «П»; empty → ""; anything else → None."""
    word = normalize_header(text)
    if not word:
        return ""
    return LEVELS.get(word[0]) if re.fullmatch(LEVEL_WORDS, word) else None


def _block_row(above: list[list], *starts: str) -> list | None:
    """The header block's row whose first filled cell starts with one of `starts` (cells keep their columns)."""
    for row in above:
        first = next((normalize_header(c) for c in row if c is not None and str(c).strip()), "")
        if first.rstrip(":").startswith(starts):
            return row
    return None


def task_columns(header: list[str], above: list[list]) -> list[TaskColumn]:
    """The file's task columns; ImportFileError for a layout that cannot be read (the file's own message)."""
    levels = _block_row(above, "уровень")
    maxima = _block_row(above, "максимальный балл", "макс. балл", "макс балл")
    out, seen = [], {}
    for index, cell in enumerate(header):
        text = normalize_header(cell)
        match = TASK_HEADER.match(text.removesuffix(".0") if re.fullmatch(r"\d{1,2}\.0", text) else text)
        if not match:
            continue
        task = match["task"]
        if task in seen:
            raise ImportFileError(_("Задание «%(t)s» встречается в заголовке дважды: столбцы «%(a)s» и «%(b)s».") % {
                "t": task, "a": seen[task], "b": cell})
        seen[task] = cell
        max_points = int(match["max"]) if match["max"] else None
        if maxima is not None and index < len(maxima) and str(maxima[index] or "").strip():
            from_row = str(maxima[index]).strip().removesuffix(".0")
            if not from_row.isdigit() or max_points is not None and int(from_row) != max_points:
                raise ImportFileError(_("Задание «%(t)s»: максимальный балл в строке «Максимальный балл» (%(v)s) "
                                        "не совпадает с заголовком или не число.") % {"t": task, "v": from_row})
            max_points = int(from_row)
        if not max_points:
            if match["max"] is None and maxima is None and not match["outer"]:
                continue  # a bare number with nothing telling its maximum: not read as a task
            raise ImportFileError(_("Задание «%(t)s»: не указан максимальный балл — пишите в заголовке «%(t)s (2б)» "
                                    "или добавьте над таблицей строку «Максимальный балл».") % {"t": task})
        level = LEVELS[normalize_header(match["inner"] or match["outer"])[0]] if (
            match["inner"] or match["outer"]) else ""
        if levels is not None and index < len(levels):
            from_row = level_of(levels[index] if levels[index] is not None else "")
            if from_row is None:
                raise ImportFileError(_("Задание «%(t)s»: уровень «%(v)s» в строке «Уровень» не распознан — пишите "
                                        "Б (базовый), П (повышенный) или В (высокий).") % {
                    "t": task, "v": str(levels[index]).strip()})
            if from_row and level and from_row != level:
                raise ImportFileError(_("Задание «%(t)s»: уровень в заголовке («%(a)s») и в строке «Уровень» "
                                        "(«%(b)s») различаются.") % {"t": task, "a": level, "b": from_row})
            level = level or from_row
        out.append(TaskColumn(index=index, header=str(cell).strip(), task=task, max_points=max_points, level=level))
    return out


def points(raw, max_points: int) -> int | None:
    """A pupil's points on a task: 0…max; «X» (did not start) → 0; empty, «-» → None (no value, not counted)."""
    if type(raw) is int and 0 <= raw <= max_points:  # noqa: E721 - the usual cell, without bool
        return raw
    if isinstance(raw, float) and raw.is_integer() and 0 <= raw <= max_points:
        return int(raw)
    text = normalize_header(raw if not isinstance(raw, float) or not raw.is_integer() else int(raw)) if (
        raw is not None) else ""
    if text in NO_VALUE:
        return None
    if text in NOT_ATTEMPTED:
        return 0
    number = text.replace(",", ".")
    if re.fullmatch(r"-?\d{1,6}(\.\d+)?", number):
        value = float(number)
        if value < 0:
            raise ValueError(_("Балл за задание не может быть отрицательным."))
        if not value.is_integer():
            raise ValueError(_("Балл за задание — целое число."))
        if value > max_points:
            raise ValueError(_("Балл за задание больше максимального (%(m)s).") % {"m": max_points})
        return int(value)
    raise ValueError(_("Балл за задание — число от 0 до %(m)s, «X» (не приступал) или пусто (нет данных).") % {
        "m": max_points})
