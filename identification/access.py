"""Who may see and do what in identification, built on accounts.scoping.

- runs and their evidence: municipal staff of the run's municipality (region-wide runs: staff of any
  municipality of the region) and admins; directors see evidence only for their own school, and only in
  approved lists;
- starting runs and deciding against the proposal: methodologists of the municipality (region runs: admins);
- approving: department heads of the municipality (region runs: admins).
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import scoping
from accounts.models import Role

from .models import Run


def visible_runs(user) -> QuerySet[Run]:
    scope = scoping.get_scope(user)
    qs = Run.objects.select_related("methodology", "municipality", "region", "school_year", "created_by")
    if scope.is_admin:
        return qs
    munis = scope.municipal_munis
    return qs.filter(Q(municipality_id__in=munis)
                     | Q(municipality__isnull=True, region__municipalities__id__in=munis)).distinct()


def run_or_404(user, pk) -> Run:
    try:
        return visible_runs(user).get(pk=pk)
    except (Run.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_start_run(user, municipality) -> bool:
    if municipality is None:
        return scoping.get_scope(user).is_admin
    return scoping.can_manage_municipality(user, municipality.pk)


def can_decide(user, run: Run) -> bool:
    """Include/exclude against the proposal."""
    return can_start_run(user, run.municipality)


def can_approve(user, run: Run) -> bool:
    scope = scoping.get_scope(user)
    if scope.is_admin:
        return True
    return run.municipality_id is not None and run.municipality_id in scope.head_munis


def can_manage_methodologies(user) -> bool:
    return scoping.has_role(user, Role.METHODOLOGIST, Role.ADMIN)


def can_open_identification(user) -> bool:
    scope = scoping.get_scope(user)
    return scope.is_admin or bool(scope.municipal_munis)
