"""Who may ask for and download annual reports: the one place the pages, the command and the services ask.

A report is read by those allowed to see its territory (accounts.access):
- a municipality's report: its methodologists and its department head (and administrators);
- a school's report: the municipality's staff and the school's own staff (director, leader-school staff) — whoever reads
  the school's private data;
- a region's report: administrators (no municipal role covers a whole region).
Whoever may read a territory's report may also ask for a new version of it. Foreign reports answer 404.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import get_scope
from schools.models import Municipality, Region, School

from .models import AnnualReport, Level


def can_open_reports(user) -> bool:
    scope = get_scope(user)
    return scope.is_admin or bool(scope.municipal_munis or scope.own_schools)


def visible_reports(user) -> QuerySet[AnnualReport]:
    scope = get_scope(user)
    qs = AnnualReport.objects.select_related("region", "municipality", "school", "school_year", "requested_by")
    if scope.is_admin:
        return qs
    return qs.filter(Q(level__in=(Level.MUNICIPALITY, Level.SCHOOL), municipality_id__in=scope.municipal_munis)
                     | Q(level=Level.SCHOOL, school_id__in=scope.own_schools))


def can_view_report(user, report: AnnualReport) -> bool:
    return can_view_territory(user, report.territory)


def report_or_404(user, pk) -> AnnualReport:
    return get_object_or_404(visible_reports(user), pk=pk)


def can_view_territory(user, territory) -> bool:
    scope = get_scope(user)
    if scope.is_admin:
        return True
    if isinstance(territory, School):
        return territory.municipality_id in scope.municipal_munis or territory.pk in scope.own_schools
    if isinstance(territory, Municipality):
        return territory.pk in scope.municipal_munis
    return False  # a region: administrators only


def can_request(user, territory) -> bool:
    return can_view_territory(user, territory)


def requestable_municipalities(user) -> QuerySet[Municipality]:
    scope = get_scope(user)
    qs = Municipality.objects.select_related("region").order_by("name")
    return qs if scope.is_admin else qs.filter(pk__in=scope.municipal_munis)


def requestable_schools(user) -> QuerySet[School]:
    scope = get_scope(user)
    qs = School.objects.filter(is_active=True).select_related("municipality").order_by("municipality__name",
                                                                                         "short_name")
    if scope.is_admin:
        return qs
    return qs.filter(Q(municipality_id__in=scope.municipal_munis) | Q(pk__in=scope.own_schools))


def requestable_regions(user) -> QuerySet[Region]:
    return Region.objects.order_by("name") if get_scope(user).is_admin else Region.objects.none()
