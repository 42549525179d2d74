"""The coverage table: per supported school, the figures of the methodical work with the gaps named."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from identification.models import SchoolStatus
from partnerships.models import Agreement
from schools.models import School, SchoolYear

from .. import access
from .figures import school_figures
from .routes import routes_by_school
from .years import year_period

COVERAGE_COLUMNS = (
    ("teachers", "Педагогов по реестру"),
    ("teachers_low_results", "С низкими результатами"),
    ("low_results_diagnosed", "Из них прошли диагностику"),
    ("low_results_mentored", "Из них с наставником"),
    ("diagnosed", "Прошли диагностику"),
    ("with_route", "С маршрутом (ИОМ)"),
    ("mentored", "С наставником"),
    ("trained_quality", "Прошли КПК по качеству образования"),
    ("young_specialists", "Молодых специалистов по реестру"),
    ("young_mentored", "Из них с наставником"),
    ("in_communities", "В сообществах"),
    ("events", "Мероприятий"),
)


@dataclass
class CoverageRow:
    school: School
    figures: dict
    gaps: set

    @property
    def cells(self) -> list[tuple[str, str, int, bool]]:
        """(key, label, value, is a gap) in the columns' order: what the table shows, read once per row."""
        return [(key, label, self.figures[key], key in self.gaps) for key, label in COVERAGE_COLUMNS]


def supported_schools(schools: QuerySet[School], *, start_year: int) -> QuerySet[School]:
    """Of these schools, the year's supported ones: on the year's list of ШНОР/ШССУ or supported under an agreement
    during the year — the coverage table's default scope, named «в ШНОР/ШССУ и школах с сопровождением» wherever a
    count of it stands beside one of all schools (the start page)."""
    since, until = year_period(start_year)
    supported = Agreement.objects.filter(state__in=(Agreement.State.ACTIVE, Agreement.State.EXPIRED),
                                         start__lte=until, end__gte=since).values("supported_school_id")
    listed = SchoolStatus.objects.filter(school_year__start_year=start_year).values("school_id")
    return schools.filter(Q(pk__in=supported) | Q(pk__in=listed))


def coverage(user, *, start_year: int, municipality_id: int | None = None,
             only_supported: bool = True) -> list[CoverageRow]:
    """The coverage table: per supported school — on the year's list of ШНОР/ШССУ or supported under an agreement
    during the year (so a listed school still without a partner shows, with its gaps) — or every school of the
    user's municipalities: the figures, with the gaps named (a fixed number of queries)."""
    schools = access.coverage_schools(user).filter(is_active=True).select_related("municipality")
    if municipality_id:
        schools = schools.filter(municipality_id=municipality_id)
    if only_supported:
        schools = supported_schools(schools, start_year=start_year)
    schools = list(schools.order_by("municipality__name", "short_name"))
    ids = [s.pk for s in schools]
    figures = school_figures(school_ids=ids, year=SchoolYear(start_year=start_year)) if ids else {}
    routes = routes_by_school(school_ids=ids, start_year=start_year) if ids else {}
    rows = []
    for school in schools:
        f = dict(figures[school.pk])
        f["with_route"] = routes.get(school.pk, 0)
        gaps = set()
        if f["teachers_low_results"] > f["low_results_diagnosed"]:
            gaps.add("low_results_diagnosed")
        if f["teachers_low_results"] > f["low_results_mentored"]:
            gaps.add("low_results_mentored")
        if f["young_specialists"] > f["young_mentored"]:
            gaps.add("young_mentored")
        for key in ("diagnosed", "mentored", "trained_quality", "in_communities", "events"):
            if f["teachers"] and not f[key]:
                gaps.add(key)
        rows.append(CoverageRow(school, f, gaps))
    return rows


def coverage_export(rows: list[CoverageRow]) -> tuple[list[str], list[list]]:
    header = ["Муниципалитет", "Код ОО", "Школа", *[label for _k, label in COVERAGE_COLUMNS], "Пробелы"]
    labels = dict(COVERAGE_COLUMNS)
    out = []
    for r in rows:
        out.append([r.school.municipality.name, r.school.code, r.school.short_name,
                    *[r.figures[k] for k, _l in COVERAGE_COLUMNS],
                    "; ".join(labels[k].lower() for k, _l in COVERAGE_COLUMNS if k in r.gaps)])
    return header, out
