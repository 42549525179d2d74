"""Imports that cannot hang: each reproduction of the outside test, replayed — refused or answered
with a Russian message, writing nothing, within seconds."""

import codecs
import io
import re
import struct
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.imports import readers
from core.imports.readers import ImportFileError, read_table
from core.imports.services import run_import, start_job
from core.models import ImportJob
from schools.models import School, SchoolYearData

SCHOOL_HEADER = "Код ОО;Муниципалитет (код);Краткое наименование;Полное наименование;Вид;Местность"
YEARLY_HEADER = "Код ОО;Учебный год;Обучающихся;Педагогов"


def imp(kind, data: bytes, name="file.csv"):
    return run_import(kind=kind, file=io.BytesIO(data), filename=name)


def workbook(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML changed by `change(xml: str) -> str`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = change(part.decode()).encode()
            target.writestr(info.filename, part)
    return out.getvalue()


def understate_sizes(data: bytes, name: str, declared: int) -> bytes:
    """A crafted zip: the part's uncompressed size written as `declared` in its local header and in the directory
    (what a zip bomb does to pass a check of the declared sizes)."""
    data = bytearray(data)
    encoded = name.encode()
    for match in re.finditer(re.escape(b"PK\x03\x04"), bytes(data)):  # local headers: size at +22, name at +30
        at = match.start()
        length = struct.unpack("<H", data[at + 26:at + 28])[0]
        if bytes(data[at + 30:at + 30 + length]) == encoded:
            data[at + 22:at + 26] = struct.pack("<I", declared)
    for match in re.finditer(re.escape(b"PK\x01\x02"), bytes(data)):  # directory: size at +24, name at +46
        at = match.start()
        length = struct.unpack("<H", data[at + 28:at + 30])[0]
        if bytes(data[at + 46:at + 46 + length]) == encoded:
            data[at + 24:at + 28] = struct.pack("<I", declared)
    return bytes(data)


def bomb(rows: int = 20000) -> bytes:
    """~2.4 MB of sheet XML packed into a few dozen kilobytes."""
    return workbook([["Код ОО", "Учебный год", "Обучающихся", "Педагогов"]]
                    + [["1" * 40, "2024/2025", 1, 1] for _ in range(rows)])


# ---- XLSX: sizes and dimensions before work -------------------------------------------------------------------

def test_zip_bomb_is_refused_by_its_declared_size(db, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    data = bomb()
    assert len(data) < 400_000  # unpacks to ~3 MB
    started = time.monotonic()
    result = imp("yearly-data", data, "bomb.xlsx")
    assert not result.ok and "Книга Excel в распакованном виде больше 1 МБ" in result.errors[0]["message"]
    assert time.monotonic() - started < 5
    assert SchoolYearData.objects.count() == 0


def test_zip_bomb_lying_about_its_size_is_refused_while_unpacking(db, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    data = understate_sizes(bomb(), "xl/worksheets/sheet1.xml", 1000)
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert declared < 1024 * 1024  # the declared sizes pass; the unpacked bytes, counted as they come, do not
    result = imp("yearly-data", data, "bomb.xlsx")
    assert not result.ok and "Книга Excel в распакованном виде больше 1 МБ" in result.errors[0]["message"]


def test_one_cell_at_the_far_corner_is_refused_before_the_reader_lays_it_out(db):
    """The reader would allocate 1,048,576 × 16,384 cells for it (the process aborts): refused from the XML."""
    data = rewrite_sheet(workbook([["Код ОО"], ["1"]]), lambda xml: xml.replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'))
    started = time.monotonic()
    result = imp("yearly-data", data, "far.xlsx")
    assert not result.ok and "В файле больше 300\u00a0000 строк" in result.errors[0]["message"]
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("space", ["\n", "\t", "\r\n"])
def test_a_far_cell_behind_another_space_is_found_too(db, space):
    """The quick scan looks for ` r="`; a hand-made file with a line break before the attribute is scanned fully."""
    data = rewrite_sheet(workbook([["Код ОО"], ["1"]]), lambda xml: xml.replace(
        "</sheetData>", f'<row r="3"><c{space}r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'))
    result = imp("yearly-data", data, "far.xlsx")
    assert not result.ok and "В файле больше 300\u00a0000 строк" in result.errors[0]["message"]


def test_sheet_rectangle_is_bounded(db, settings):
    settings.IMPORT_MAX_CELLS = 10_000
    data = rewrite_sheet(workbook([["Код ОО"], ["1"]]), lambda xml: xml.replace(
        "</sheetData>", '<row r="3"><c r="XFD3" t="n"><v>1</v></c></row></sheetData>'))
    result = imp("yearly-data", data, "wide.xlsx")
    assert not result.ok
    assert "Лист книги слишком велик: 3 строк × 16384 столбцов" in result.errors[0]["message"]


def test_cells_without_references_are_counted_row_by_row(db, settings):
    """Some writers leave out `r`: the cells then follow one another, and their columns are counted."""
    settings.IMPORT_MAX_CELLS = 50
    cells = "".join('<c t="n"><v>1</v></c>' for _ in range(60))
    data = rewrite_sheet(workbook([["Код ОО"]]),
                         lambda xml: xml.replace("</sheetData>", f"<row>{cells}</row></sheetData>"))
    result = imp("yearly-data", data, "norefs.xlsx")
    assert "× 60 столбцов" in result.errors[0]["message"]


def test_a_workbook_within_the_limits_reads_as_before(school_a1):
    data = workbook([YEARLY_HEADER.split(";"), [school_a1.code, "2024/2025", 500, 40]])
    result = imp("yearly-data", data, "ok.xlsx")
    assert result.ok, result.errors
    assert SchoolYearData.objects.get(school=school_a1).students == 500


def test_rows_are_counted_while_reading(db, settings):
    settings.IMPORT_MAX_ROWS = 5
    text = SCHOOL_HEADER + "\n" + "".join(f"{i};dinskoy;Ш{i};Ш{i};СОШ;сельская\n" for i in range(10))
    result = imp("schools", text.encode())
    assert not result.ok and "В файле больше 5 строк" in result.errors[0]["message"]
    assert School.objects.count() == 0


def test_the_header_is_checked_before_the_rest_is_read(db, monkeypatch):
    read = []

    def rows(data, filename):
        for i in range(100_000):
            read.append(i)
            yield ["нет", "таких", "столбцов"]

    monkeypatch.setattr(readers, "_raw_rows", rows)
    with pytest.raises(ImportFileError, match="Не найдена строка заголовков"):
        read_table(io.BytesIO(b"x"), "f.csv", required_headers=["Код ОО"])
    assert len(read) <= 31  # the first 30 rows are searched; the other 99,970 are never read


# ---- numbers read with bounds ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["1E+5000000", "Infinity", "-Infinity", "sNaN", "NaN", "1E+50000", "1e309",
                                   "9" * 50, "1E+15"])
def test_numbers_out_of_bounds_are_row_messages(school_a1, value):
    started = time.monotonic()
    result = imp("yearly-data", f"{YEARLY_HEADER}\n{school_a1.code};2024/2025;{value};20\n".encode())
    assert time.monotonic() - started < 5
    assert not result.ok
    (error,) = result.errors
    assert (error["row"], error["column"], error["value"]) == (2, "Обучающихся", value)
    assert error["message"] in ("Ожидается целое число.", "Слишком большое число.")
    assert SchoolYearData.objects.count() == 0


def test_ordinary_numbers_still_read(school_a1):
    result = imp("yearly-data", f"{YEARLY_HEADER}\n{school_a1.code};2024/2025;1 250;4E+1\n".encode())
    assert result.ok, result.errors
    data = SchoolYearData.objects.get()
    assert (data.students, data.teachers) == (1250, 40)


# ---- encodings ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),  # as Excel's «Unicode text» saves it
    ("utf-16-le", b""), ("utf-16-be", b""),  # without the byte-order mark
    ("utf-8", codecs.BOM_UTF8), ("cp1251", b""),
])
def test_csv_encodings(muni_a, encoding, bom):
    text = SCHOOL_HEADER.replace(";", "\t") + "\r\n555\tdinskoy\tШкола № 5\tМБОУ СОШ № 5\tСОШ\tсельская\r\n"
    result = imp("schools", bom + text.encode(encoding), "schools.txt")
    assert result.ok, result.errors
    assert School.objects.get(code="555").short_name == "Школа № 5"


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF32_LE + SCHOOL_HEADER.encode("utf-32-le"),
    SCHOOL_HEADER.encode("utf-32-le"),
    b"\x00\x01\x02binary\x00\x00\x00\x00data" * 10,
])
def test_unknown_encodings_are_refused_with_a_message(db, data):
    result = imp("schools", data)
    assert result.errors == [{"row": None, "column": "", "value": "",
                              "message": "Не удалось определить кодировку файла: сохраните его в UTF-8, UTF-16 "
                                         "или Windows-1251."}]


def test_utf16_upload_through_the_job_is_checked_not_failed(methodologist_a, muni_a,
                                                             django_capture_on_commit_callbacks):
    """The outside test's «Сбой обработки: Error»: a UTF-16 file now reads (and a broken one is a message)."""
    text = SCHOOL_HEADER + "\r\n556;dinskoy;А;А полное;СОШ;сельская\r\n"
    upload = SimpleUploadedFile("schools.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(actor=methodologist_a, kind="schools", upload=upload)
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY, job.errors


def test_broken_csv_quote_is_a_message(db, settings):
    text = SCHOOL_HEADER + '\n1;dinskoy;"' + "x" * 200_000 + "\n"
    result = imp("schools", text.encode())
    assert not result.ok and "не читается как CSV" in result.errors[0]["message"]


# ---- control characters ---------------------------------------------------------------------------------------

def test_control_character_in_a_cell_is_a_row_message(muni_a):
    result = imp("schools", (SCHOOL_HEADER + "\n557;dinskoy;Школа\u0007;Полное;СОШ;сельская\n").encode())
    assert not result.ok
    (error,) = result.errors
    assert (error["row"], error["column"]) == (2, "Краткое наименование")
    assert error["message"] == "Текст содержит недопустимый управляющий символ (код 7): удалите его."
    assert School.objects.count() == 0
