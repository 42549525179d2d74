"""Reads of the registry shaped for pages and exports; each runs a fixed number of queries."""

from collections.abc import Callable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, Value, When

from core.audit import AuditRow, audit_rows
from core.natural import NaturalKey
from schools.registries import Cell, school_columns, school_filters

from .models import STUDENT_SUBSET_FIELDS, School, SchoolKind, SchoolYear, SchoolYearData, Teacher

YEARLY_FIELDS = ("students", *STUDENT_SUBSET_FIELDS, "teachers", "young_specialists", "vacancies")
# Rows where growth is a worsening. The other rows (students, teachers, social groups) describe the school: their
# changes are neither good nor bad, so the card shows them uncoloured.
YEARLY_WORSE_WHEN_MORE = frozenset({"students_preventive_register", "students_unexcused_absences", "vacancies"})


def with_latest_students(qs: QuerySet[School]) -> QuerySet[School]:
    """Annotate each school with its latest school year and number of students (one subquery each)."""
    latest = SchoolYearData.objects.filter(school=OuterRef("pk")).order_by("-school_year__start_year")
    return qs.annotate(
        latest_students=Subquery(latest.values("students")[:1]),
        latest_year=Subquery(latest.values("school_year__start_year")[:1]),
    )


def with_list_order(qs: QuerySet[School]) -> QuerySet[School]:
    """Schools in the natural order of their names («№ 2» before «№ 11»), with the sort keys of the list's
    orderings (filters.SchoolFilter): `name_order` (the name's natural key) and `kind_order` (kinds by level, in
    the order of SchoolKind, not by their codes)."""
    kinds = [When(kind=value, then=Value(i)) for i, value in enumerate(SchoolKind.values)]
    return qs.annotate(name_order=NaturalKey("short_name"), kind_order=Case(*kinds, default=Value(len(kinds)))
                       ).order_by("name_order", "short_name", "pk")


def school_list_queryset(qs: QuerySet[School]) -> QuerySet[School]:
    return with_latest_students(with_list_order(qs.select_related("municipality")))


@dataclass
class YearlyCell:
    value: int | None
    share: float | None  # share of students (subset fields) or of teachers (young specialists), percent
    delta: int | None  # change against the previous year shown
    changed: bool
    tone: str = ""  # "better" / "worse" for a change in a row with a direction (YEARLY_WORSE_WHEN_MORE), else ""
    unknown_change: bool = False  # known now, unknown the year before: the change is «нет данных», not a number


@dataclass
class YearlyRow:
    field: str
    label: str
    cells: list[YearlyCell]


def yearly_table(school: School) -> tuple[list[SchoolYearData], list[YearlyRow]]:
    """The school's yearly data as rows (indicators) × columns (years), with changes marked.

    A change is highlighted when a value differs from the previous year by more than 10 % (relative)
    or, for shares, by more than 3 percentage points — small drift is normal and would be noise. A change is
    toned better or worse only in the rows of YEARLY_WORSE_WHEN_MORE.
    """
    records = list(school.yearly_data.select_related("school_year").order_by("school_year__start_year"))
    rows = []
    for field in YEARLY_FIELDS:
        label = SchoolYearData._meta.get_field(field).verbose_name
        cells: list[YearlyCell] = []
        prev: YearlyCell | None = None
        for rec in records:
            value = getattr(rec, field)  # None: unknown («нет данных»), never 0
            base = rec.students if field in STUDENT_SUBSET_FIELDS else (
                rec.teachers if field == "young_specialists" else None)
            share = round(100 * value / base, 1) if base and value is not None else None
            # a change needs both sides known: against an unknown year there is no difference to show
            delta = value - prev.value if prev and prev.value is not None and value is not None else None
            changed = False
            if prev is not None and delta:
                if share is not None and prev.share is not None:
                    changed = abs(share - prev.share) > 3
                else:
                    changed = prev.value == 0 or abs(delta) / prev.value > 0.10
            tone = ("worse" if delta > 0 else "better") if delta and field in YEARLY_WORSE_WHEN_MORE else ""
            cell = YearlyCell(value=value, share=share, delta=delta, changed=changed, tone=tone,
                              unknown_change=prev is not None and prev.value is None and value is not None)
            cells.append(cell)
            prev = cell
        rows.append(YearlyRow(field=field, label=str(label), cells=cells))
    return records, rows


@dataclass
class TeacherCounts:
    """The school's teachers by their two sources, side by side on the card: the registry (teachers entered by name;
    mentoring's coverage and monitoring count its working ones) and the latest yearly data (the staff at the start of
    the year, entered by the school; the yearly social index and the progress report's shares read it)."""

    working: int  # registry, working
    left: int  # registry, no longer working
    yearly: int | None  # the latest yearly data's teachers; None: no yearly data
    yearly_year: str = ""

    @property
    def disagree(self) -> bool:
        return self.yearly is not None and self.working > 0 and self.yearly != self.working


def teacher_counts(records: list[SchoolYearData], teachers: list[Teacher]) -> TeacherCounts:
    """From what the card has read already (no query)."""
    working = sum(1 for t in teachers if t.is_active)
    latest = records[-1] if records else None
    return TeacherCounts(working=working, left=len(teachers) - working,
                         yearly=latest.teachers if latest else None,
                         yearly_year=latest.school_year.name if latest else "")


def latest_results(school: School, *, years: int = 2) -> tuple[list[int], list]:
    """The school's results of its last `years` school years, newest first (one query)."""
    from .models import AssessmentResult

    rows = list(AssessmentResult.objects.filter(school=school).select_related("subject", "school_year")
                .order_by("-school_year__start_year", "procedure", "subject__name", "grade"))
    shown = sorted({r.school_year.start_year for r in rows}, reverse=True)[:years]
    return shown, [r for r in rows if r.school_year.start_year in shown]


def school_audit_entries(school: School, *, limit: int = 50) -> list[AuditRow]:
    """Latest changes of the school, its yearly data and its teachers (teachers are deactivated,
    not deleted, in the UI, so their ids stay resolvable)."""
    types = ContentType.objects.get_for_models(School, SchoolYearData, Teacher)
    models_by_type = {ct.pk: model for model, ct in types.items()}
    yearly_ids = SchoolYearData.objects.filter(school=school).values("pk")
    teacher_ids = Teacher.objects.filter(school=school).values("pk")
    q = (
        Q(content_type=types[School], object_id=school.pk)
        | Q(content_type=types[SchoolYearData], object_id__in=yearly_ids)
        | Q(content_type=types[Teacher], object_id__in=teacher_ids)
    )
    entries = LogEntry.objects.filter(q).select_related("actor").order_by("-timestamp")[:limit]
    return audit_rows(entries, models_by_type)


# ---- columns and filters added to the school list by higher apps (core.registries) -------------------

def list_headings() -> list[str]:
    """Headings of the added columns, in order."""
    return [str(label) for group in school_columns() for _key, label in group.columns]


def list_cells(user, school_ids) -> Callable[[int], list[Cell | None]]:
    """The added columns' cells of the schools (a page's ids or an export's queryset of ids), as a function of the
    school's id: one query per registered group, whatever the number of schools."""
    answers = [(group, group.values(user, school_ids)) for group in school_columns()]

    def cells_of(school_id: int) -> list[Cell | None]:
        return [answer.get(school_id, {}).get(key) for group, answer in answers for key, _label in group.columns]

    return cells_of


def list_filters(params) -> list[tuple]:
    """The added filters with the value chosen in the query string: (filter, value)."""
    return [(f, params.get(f.key, "") if params.get(f.key, "") in dict(f.choices) else "") for f in school_filters()]


def apply_list_filters(user, qs: QuerySet[School], params) -> QuerySet[School]:
    for f, value in list_filters(params):
        if value:
            qs = f.apply(user, qs, value)
    return qs


# ---- a report's territory (monitoring's annual report) -------------------------------------------------------------


def active_schools(*, municipality=None, region=None) -> list[School]:
    """The active schools of a municipality (or of a region), with their municipality, by municipality and name (one
    query)."""
    qs = School.objects.filter(is_active=True).select_related("municipality").order_by("municipality__name",
                                                                                        "short_name")
    return list(qs.filter(municipality=municipality) if municipality is not None else
                qs.filter(municipality__region=region))


def municipality_ids(region) -> list[int]:
    return list(region.municipalities.values_list("pk", flat=True))


def school_year_starting(start_year: int) -> SchoolYear | None:
    """The registry's school year that starts in `start_year`, if there is one."""
    return SchoolYear.objects.filter(start_year=start_year).first()
