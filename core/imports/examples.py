"""The template's example rows and the preview's values in words.

Every template (XLSX and CSV, `core.imports.services.template_workbook` / `template_csv`) shows its example rows
marked «да» in a last column «Пример». A row so marked, or equal to an example row even without the mark (the column
deleted, the rows copied), is never imported: the whole file is refused before any row is checked, naming the rows,
so an untouched template cannot overwrite real records (docs/architecture.md, «Строки-примеры шаблона»)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from ..formats import ru_date, ru_decimal
from .cells import cell_key, text_of
from .readers import ImportFileError, Table, normalize_header

EXAMPLE_HEADER = "Пример"
EXAMPLE_MARK = "да"
NO_DATA = "нет данных"  # unknown is not zero: an empty value reads as unknown, never as 0


class ExampleRowsError(ImportFileError):
    """The file holds the template's example rows: refused before any row is checked, nothing written."""


def example_row_numbers(importer, table: Table) -> list[int]:
    """The rows of the file that are the template's examples: marked «Пример» or equal to an example row."""
    examples = {tuple(cell_key(v) for v in row) for row in importer.example_rows()}
    positions = importer.positions(table)
    names = [normalize_header(h) for h in table.header]
    marker = names.index(normalize_header(EXAMPLE_HEADER)) if normalize_header(EXAMPLE_HEADER) in names else None
    found = []
    for row_number, cells in table.rows:
        if marker is not None and marker < len(cells) and text_of(cells[marker]):
            found.append(row_number)
            continue
        values = tuple(cell_key(cells[positions[c.header]] if c.header in positions
                                and positions[c.header] < len(cells) else None) for c in importer.columns)
        if values in examples:
            found.append(row_number)
    return found


def refuse_examples(importer, table: Table) -> None:
    found = example_row_numbers(importer, table)
    if not found:
        return
    if len(found) == len(table.rows):
        raise ExampleRowsError(_("Это строки-примеры из шаблона, а не данные: в файле нет других строк. Удалите "
                                 "строки-примеры (в столбце «Пример» у них «да»), впишите свои данные и загрузите "
                                 "файл снова. Ничего не записано."))
    shown = ", ".join(str(r) for r in found[:10]) + (
        _(" и ещё %(n)s") % {"n": len(found) - 10} if len(found) > 10 else "")
    raise ExampleRowsError(_("Это строки-примеры из шаблона: строки %(rows)s. Удалите их и загрузите файл снова. "
                             "Ничего не записано.") % {"rows": shown})


def value_text(model, name: str, value) -> str:
    """A value as the pages show it: unknown is «нет данных», dates 01.09.2025, decimals with a comma, a choice by
    its label."""
    if value is None or value == "":
        return NO_DATA
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.date):
        return ru_date(value)
    if isinstance(value, Decimal | float):
        return ru_decimal(value, None)
    field = _model_field(model, name)
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    return str(choices.get(value, value))


def field_label(importer, name: str) -> str:
    """A changed field named as the template names its column (else the model's verbose name)."""
    bare = name.removesuffix("_id")
    for c in importer.columns:
        if c.field in (name, bare):
            return c.header
    field = _model_field(importer.model, bare)
    return str(field.verbose_name) if field is not None else name


def _model_field(model, name):
    try:
        return model._meta.get_field(name) if model is not None and name else None
    except Exception:  # noqa: BLE001 - a key the kind invented (FieldDoesNotExist): no field
        return None
