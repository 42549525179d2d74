"""Control characters: refused where text comes in (forms, API, imports), stripped where it goes out (exports).

A bell (`\\u0007`) or a form feed in a school name breaks the XML of every workbook that carries it (openpyxl
refuses to write it) and means nothing to a reader. Tab, line feed and carriage return are ordinary text and stay.

Every `forms.CharField` and DRF `CharField` already carries a validator against the NUL character; from
`CoreConfig.ready()` (`install`) that validator is this one, which refuses every control character with a Russian
message at the field — one rule for every form, model form and serializer, with no field to remember it on.
"""

import re

import rest_framework.fields
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, LF, CR; DEL; C1 controls; the bidirectional embeddings, overrides and isolates
# (U+202A–U+202E, U+2066–U+2069), which make «ШКОЛА № 12» display as something else than what is stored
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_character(text: str) -> str | None:
    """The first control character of the text, or None."""
    match = CONTROL_CHARACTERS.search(text)
    return match.group() if match else None


def control_character_message(char: str) -> str:
    return str(_("Текст содержит недопустимый управляющий символ (код %(code)s): удалите его.") % {
        "code": ord(char)})


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


@deconstructible
class ProhibitControlCharactersValidator(validators.ProhibitNullCharactersValidator):
    """Django's NUL validator widened to every control character (a subclass: code that looks for the NUL
    validator still finds it)."""

    code = "control_characters"

    def __call__(self, value):
        char = control_character(str(value))
        if char is not None:
            raise ValidationError(control_character_message(char), code=self.code)


def install() -> None:
    """Forms (`django.forms.CharField`) look the validator up in `django.core.validators` when a field is made;
    DRF imported the name into `rest_framework.fields`. Both now make this one."""
    validators.ProhibitNullCharactersValidator = ProhibitControlCharactersValidator
    rest_framework.fields.ProhibitNullCharactersValidator = ProhibitControlCharactersValidator
