"""Coverage of the reference population: how many of the region's registered schools have results in each year and
procedure a run reads (docs/methodology.md, «Охват»). «The region» in the criteria is the schools whose results are
loaded; this says how much of the real region that is. Two queries, whatever the number of schools."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext

from core.formats import ru_count, ru_decimal, ru_percent, school_year_name
from schools.models import AssessmentResult, School
from schools.models.registry import SchoolKind
from schools.models.results import PROCEDURE_GRADES, Procedure

from ..criteria.base import KINDS, plural

# The grades a kind of school teaches, when its kind says so (Закон об образовании, ст. 66: начальное — 1–4,
# основное — 5–9, среднее — 10–11). Kinds missing here (вечерняя, интернат, коррекционная, иная) may teach any of
# them, so they are counted as possible participants of every procedure: the share errs low, never high.
KIND_GRADES = {
    SchoolKind.NOSH: range(1, 5),
    SchoolKind.OOSH: range(1, 10),
    SchoolKind.SOSH: range(1, 12),
    SchoolKind.GYMNASIUM: range(1, 12),
    SchoolKind.LYCEUM: range(1, 12),
    SchoolKind.EDUCATION_CENTER: range(1, 12),
}


def kinds_without(procedure: str) -> list[str]:
    """The kinds of school that teach none of the procedure's grades (ОГЭ: НОШ; ЕГЭ: НОШ, ООШ)."""
    grades = set(PROCEDURE_GRADES[Procedure(procedure)])
    return [kind for kind, taught in KIND_GRADES.items() if not grades & set(taught)]


def min_coverage_pct() -> float:
    """The stated level (settings.IDENTIFICATION_MIN_COVERAGE_PCT) below which approval asks for confirmation."""
    return float(settings.IDENTIFICATION_MIN_COVERAGE_PCT)


@dataclass(frozen=True)
class CoverageCell:
    """One data year × procedure: schools of the region with results out of those that could have them."""

    year: int
    procedure: str
    with_results: int
    eligible: int
    level: float

    @property
    def procedure_label(self) -> str:
        return str(Procedure(self.procedure).label)

    @property
    def year_name(self) -> str:
        return school_year_name(self.year)

    @property
    def share(self) -> float | None:
        """Percent of the eligible schools with results; None when no registered school could have them."""
        return 100 * self.with_results / self.eligible if self.eligible else None

    @property
    def share_label(self) -> str:
        return ru_percent(self.share)

    @property
    def counts_label(self) -> str:
        """«32 из 410»."""
        return gettext("%(n)s из %(total)s") % {"n": ru_count(self.with_results), "total": ru_count(self.eligible)}

    @property
    def loaded(self) -> bool:
        return self.with_results > 0

    @property
    def low(self) -> bool:
        """Loaded for part of the region below the level: comparisons with «the region» rest on that part. A
        procedure with no results at all is not a comparison with part of the region (its criteria say
        «недостаточно данных» for every school), so it is named but asks for no confirmation."""
        return self.loaded and self.share is not None and self.share < self.level


@dataclass(frozen=True)
class Coverage:
    level: float
    years: tuple[int, ...]
    cells: tuple[CoverageCell, ...]
    bottom_pct: dict  # procedure → the «нижние X % региона» of the run's criteria, for the warning's words

    @property
    def procedures(self) -> list[str]:
        return [str(label) for _code, label in Procedure.choices]

    @property
    def rows(self) -> list[tuple[str, list[CoverageCell]]]:
        """The table: a row per data year, a cell per procedure in Procedure's order."""
        return [(school_year_name(y), [c for c in self.cells if c.year == y]) for y in self.years]

    @property
    def low_cells(self) -> list[CoverageCell]:
        return [c for c in self.cells if c.low]

    @property
    def is_low(self) -> bool:
        return bool(self.low_cells)

    @property
    def lowest_share(self) -> float | None:
        """The smallest share among the cells under the level (what the approver confirms)."""
        return min((c.share for c in self.low_cells), default=None)

    @property
    def level_label(self) -> str:
        return ru_percent(self.level, 0)

    @property
    def confirmation_label(self) -> str:
        return gettext("Понимаю, что региональное сравнение опирается на %(pct)s школ региона") % {
            "pct": ru_percent(self.lowest_share)}

    @property
    def warnings(self) -> list[str]:
        """A sentence per cell under the level, in plain Russian."""
        out = []
        for c in self.low_cells:
            x = self.bottom_pct.get(c.procedure)
            meaning = (gettext("«нижние %(x)s региона» означают нижние %(x)s загруженных школ, а не всех школ "
                               "региона") % {"x": ru_decimal(x, None) + "\u00a0%"} if x is not None else
                       gettext("сравнение с регионом идёт только среди школ с загруженными результатами, а не "
                               "среди всех школ региона"))
            out.append(gettext("Результаты загружены для %(n)s из %(total)s %(schools)s региона (%(pct)s) за "
                               "%(year)s по %(proc)s: %(meaning)s.") % {
                "n": ru_count(c.with_results), "total": ru_count(c.eligible),
                "schools": plural(c.eligible, "школы", "школ", "школ"), "pct": c.share_label, "year": c.year_name,
                "proc": c.procedure_label, "meaning": meaning})
        return out


def _bottom_pct(criteria: list[dict]) -> dict:
    """Procedure → the smallest «нижние X %» of the criteria that compare with the region (read from the run's
    snapshot: parameters `procedure`, `bottom_pct`; whether the comparison is regional is the kind's to say — a
    rank kind by its `group`, an estimated kind always)."""
    out: dict = {}
    for c in criteria:
        p, kind = c.get("params", {}), KINDS.get(c.get("kind"))
        if kind is None or not kind.regional(p):
            continue
        if p.get("procedure") and p.get("bottom_pct") is not None:
            out[p["procedure"]] = min(out.get(p["procedure"], 100.0), float(p["bottom_pct"]))
    return out


def run_coverage(run) -> Coverage:
    """For every data year the run reads (`Run.data_years`) and every procedure: the region's active registered
    schools with any results (participants > 0, as the engine reads them) out of those whose kind could have them
    (`KIND_GRADES`), plus any school with results whose kind says otherwise (the registry is then wrong, the result
    is not). The comparison group is the region (all its municipalities) even for a municipality's run. Two
    queries."""
    first, last = run.data_years
    years = tuple(range(first, last + 1))
    procedures = [code for code, _label in Procedure.choices]
    schools = School.objects.filter(municipality__region_id=run.region_id, is_active=True)
    registered = schools.aggregate(**{p: Count("pk", filter=~Q(kind__in=kinds_without(p))) for p in procedures})
    outside = Q()
    for p in procedures:
        if kinds_without(p):
            outside |= Q(procedure=p, school__kind__in=kinds_without(p))
    counted = {(row["school_year__start_year"], row["procedure"]): row for row in AssessmentResult.objects.filter(
        school__municipality__region_id=run.region_id, school__is_active=True, participants__gt=0,
        school_year__start_year__range=(first, last)).order_by().values("school_year__start_year", "procedure")
        .annotate(n=Count("school", distinct=True), outside=Count("school", distinct=True, filter=outside))}
    level = min_coverage_pct()
    cells = []
    for y in years:
        for p in procedures:
            row = counted.get((y, p), {"n": 0, "outside": 0})
            cells.append(CoverageCell(year=y, procedure=p, with_results=row["n"],
                                      eligible=registered[p] + row["outside"], level=level))
    return Coverage(level=level, years=years, cells=tuple(cells),
                    bottom_pct=_bottom_pct(run.snapshot.get("criteria", [])))
