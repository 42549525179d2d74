"""XLSX exports: one helper that every list's "export" button uses, and the two rules every workbook the portal
writes keeps (`cell_value` on the way in, `workbook_bytes` on the way out):

- text from user data is text: a school name or an activity title such as `=HYPERLINK("http://…")` is written as a
  string cell, never as a live formula (openpyxl makes any string starting with `=` a formula); `+`, `-`, `@` and a
  leading tab or CR are string cells too, so a spreadsheet never evaluates them;
- control characters are stripped (the last line of defence behind the input checks of `core.validators`):
  openpyxl refuses them, which made every later export of the list answer 500.
"""

from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .validators import strip_control_characters

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_value(value):
    """A value as a cell may hold it: text without control characters (other values as they are)."""
    return strip_control_characters(value) if isinstance(value, str) else value


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook saved, every formula cell first made a string cell: the portal writes no formulas of its own,
    so any formula came from user data."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == TYPE_FORMULA:
                    cell.data_type = TYPE_STRING
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
    for row in rows:
        row = ["" if v is None else cell_value(v) for v in row]
        ws.append(row)
        for i, v in enumerate(row):
            widths[i] = max(widths[i], min(len(str(v)), 60))
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
