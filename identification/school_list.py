"""ШНОР/ШССУ on the school list (/schools/): a column per status and a status filter, registered with the
registry's list from `IdentificationConfig.ready()` (core.registries) — the registry knows nothing of statuses.

A school's status is read from its municipality's latest approved list up to the current school year: a school
that left the list shows none, even if it was on an earlier one."""

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import school_year_of
from schools.models import School
from schools.registries import Cell

from . import access
from .models import SchoolStatus, Status
from .selectors import unjudged_on_latest_lists, years_in_status

COLUMNS = [(Status.LRS.value, gettext_lazy("ШНОР")), (Status.DSC.value, gettext_lazy("ШССУ"))]
FILTER_CHOICES = [(Status.LRS.value, gettext_lazy("ШНОР")), (Status.DSC.value, gettext_lazy("ШССУ")),
                  ("any", gettext_lazy("ШНОР или ШССУ")), ("both", gettext_lazy("ШНОР и ШССУ")),
                  ("none", gettext_lazy("без статуса")),
                  ("unjudged", gettext_lazy("не оценена в последнем списке"))]


def _list_year(municipality_ref: str) -> Subquery:
    """The start year of the latest approved list of the municipality named by `municipality_ref` (an outer
    reference), not later than the current school year."""
    return Subquery(SchoolStatus.objects.filter(
        school__municipality_id=OuterRef(municipality_ref),
        school_year__start_year__lte=school_year_of(timezone.localdate()),
    ).order_by("-school_year__start_year").values("school_year__start_year")[:1])


def status_cells(user, school_ids) -> dict[int, dict[str, Cell]]:
    """{school id: {status: Cell}} for the schools on the latest list of their municipality — in one query (the
    statuses of these schools up to the current year; consecutive years counted from the same rows). The cell
    names the list's school year; more than three years running is marked as on the official list."""
    current = school_year_of(timezone.localdate())
    rows = list(access.visible_statuses(user).filter(school_id__in=school_ids, school_year__start_year__lte=current)
                .annotate(list_year=_list_year("school__municipality_id"))
                .values_list("school_id", "status", "school_year__start_year", "list_year"))
    history = [(school_id, status, year) for school_id, status, year, _l in rows]
    spans = {list_year: years_in_status(history, list_year) for *_r, list_year in rows if list_year is not None}
    cells: dict[int, dict[str, Cell]] = {}
    for school_id, status, year, list_year in rows:
        if year != list_year:
            continue
        held = spans[list_year].get((school_id, status), 1)
        cells.setdefault(school_id, {})[status] = Cell(
            f"{list_year}/{list_year + 1}", tone="warn" if held > 3 else "bad",
            note=_("%(n)s-й год подряд") % {"n": held} if held > 1 else "")
    return cells


def filter_by_status(user, queryset: QuerySet[School], value: str) -> QuerySet[School]:
    """Schools by their status on the latest list of their municipality (inside the list's own query)."""
    if value == "unjudged":  # not judged for some status (judged.unjudged_on_latest_lists): neither in nor out
        return queryset.filter(pk__in=unjudged_on_latest_lists())
    statuses = access.visible_statuses(user)

    def on_list(status=None):
        qs = statuses.filter(school_id=OuterRef("pk"), school_year__start_year=OuterRef("status_list_year"))
        return Exists(qs.filter(status=status) if status else qs)

    queryset = queryset.annotate(status_list_year=_list_year("municipality_id"))
    if value in Status.values:
        return queryset.filter(on_list(value))
    if value == "any":
        return queryset.filter(on_list())
    if value == "both":
        return queryset.filter(on_list(Status.LRS), on_list(Status.DSC))
    if value == "none":
        return queryset.exclude(on_list())
    return queryset
