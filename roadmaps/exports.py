"""A roadmap as an official plan-graph: XLSX (which the `roadmap` import reads back) and PDF (landscape A4)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.exports import cell_value, put, workbook_bytes
from core.formats import ru_date
from core.pdf import html_to_pdf

from . import selectors
from .models import Roadmap

# (header, width): the import finds the header row by these names; "Направление" rows group the activities
COLUMNS = [
    ("№ п/п", 7), ("Мероприятие", 48), ("Начало", 12), ("Срок исполнения", 14), ("Ответственные", 28),
    ("Исполнители", 24), ("Ожидаемый результат", 36), ("Целевой показатель", 26), ("Целевое значение", 12),
    ("Фактор риска", 26), ("Статус", 14), ("Выполнено, %", 11),
]


SUFFIX = "направление"


def approval_lines(roadmap: Roadmap) -> list[str]:
    """The stamp block: «УТВЕРЖДЕНО приказом … от … № …» or blanks to fill in by hand."""
    if roadmap.order_number:
        order = _("от %(d)s № %(n)s") % {"d": ru_date(roadmap.order_date), "n": roadmap.order_number}
    else:
        order = _("от «___» __________ 20__ г. № ____")
    return [_("УТВЕРЖДЕНО"), _("приказом управления образования"),
            _("муниципального образования %(m)s") % {"m": roadmap.municipality.name}, order]


def owner_line(roadmap: Roadmap) -> str:
    """Whose plan it is, as an official document names it: the school's full name (a programme, a site's plan) or
    the municipality."""
    if roadmap.school_id:
        return roadmap.school.full_name or roadmap.school.short_name
    return _("муниципальное образование %(m)s") % {"m": roadmap.municipality.name}


def heading(roadmap: Roadmap) -> list[str]:
    """The title lines: the kind of plan, whose it is, its title, its school year and period."""
    kind = {"municipal": _("План-график (дорожная карта)"),
            "school": _("Программа перехода в эффективный режим функционирования (план-график)"),
            "site": _("План работы школы-лидера / стажировочной площадки")}[roadmap.level]
    return [kind, owner_line(roadmap), roadmap.title, _("на %(y)s учебный год (%(s)s – %(e)s)") % {
        "y": roadmap.school_year.name, "s": ru_date(roadmap.period_start), "e": ru_date(roadmap.period_end)}]


def group_title(direction) -> str:
    """«Организационно-управленческое направление»: the import reads the direction back from this row."""
    name = direction.name
    return name if name.lower().endswith(SUFFIX) else f"{name} {SUFFIX}"


def activity_row(a) -> list:
    return [a.number, a.title, a.start, a.due, a.responsible, a.executors, a.expected_result, a.indicator,
            a.target_value, a.risk_factor.name if a.risk_factor_id else "", a.get_status_display(),
            a.percent]  # whole percent points as a number: the `roadmap` import reads the plan-graph back


def roadmap_xlsx(roadmap: Roadmap) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("План-график")
    last = get_column_letter(len(COLUMNS))
    row = 1
    for line in approval_lines(roadmap):
        ws.cell(row=row, column=len(COLUMNS) - 2, value=cell_value(line)).alignment = Alignment(horizontal="left")
        row += 1
    row += 1
    for i, line in enumerate(heading(roadmap)):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=cell_value(line))
        cell.font = Font(bold=True, size=13 if i == 0 else 11)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        row += 1
    row += 1
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_row = row
    for col, (title, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=row, column=col, value=title)
        cell.font, cell.border = Font(bold=True), border
        cell.fill = PatternFill("solid", fgColor="DCE6F1")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    acts = selectors.activities(roadmap)
    for direction, items in selectors.grouped(acts):
        row += 1
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=cell_value(group_title(direction)))
        cell.font, cell.fill = Font(bold=True, italic=True), PatternFill("solid", fgColor="F2F2F2")
        for a in items:
            row += 1
            for col, value in enumerate(activity_row(a), start=1):
                cell = ws.cell(row=row, column=col)
                put(cell, value)  # dates as date cells (core/exports.py)
                cell.border = border
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = f"A{header_row + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    return workbook_bytes(wb)


def roadmap_pdf_html(roadmap: Roadmap) -> str:
    acts = list(selectors.activities(roadmap))
    return render_to_string("roadmaps/roadmap_pdf.html", {
        "roadmap": roadmap, "approval": approval_lines(roadmap), "heading": heading(roadmap),
        "groups": selectors.grouped(acts), "show_factor": roadmap.level == "school"})


def roadmap_pdf(roadmap: Roadmap) -> bytes:
    return html_to_pdf(roadmap_pdf_html(roadmap))
