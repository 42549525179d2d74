"""Length bounds of free text, in one place (docs/operations.md, «Пределы текста и отчёта»).

Every `TextField` of the project's models takes its `max_length` from here; Django hands it on to model forms (and
the textarea's `maxlength`) and DRF model serializers, and hand-written form and serializer fields name the same
constant. The database column stays unbounded (`TextField`): the bound is checked where text comes in, with the
translated Russian message of Django and DRF. `tests/core/test_text_limits.py` fails on a text field without one.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

# a comment, a reason, a note, a decision, a remark on review, a failure message: a few paragraphs
COMMENT = 2_000

# a description, a goal, the tasks of a plan, a report of a period, a recommendation: a page or two of text
LONG_TEXT = 10_000

# What one text may contribute to the annual report (monitoring/reports/): a quoted recommendation, decision or
# comment is cut to this many characters with «…» and a note that the full text is in the portal.
REPORT_QUOTE = 600

# Rows a per-school table of the annual report lists; the rest is named in one line («и ещё K школ — полный список в
# XLSX») and is in the workbook of the same version.
REPORT_TABLE_ROWS = 200


def check_length(field: str, text: str, limit: int) -> str:
    """The text, or a ValidationError at `field` with Django's translated message («Убедитесь, что это значение
    содержит не более 2000 символов (сейчас 2001).»): for a service whose text comes past a form (a page that draws
    its own textarea, an API action)."""
    try:
        MaxLengthValidator(limit)(text)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    return text
