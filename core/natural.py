"""Natural order of names: «МБОУ СОШ № 2» before «МБОУ СОШ № 11», sorted by the database on SQLite and PostgreSQL.

The key is the text with every run of digits padded with zeros to ten places («№ 0000000002»): PostgreSQL builds it
with two regular expressions, SQLite with the same function in Python (registered by `core.sqlite_functions`).
Computed in the query, it needs no stored field to keep in step with every way a name is written (forms, imports,
the admin).
"""

import re

from django.db.models import CharField, Func

WIDTH = 10
_DIGITS = re.compile(r"[0-9]+")


def _pad(match: re.Match) -> str:
    digits = match.group()
    return digits.rjust(WIDTH, "0") if len(digits) <= WIDTH else "0" * WIDTH + digits  # as PostgreSQL does below


def natural_key(text: str | None) -> str | None:
    return None if text is None else _DIGITS.sub(_pad, text)


class NaturalKey(Func):
    """`natural_key` of a text expression, in SQL."""

    function = "portal_natural_key"  # SQLite
    arity = 1
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        zeros = "0" * WIDTH
        template = (f"regexp_replace(regexp_replace(%(expressions)s, '([0-9]+)', '{zeros}\\1', 'g'), "
                    f"'0*([0-9]{{{WIDTH}}})(?![0-9])', '\\1', 'g')")
        return self.as_sql(compiler, connection, template=template, **extra_context)
