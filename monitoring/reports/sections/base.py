"""The report's shapes — a `Table` (its cells keep their numbers: the PDF formats them, the workbook keeps them as
numbers), a `Section` of blocks (sentences, headings, lists, tables, charts) — the `Scope` a report covers, and the
order in which the sections are built and placed."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from core import limits
from core.charts import traffic_light
from core.formats import ru_count, ru_date, ru_decimal, ru_percent
from identification.models import Status
from schools.models import Municipality, Region, School, SchoolYear
from schools.selectors import active_schools, municipality_ids, school_year_starting

from ..text import SCHOOLS, count, quote

# the summary is built after the others (it is written from the figures they leave in `Scope.facts`), placed first
BUILD_ORDER = ("identification", "infrastructure", "roadmaps", "mentoring", "indicators", "effect", "recommendations",
               "summary", "appendix")
PLACE = {"summary": 1, "identification": 2, "infrastructure": 3, "roadmaps": 4, "mentoring": 5, "indicators": 6,
         "effect": 7, "recommendations": 8, "appendix": 9}

STATUS_LABELS = {value: str(label) for value, label in Status.choices}


@dataclass
class Table:
    """A table of the report: `kinds` say how each column reads («text», «int», «pct», «num», «p», «date», «light»);
    the XLSX keeps numbers as numbers, the PDF formats them. `small` marks (row, column) cells of a small group."""

    key: str  # the workbook's sheet name (≤ 31 characters)
    title: str
    headers: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    small: set = field(default_factory=set)
    highlight: set = field(default_factory=set)  # row indices shown in bold (e.g. three years and more in status)
    number: int = 0  # the table's number in the report (set when the sections are put in order)
    pdf: bool = True  # False: a table of every school of a region, kept in the XLSX only (the PDF names its sheet)
    counted: str = SCHOOLS  # what a row is, for the line under a table cut in the PDF («и ещё 1 200 школ»)

    @property
    def main(self) -> int:
        """The column given the room in a wide table: the first text column (a school's or an indicator's name)."""
        return next((i for i, kind in enumerate(self.kinds) if kind == "text"), 0)

    @property
    def wide(self) -> bool:
        """Many columns: the PDF sets it in a smaller type with fixed column widths."""
        return len(self.headers) >= 8

    @property
    def hidden(self) -> int:
        """Rows the PDF leaves to the workbook: it lists at most `limits.REPORT_TABLE_ROWS` (core/limits.py)."""
        return max(0, len(self.rows) - limits.REPORT_TABLE_ROWS)

    @property
    def hidden_line(self) -> str:
        """«и ещё 1 200 школ — полный список в XLSX, лист «12. Школы»», or nothing when the table is whole."""
        if not self.hidden:
            return ""
        return f"и ещё {count(self.hidden, self.counted)} — полный список в XLSX, лист «{self.number}. {self.key}»"

    def display_rows(self) -> list[list[dict]]:
        """The rows as the PDF shows them: the first `limits.REPORT_TABLE_ROWS`, a person's text quoted (`quote`)."""
        out = []
        for r, row in enumerate(self.rows[: limits.REPORT_TABLE_ROWS]):
            cells = []
            for c, (value, kind) in enumerate(zip(row, self.kinds, strict=True)):
                cells.append({"text": _cell_text(value, kind), "num": kind in ("int", "pct", "num"),
                              "light": kind == "light", "small": (r, c) in self.small})
            out.append({"cells": cells, "strong": r in self.highlight})
        return out


def _cell_text(value, kind: str):
    if value is None or value == "":
        return "—"
    if kind == "int":
        return ru_count(value)
    if kind == "pct":
        return ru_percent(value)
    if kind == "num":
        return ru_decimal(float(value), 1)
    if kind == "p":
        return ru_decimal(float(value), 3)
    if kind == "date":
        return ru_date(value)
    if kind == "light":
        return traffic_light(value)
    return quote(value)


@dataclass
class Section:
    key: str
    number: int
    title: str
    blocks: list[tuple[str, object]] = field(default_factory=list)

    def p(self, sentence: str) -> None:
        self.blocks.append(("p", sentence))

    def h(self, heading: str) -> None:
        self.blocks.append(("h", heading))

    def items(self, lines: list[str]) -> None:
        if lines:
            self.blocks.append(("list", lines))

    def empty(self, sentence: str) -> "Section":
        """A sentence saying the data is absent (a section never disappears); the section, for `return s.empty(…)`."""
        self.blocks.append(("empty", sentence))
        return self

    def table(self, table: Table) -> Table:
        self.blocks.append(("table", table))
        return table

    def chart(self, title: str, svg: str, note: str = "") -> None:
        if svg:
            self.blocks.append(("chart", {"title": title, "svg": svg, "note": note}))

    def charts(self, pictures: list[dict]) -> None:
        if pictures:
            self.blocks.append(("multiples", pictures))

    @property
    def tables(self) -> list[Table]:
        return [b for kind, b in self.blocks if kind == "table"]


@dataclass
class Scope:
    """What a report covers: the territory, its active schools, the year and the year before."""

    territory: object
    school_year: SchoolYear
    region: Region
    municipality_ids: list[int]
    schools: list[School]
    previous: SchoolYear | None
    today: datetime.date
    facts: dict = field(default_factory=dict)  # figures a section leaves for the summary

    @property
    def year(self) -> int:
        return self.school_year.start_year

    @property
    def school_ids(self) -> list[int]:
        return [s.pk for s in self.schools]

    @property
    def is_school(self) -> bool:
        return isinstance(self.territory, School)

    @property
    def is_region(self) -> bool:
        return isinstance(self.territory, Region)

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        return datetime.date(self.year, 9, 1), datetime.date(self.year + 1, 8, 31)

    @property
    def as_of(self) -> datetime.date:
        """The day overdue is judged on: today for the year under way, the year's last day for a year that is over."""
        return min(self.today, self.period[1])

    def school_name(self, school: School) -> str:
        return f"{school.short_name} ({school.municipality.name})" if self.is_region else school.short_name


def scope_for(territory, school_year: SchoolYear, *, today: datetime.date | None = None) -> Scope:
    if isinstance(territory, School):
        schools, munis, region = [territory], [territory.municipality_id], territory.municipality.region
    elif isinstance(territory, Municipality):
        schools, munis, region = active_schools(municipality=territory), [territory.pk], territory.region
    else:
        schools, munis, region = active_schools(region=territory), municipality_ids(territory), territory
    return Scope(territory=territory, school_year=school_year, region=region, municipality_ids=munis,
                 schools=schools, previous=school_year_starting(school_year.start_year - 1),
                 today=today or timezone.localdate())
