"""One cell of an imported table as text and as a number: shared by the importer (core/imports/base.py) and the
check of the template's example rows (core/imports/examples.py)."""

import datetime
import functools
import math
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from .. import limits
from ..formats import ru_date
from .readers import normalize_header

# a number as people and spreadsheets write it: 12, -3, 12,5, 0.25, 1E-05 (a short exponent only)
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d{1,2})?")
MAX_NUMBER = Decimal("1E15")
ERROR_VALUE_CHARS = 200  # an erroneous cell is kept in the job and shown by its start


def parse_number(raw, message: str) -> Decimal:
    """A cell → Decimal, with bounds checked before any arithmetic: `1E+5000000`, `Infinity`, `sNaN`, `1E+50000`
    and 40-digit numbers are refused (ValueError with a Russian message, a row error), never computed with."""
    if isinstance(raw, bool):
        raise ValueError(message)
    if isinstance(raw, int | float):  # a number cell of a workbook
        if not math.isfinite(raw) or abs(raw) >= MAX_NUMBER:
            raise ValueError(_("Слишком большое число."))
        return Decimal(int(raw)) if float(raw).is_integer() else Decimal(repr(float(raw)))
    text = text_of(raw).replace(" ", "")
    if len(text) > 40 or not _NUMBER.fullmatch(text):
        raise ValueError(message)
    value = Decimal(text.replace(",", "."))
    if value and value.adjusted() >= 15:
        raise ValueError(_("Слишком большое число."))
    return value


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value).replace("\u00a0", " ")).strip()


def cell_key(value) -> str:
    """A cell compared with an example: a number cell 231001 equals the text «231001», 11.4 equals «11,4»."""
    if isinstance(value, datetime.datetime | datetime.date):
        return ru_date(value.date() if isinstance(value, datetime.datetime) else value)
    text = text_of(value)
    if isinstance(value, float):
        text = text.replace(".", ",")
    return normalize_header(text)


def differs(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        try:
            return Decimal(str(old)) != Decimal(str(new))
        except (InvalidOperation, TypeError):
            return True
    return old != new


def audit_text(value) -> str:
    return "None" if value is None else str(value)


def error_text(value) -> str:
    """A bad cell as the job keeps it: an over-long one by its start."""
    text = text_of(value)
    return text[:ERROR_VALUE_CHARS] + "…" if len(text) > ERROR_VALUE_CHARS else text


@functools.cache  # asked for every cell; the answer depends only on the model and the column
def text_bound(model, field: str) -> int:
    """The longest cell a column takes: its model field's `max_length`, else a long text (core/limits.py)."""
    try:
        bound = model._meta.get_field(field).max_length
    except (AttributeError, FieldDoesNotExist):  # a key the importer understands, not a field of its model
        bound = None
    return bound or limits.LONG_TEXT
