"""XLSX exports: one helper that every list's "export" button uses, and the two rules every workbook the portal
writes keeps (`cell_value` on the way in, `workbook_bytes` on the way out):

- text from user data is text: a school name or an activity title such as `=HYPERLINK("http://…")` is written as a
  string cell, never as a live formula (openpyxl makes any string starting with `=` a formula); `+`, `-`, `@` and a
  leading tab or CR are string cells too, so a spreadsheet never evaluates them;
- control characters are stripped (the last line of defence behind the input checks of `core.validators`):
  openpyxl refuses them, which made every later export of the list answer 500;
- dates are date cells shown as 01.09.2025 (`DATE_FORMAT`; a moment also with its time, in local time), and a share
  given as `Percent(12.5)` is the number 0.125 shown as 12,5 % (`PERCENT_FORMAT`): a spreadsheet sorts and sums
  them; never the strings «01.09.2025» or «12,5 %».
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .validators import strip_control_characters

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
PERCENT_FORMAT = "0.0 %"  # the share 0.125 shows as «12,5 %» (a Russian Excel puts its decimal comma)


@dataclass(frozen=True)
class Percent:
    """A share in percent points for a workbook: `Percent(12.5)` becomes the number 0.125 shown as 12,5 %; no value
    stays an empty cell (unknown, never 0)."""

    points: float | None


def cell_value(value):
    """A value as a cell may hold it: text without control characters, a percent as its share, a moment in local
    time without its zone (openpyxl refuses zones); other values as they are."""
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, Percent):
        return None if value.points is None else float(value.points) / 100
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def put(cell, value) -> None:
    """Write a value into a cell the way every workbook of the portal does (`cell_value`, and a percent's format)."""
    cell.value = cell_value(value)
    if isinstance(value, Percent):
        cell.number_format = PERCENT_FORMAT


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook saved: every formula cell first made a string cell (the portal writes no formulas of its own, so
    any formula came from user data), every date cell shown as 01.09.2025 (with the time if it has one)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == TYPE_FORMULA:
                    cell.data_type = TYPE_STRING
                elif isinstance(cell.value, datetime.datetime):
                    has_time = cell.value.time() != datetime.time()
                    cell.number_format = DATETIME_FORMAT if has_time else DATE_FORMAT
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = DATE_FORMAT
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def build_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Лист1") -> bytes:
    """A workbook with a bold, frozen header row and columns sized to their content."""
    return build_workbook([(title, headers, rows)])


def build_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """A workbook of several sheets (title, headers, rows), each laid out as `build_xlsx` lays out its one sheet;
    numbers stay numbers. Sheet titles are cut to Excel's 31 characters and made unique."""
    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    used: set[str] = set()
    for title, headers, rows in sheets:
        name = _sheet_title(title, used)
        used.add(name)
        _fill_sheet(wb.create_sheet(name), headers, rows)
    if not wb.worksheets:
        wb.create_sheet("Лист1")
    return workbook_bytes(wb)


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31] or "Лист"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    return name


def _fill_sheet(ws, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    ws.append(list(headers))
    widths = [len(str(h)) for h in headers]
    for r, row in enumerate(rows, start=2):
        for i, v in enumerate(row):
            put(ws.cell(row=r, column=i + 1), "" if v is None else v)
            shown = ("01.09.2025" if isinstance(v, datetime.date) else "12,5 %" if isinstance(v, Percent)
                     else cell_value(v))
            widths[i] = max(widths[i], min(len(str(shown)), 60))
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w + 2
    ws.freeze_panes = "A2"


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Лист1"):
    response = HttpResponse(build_xlsx(headers, rows, title=title), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
