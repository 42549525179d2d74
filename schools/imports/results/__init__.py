"""Import kinds for assessment results: a school-level table (`school_level`), a per-student ВПР export laid out like
ФИС ОКО «Индивидуальные результаты» (`vpr`) and a per-student ОГЭ/ЕГЭ protocol with column mapping (`exam`); the
per-student kinds aggregate through `per_student`, their cells are read by `cells`."""

from .exam import ExamProtocolImporter
from .per_student import AggregatingImporter
from .school_level import RESULT_FIELDS, ResultsImporter, ResultsLookupMixin
from .vpr import VprIndividualImporter

__all__ = ["RESULT_FIELDS", "AggregatingImporter", "ExamProtocolImporter", "ResultsImporter", "ResultsLookupMixin",
           "VprIndividualImporter"]
