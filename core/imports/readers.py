"""Reading uploaded tables: XLSX and CSV (UTF-8 with or without BOM, Windows-1251; `;` or `,`)."""

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


class MissingAnswer(ImportFileError):
    """The file lacks something only the user can tell (e.g. its school year): the import page asks for it
    and checks the file again with the answer (`Importer.options[name]`)."""

    def __init__(self, message: str, *, name: str, label: str, example: str = ""):
        super().__init__(message)
        self.name, self.label, self.example = name, label, example


@dataclass
class Table:
    header: list[str]  # as written in the file
    header_row: int  # 1-based row number of the header
    rows: list[tuple[int, list]]  # (row number as the user sees it, cells)
    above: list[list] = field(default_factory=list)  # title and metadata rows above the header

def normalize_header(text) -> str:
    text = str(text or "").replace("\u00a0", " ").replace("ё", "е").replace("Ё", "Е").strip().rstrip("*").strip()
    return re.sub(r"\s+", " ", text).lower()


def _read_bytes(file) -> bytes:
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as fh:
            return fh.read(settings.IMPORT_MAX_UPLOAD_BYTES + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(settings.IMPORT_MAX_UPLOAD_BYTES + 1)


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if size > limit:
        raise ImportFileError(_("Файл больше допустимых %(mb)s МБ. Разбейте его на части.") % {
            "mb": round(limit / 1024 / 1024)})
    if size == 0:
        raise ImportFileError(_("Файл пуст."))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("Не удалось определить кодировку файла: сохраните его в UTF-8 или Windows-1251."))


def _csv_rows(data: bytes) -> list[list]:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max([";", ",", "\t"], key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _check_zip(data: bytes) -> None:
    """Limits before work: an .xlsx is a zip; its parts' declared sizes are read from the directory before
    anything is unpacked, so a small file that unpacks into gigabytes (a zip bomb) is refused at once."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(_("Файл не является книгой Excel (.xlsx) или повреждён.")) from exc
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise ImportFileError(_("Книга Excel в распакованном виде больше %(mb)s МБ. Разбейте её на части или "
                                "сохраните как .csv.") % {"mb": round(settings.IMPORT_MAX_UNPACKED_BYTES / 2**20)})


def _xlsx_rows(data: bytes) -> list[list]:
    """The first sheet's values (python-calamine, a Rust reader: ~8× faster than openpyxl on 100,000 rows);
    empty cells come back as None, as from a CSV's empty fields."""
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("Файл не является книгой Excel (.xlsx). Сохраните таблицу в формате .xlsx "
                                "или .csv и загрузите снова."))
    _check_zip(data)
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # the reader's own errors (broken XML, missing parts, password) carry no Russian text
        raise ImportFileError(_("Файл не является книгой Excel (.xlsx) или повреждён.")) from exc
    return [[None if value == "" else value for value in row] for row in rows]


def first_row(file, filename: str) -> list[str]:
    """The first non-empty row of a file — the header to offer for column mapping."""
    table = read_table(file, filename, required_headers=[])
    return [h for h in table.header if h]


def read_table(file, filename: str, *, required_headers: list[str], search_rows: int = 30,
               aliases: dict[str, str] | None = None) -> Table:
    """The header row is found by its names within the first rows (files often have a title above it)."""
    name = filename.lower()
    data = _read_bytes(file)
    check_size(len(data))
    if name.endswith(".xlsx"):
        raw = _xlsx_rows(data)
    elif name.endswith(".csv") or name.endswith(".txt"):
        raw = _csv_rows(data)
    elif name.endswith(".xls"):
        raise ImportFileError(_("Формат .xls (Excel 97–2003) не поддерживается: сохраните файл как .xlsx."))
    else:
        raise ImportFileError(_("Неизвестный формат файла «%(name)s»: загрузите .xlsx или .csv.") % {
            "name": filename})
    numbered = [(i + 1, row) for i, row in enumerate(raw) if any(str(c).strip() for c in row if c is not None)]
    if not numbered:
        raise ImportFileError(_("В файле нет ни одной строки с данными."))
    aliases = {normalize_header(k): normalize_header(v) for k, v in (aliases or {}).items()}
    wanted = {aliases.get(normalize_header(h), normalize_header(h)) for h in required_headers}
    for position, (row_number, row) in enumerate(numbered[:search_rows]):
        names = {normalize_header(c) for c in row}
        if wanted <= names:
            header = ["" if c is None else str(c).strip() for c in row]
            return Table(header=header, header_row=row_number, rows=numbered[position + 1:],
                         above=[r for _n, r in numbered[:position]])
    first = {normalize_header(c) for c in numbered[0][1] if c is not None}
    missing = [h for h in required_headers
               if aliases.get(normalize_header(h), normalize_header(h)) not in first]
    raise ImportFileError(_("Не найдена строка заголовков: нет обязательных столбцов %(cols)s. Скачайте шаблон "
                            "и сверьте названия столбцов.") % {"cols": ", ".join(f"«{h}»" for h in missing)})
