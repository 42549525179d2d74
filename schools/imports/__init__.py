"""Two-phase imports of tables (XLSX/CSV). Kinds register here; later issues add their own kinds."""

from .base import Column, Importer, Plan, RowError
from .readers import ImportFileError

IMPORTERS: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    IMPORTERS[importer.kind] = importer
    return importer


def get_importer(kind: str, mapping: dict | None = None, options: dict | None = None) -> Importer:
    try:
        return IMPORTERS[kind](mapping, options)
    except KeyError:
        raise ImportFileError(f"Неизвестный вид импорта «{kind}». Допустимые: {', '.join(IMPORTERS)}.") from None


def _register_registry_kinds():
    from .kinds import SchoolsImporter, TeachersImporter, YearlyDataImporter
    from .results import ExamProtocolImporter, ResultsImporter, VprIndividualImporter

    for kind in (SchoolsImporter, YearlyDataImporter, TeachersImporter, ResultsImporter, VprIndividualImporter,
                 ExamProtocolImporter):
        register(kind)


__all__ = ["IMPORTERS", "Column", "ImportFileError", "Importer", "Plan", "RowError", "get_importer", "register"]
