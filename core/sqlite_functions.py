"""Case-insensitive LIKE for Cyrillic on SQLite (the embedded default).

SQLite's built-in LIKE folds case for ASCII only, so a search for «школа» would miss «Школа».
PostgreSQL is unaffected: Django uses UPPER(...) LIKE UPPER(...) there. The same hook gives SQLite the natural sort
key of names (`core.natural`).
"""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created

from .natural import natural_key


@lru_cache(maxsize=256)
def _compile(pattern: str, escape: str | None) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if escape and ch == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def _like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _compile(pattern, escape).fullmatch(str(value)) is not None


def _install(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, _like, deterministic=True)
        connection.connection.create_function("like", 3, _like, deterministic=True)
        # the natural sort key of names (core.natural.NaturalKey; PostgreSQL builds it in SQL)
        connection.connection.create_function("portal_natural_key", 1, natural_key, deterministic=True)


def install():
    connection_created.connect(_install, dispatch_uid="core.sqlite_functions")
