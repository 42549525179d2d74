"""Who sees and manages designations and agreements (built on accounts.scoping).

Methodologists manage everything in their municipality and heads read it; leader-school staff read their own
school's designations and agreements; directors read the agreements in which their school is supported (or is
the leader).
"""

from django.db.models import Q, QuerySet

from accounts import scoping

from .models import Agreement, Designation


def visible_designations(user) -> QuerySet[Designation]:
    scope = scoping.get_scope(user)
    qs = Designation.objects.select_related("school__municipality", "kind", "head")
    if scope.is_admin:
        return qs
    return qs.filter(Q(school__municipality_id__in=scope.municipal_munis)
                     | Q(school_id__in=scope.leader_schools | scope.director_schools))


def visible_agreements(user) -> QuerySet[Agreement]:
    scope = scoping.get_scope(user)
    qs = Agreement.objects.select_related("designation__school__municipality", "designation__kind",
                                          "supported_school")
    if scope.is_admin:
        return qs
    own = scope.leader_schools | scope.director_schools
    return qs.filter(Q(designation__school__municipality_id__in=scope.municipal_munis)
                     | Q(supported_school__municipality_id__in=scope.municipal_munis)
                     | Q(designation__school_id__in=own) | Q(supported_school_id__in=scope.director_schools))


def can_manage_school(user, school) -> bool:
    return scoping.can_manage_municipality(user, school.municipality_id)


def can_manage_any(user) -> bool:
    scope = scoping.get_scope(user)
    return scope.is_admin or bool(scope.methodologist_munis)
