"""The report's content, section by section, as plain data (blocks of sentences, tables and charts) that the PDF
template lays out and the XLSX companion writes: every sentence that carries a number is made here from the data,
every table is a `Table` whose cells keep their numbers (the PDF formats them, the workbook keeps them as numbers).

One module per section, each a function `(scope, number) -> Section` named as its key in `BUILD_ORDER`. Each reads
other apps only through their selectors, in a fixed number of queries whatever the number of schools. A section whose
data is absent says so in a sentence instead of disappearing.
"""

from .appendix import appendix
from .base import BUILD_ORDER, PLACE, Scope, Section, Table, scope_for
from .effect import effect
from .identification import identification
from .indicators import indicators
from .infrastructure import infrastructure
from .mentoring import mentoring
from .recommendations import recommendations
from .roadmaps import roadmaps
from .summary import summary

__all__ = ["BUILD_ORDER", "PLACE", "Scope", "Section", "Table", "appendix", "effect", "identification", "indicators",
           "infrastructure", "mentoring", "recommendations", "roadmaps", "scope_for", "summary"]
