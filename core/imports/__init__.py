"""Two-phase imports of tables (XLSX/CSV): the framework, the registry of kinds, the job lifecycle.

Each app registers its kinds from `AppConfig.ready()` with the predicate that says who may upload them
(`register(Kind, allowed=...)`); a targeted kind (loading into one object, e.g. a roadmap) declares its target
and who may load into it (`Importer.target_model`, `may_load_into`), checked for every file.
"""

from collections.abc import Callable

from .base import Column, Importer, Plan, RowError
from .readers import ImportFileError

IMPORTERS: dict[str, type[Importer]] = {}
_ALLOWED: dict[str, Callable] = {}


def register(importer: type[Importer], *, allowed: Callable = lambda user: False) -> type[Importer]:
    IMPORTERS[importer.kind] = importer
    _ALLOWED[importer.kind] = allowed
    return importer


def may_import(user, kind: str) -> bool:
    """Whether the user may upload this kind on the general import page (targeted kinds: never there)."""
    importer = IMPORTERS.get(kind)
    return importer is not None and not importer.targeted and bool(_ALLOWED[kind](user))


def importable_kinds(user) -> dict[str, type[Importer]]:
    """The kinds the general import page offers this user."""
    return {k: i for k, i in IMPORTERS.items() if may_import(user, k)}


def get_importer(kind: str, mapping: dict | None = None, options: dict | None = None) -> Importer:
    try:
        return IMPORTERS[kind](mapping, options)
    except KeyError:
        raise ImportFileError(f"Неизвестный вид импорта «{kind}». Допустимые: {', '.join(IMPORTERS)}.") from None


__all__ = ["IMPORTERS", "Column", "ImportFileError", "Importer", "Plan", "RowError", "get_importer",
           "importable_kinds", "may_import", "register"]
