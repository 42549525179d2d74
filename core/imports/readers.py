"""Reading uploaded tables: XLSX and CSV (UTF-8 or UTF-16 with or without BOM, Windows-1251; `;`, `,` or tab).

Limits are checked before work (docs/architecture.md, imports): the upload's size, the workbook's size unpacked and its
sheets' dimensions (counted while unpacking), the number of rows (counted while reading); the header is found before
the rest of the file is read."""

import codecs
import csv
import io
import itertools
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
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


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("В файле больше %(n)s строк. Разбейте его на части.") % {
        "n": f"{settings.IMPORT_MAX_ROWS:,}".replace(",", "\u00a0")})


# ---- CSV -------------------------------------------------------------------------------------------------------

ENCODING_REFUSED = _("Не удалось определить кодировку файла: сохраните его в UTF-8, UTF-16 или Windows-1251.")


def _utf16_without_bom(sample: bytes) -> str | None:
    """Text in UTF-16 without a byte-order mark: the high byte of each pair is 0x00 (Latin letters, digits,
    punctuation) or 0x04 (Cyrillic), the low byte is never 0x00 — at odd positions the high bytes (little-endian),
    at even ones (big-endian). UTF-8 and Windows-1251 text has no zero bytes at all."""
    sample = sample[:len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if low.count(0) == 0 and high.count(0) + high.count(4) >= 0.9 * len(high):
            return encoding
    return None


def _decode(data: bytes) -> str:
    """UTF-16 (with or without its byte-order mark), UTF-8 (with or without BOM), Windows-1251; any other text
    (UTF-32, a binary file renamed .csv) is refused with a message, never read as garbage."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ImportFileError(ENCODING_REFUSED)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif wide := _utf16_without_bom(data[:4096]):
        encodings = [wide]
    else:
        encodings = ["utf-8-sig", "cp1251"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # a binary file, or UTF-32 without its mark
            break
        return text
    raise ImportFileError(ENCODING_REFUSED)


def _csv_rows(data: bytes) -> Iterator[list]:
    """Rows as they are read: the header is found before the rest of the file is parsed."""
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max([";", ",", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a field longer than the csv module allows, a broken quote at the end
            raise ImportFileError(_("Строка %(row)s не читается как CSV: проверьте кавычки и разделители.") % {
                "row": reader.line_num}) from exc
        yield row


# ---- XLSX ------------------------------------------------------------------------------------------------------

XLSX_BROKEN = _("Файл не является книгой Excel (.xlsx) или повреждён.")
# in a worksheet's XML (scanned with few matches in ordinary files, and from a literal ` r="`, which the regular
# expression engine finds fast, so the scan costs a fraction of the read); with another space than ` ` before an
# attribute (a hand-made file) the same patterns after any whitespace, slower
def _ref_patterns(space: bytes) -> tuple[re.Pattern, ...]:
    return (re.compile(space + rb'r="(\d{1,9})"'),  # a row's number (`<row r="7">`)
            re.compile(space + rb'r="[A-Z](\d{6,9})"'),  # a cell in columns A–Z at row 100,000 or beyond
            re.compile(space + rb'r="[A-Z]\d'),  # any cell in columns A–Z
            re.compile(space + rb'r="([A-Z]{2,3})(\d{1,9})"'))  # a cell beyond column Z (AA…XFD): column, row


_FAST_REFS, _ANY_SPACE_REFS = _ref_patterns(b" "), _ref_patterns(rb"\s")
_OTHER_SPACES = (b'\nr="', b'\tr="', b'\rr="')
_REF = re.compile(rb'\sr="([A-Z]{0,3})(\d{1,9})"')
_ROW_OR_CELL = re.compile(rb'<(?:\w+:)?(row|c)(?=[\s>/])((?:[^>"]|"[^"]*")*)>')
_CHUNK = 1 << 20


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _count(xml: bytes, tag: bytes) -> int:
    return xml.count(b"<" + tag + b" ") + xml.count(b"<" + tag + b">") + xml.count(b":" + tag + b" ")


@dataclass
class _SheetShape:
    """What a worksheet's XML says about its size, counted while it is unpacked (whole tags only: a tag cut between
    two pieces waits for the next one)."""

    max_row: int = 0
    max_column: int = 0
    rows: int = 0
    cells: int = 0
    referenced_cells: int = 0
    pending: bytes = b""

    def feed(self, chunk: bytes, *, last: bool = False) -> None:
        """Rows from the rows' numbers, cells of columns A–Z far down and cells beyond column Z (a cell in A–Z up to
        row 99,999 counts as column 26 at most: the rectangle it can make stays small)."""
        xml = self.pending + chunk
        cut = len(xml) if last else max(xml.rfind(b"<"), 0)
        xml, self.pending = xml[:cut], xml[cut:]
        row_ref, narrow_far, narrow, wide_ref = (
            _ANY_SPACE_REFS if any(space in xml for space in _OTHER_SPACES) else _FAST_REFS)
        rows = row_ref.findall(xml) + narrow_far.findall(xml)
        if rows:
            self.max_row = max(self.max_row, *map(int, set(rows)))
        if narrow.search(xml):
            self.max_column = max(self.max_column, 26)
        wide = wide_ref.findall(xml)
        if wide:
            self.max_column = max(self.max_column, *(_column_number(c) for c in {c for c, _r in wide}))
            self.max_row = max(self.max_row, *(int(r) for r in {r for _c, r in wide}))
        self.referenced_cells += xml.count(b'<c r="') + xml.count(b':c r="')
        self.rows += _count(xml, b"row")
        self.cells += _count(xml, b"c")


def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if any(info.flag_bits & 0x1 for info in infos):
        raise ImportFileError(_("Книга Excel защищена паролем: снимите защиту и загрузите снова."))
    if any(info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for info in infos):
        raise ImportFileError(XLSX_BROKEN)
    return infos


def _unpacked_chunks(data: bytes, info: zipfile.ZipInfo, budget: int) -> Iterator[bytes]:
    """A part of the zip unpacked piece by piece from its compressed bytes (never by the sizes the zip declares,
    which a crafted file may understate); ImportFileError as soon as more than `budget` bytes come out."""
    header = info.header_offset
    if data[header:header + 4] != b"PK\x03\x04":
        raise ImportFileError(XLSX_BROKEN)
    name_length, extra_length = struct.unpack("<HH", data[header + 26:header + 30])
    start = header + 30 + name_length + extra_length
    raw = data[start:start + info.compress_size]
    produced = 0
    if info.compress_type == zipfile.ZIP_STORED:
        pieces = (raw[i:i + _CHUNK] for i in range(0, len(raw), _CHUNK))
    else:
        pieces = _inflate(raw)
    for piece in pieces:
        produced += len(piece)
        if produced > budget:
            raise _too_big()
        yield piece


def _inflate(raw: bytes) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending = raw
    try:
        while pending and not inflater.eof:
            yield inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
        if not inflater.eof:
            yield inflater.flush()
    except zlib.error as exc:
        raise ImportFileError(XLSX_BROKEN) from exc


def _too_big() -> ImportFileError:
    return ImportFileError(_("Книга Excel в распакованном виде больше %(mb)s МБ. Разбейте её на части или "
                             "сохраните как .csv.") % {"mb": round(settings.IMPORT_MAX_UNPACKED_BYTES / 2**20)})


def _exact_shape(chunks: Iterator[bytes], shape: _SheetShape) -> None:
    """Cells without their reference (some writers leave it out) follow one another: their columns are counted row
    by row, in a second pass over the sheet. Only for such sheets (rare), since it walks every cell."""
    row = column = 0
    pending = b""
    for chunk in itertools.chain(chunks, [b"<"]):
        pending += chunk
        cut = pending.rfind(b"<")  # a tag cut between two chunks waits for the next one
        for name, attributes in _ROW_OR_CELL.findall(pending[:cut]):
            ref = _REF.search(b" " + attributes)
            if name == b"row":
                row = int(ref.group(2)) if ref else row + 1
                column = 0
            else:
                column = _column_number(ref.group(1)) if ref and ref.group(1) else column + 1
                shape.max_column = max(shape.max_column, column)
            shape.max_row = max(shape.max_row, row)
        pending = pending[cut:]


def _check_xlsx(data: bytes) -> None:
    """Limits before work. An .xlsx is a zip: every part is unpacked as a stream and counted, and the worksheets'
    rows and cells are counted as they come, so a small file that unpacks into gigabytes (a zip bomb) or a sheet
    with one cell at row 1,048,576 and column XFD (which the reader would lay out as 17 billion empty cells) is
    refused within seconds, before the reader is called."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = _members(archive)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(XLSX_BROKEN) from exc
    if sum(info.file_size for info in infos) > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise _too_big()  # as declared: refused without unpacking anything
    budget = settings.IMPORT_MAX_UNPACKED_BYTES
    for info in infos:
        is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        shape = _SheetShape()
        for chunk in _unpacked_chunks(data, info, budget):
            budget -= len(chunk)
            if is_sheet:
                shape.feed(chunk)
        if not is_sheet:
            continue
        shape.feed(b"", last=True)
        if shape.referenced_cells < shape.cells:
            _exact_shape(_unpacked_chunks(data, info, settings.IMPORT_MAX_UNPACKED_BYTES), shape)
        rows = max(shape.max_row, shape.rows)
        if rows > settings.IMPORT_MAX_ROWS:
            raise _too_many_rows()
        if rows * max(shape.max_column, 1) > settings.IMPORT_MAX_CELLS:
            raise ImportFileError(_("Лист книги слишком велик: %(rows)s строк × %(cols)s столбцов (заполненная "
                                    "ячейка далеко справа или внизу). Удалите лишние ячейки или разбейте файл.") % {
                "rows": rows, "cols": shape.max_column})


def _xlsx_rows(data: bytes) -> Iterator[list]:
    """The first sheet's values (python-calamine, a Rust reader: ~8× faster than openpyxl on 100,000 rows), once
    `_check_xlsx` has bounded its size; empty cells come back as None, as from a CSV's empty fields."""
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("Файл не является книгой Excel (.xlsx). Сохраните таблицу в формате .xlsx "
                                "или .csv и загрузите снова."))
    _check_xlsx(data)
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).iter_rows()
    except Exception as exc:  # the reader's own errors (broken XML, missing parts, password) carry no Russian text
        raise ImportFileError(XLSX_BROKEN) from exc
    for row in rows:
        yield [None if value == "" else value for value in row]


def first_row(file, filename: str) -> list[str]:
    """The first non-empty row of a file — the header to offer for column mapping."""
    data = _read_bytes(file)
    check_size(len(data))
    for _number, row in _non_empty(_raw_rows(data, filename)):
        return [str(c).strip() for c in row if c is not None and str(c).strip()]
    raise ImportFileError(_("В файле нет ни одной строки с данными."))


def _raw_rows(data: bytes, filename: str) -> Iterator[list]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _csv_rows(data)
    if name.endswith(".xls"):
        raise ImportFileError(_("Формат .xls (Excel 97–2003) не поддерживается: сохраните файл как .xlsx."))
    raise ImportFileError(_("Неизвестный формат файла «%(name)s»: загрузите .xlsx или .csv.") % {"name": filename})


def _non_empty(raw: Iterator[list]) -> Iterator[tuple[int, list]]:
    """(row number as the user sees it, cells) of the rows with anything in them, counted as they are read."""
    limit = settings.IMPORT_MAX_ROWS
    for number, row in enumerate(raw, start=1):
        if number > limit:
            raise _too_many_rows()
        if any(str(c).strip() for c in row if c is not None):
            yield number, row


def read_table(file, filename: str, *, required_headers: list[str], search_rows: int = 30,
               aliases: dict[str, str] | None = None) -> Table:
    """The header row is found by its names within the first rows (files often have a title above it), before the
    rest of the file is read: a file without it is refused at once."""
    data = _read_bytes(file)
    check_size(len(data))
    rows = _non_empty(_raw_rows(data, filename))
    head = list(itertools.islice(rows, search_rows))
    if not head:
        raise ImportFileError(_("В файле нет ни одной строки с данными."))
    aliases = {normalize_header(k): normalize_header(v) for k, v in (aliases or {}).items()}
    wanted = {aliases.get(normalize_header(h), normalize_header(h)) for h in required_headers}
    for position, (row_number, row) in enumerate(head):
        names = {normalize_header(c) for c in row}
        if wanted <= names:
            header = ["" if c is None else str(c).strip() for c in row]
            return Table(header=header, header_row=row_number, rows=[*head[position + 1:], *rows],
                         above=[r for _n, r in head[:position]])
    first = {normalize_header(c) for c in head[0][1] if c is not None}
    missing = [h for h in required_headers
               if aliases.get(normalize_header(h), normalize_header(h)) not in first]
    raise ImportFileError(_("Не найдена строка заголовков: нет обязательных столбцов %(cols)s. Скачайте шаблон "
                            "и сверьте названия столбцов.") % {"cols": ", ".join(f"«{h}»" for h in missing)})
