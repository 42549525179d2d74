"""Who sees, edits, reviews and approves roadmaps (built on accounts.scoping).

- municipal roadmap: every member of the municipality reads it; its methodologists edit it; the head approves;
- school programme: the school's director edits it (and its risk profile), the municipality's methodologists
  edit and review it, the head approves; leader-school staff read the programmes of the schools they support;
- site plan: staff of the leader school / site edit it, methodologists review, the head approves; directors
  of the supported schools read it.
Plan fields change only while a roadmap is a draft or returned; progress may be filed at any time.
"""

from django.db.models import Q, QuerySet

from accounts import scoping
from partnerships.models import Agreement

from .models import Level, Roadmap


def _supported_by(leader_schools) -> QuerySet:
    return Agreement.objects.filter(designation__school_id__in=leader_schools,
                                    state=Agreement.State.ACTIVE).values("supported_school_id")


def _leaders_of(director_schools) -> QuerySet:
    return Agreement.objects.filter(supported_school_id__in=director_schools,
                                    state=Agreement.State.ACTIVE).values("designation_id")


def visible_roadmaps(user) -> QuerySet[Roadmap]:
    scope = scoping.get_scope(user)
    qs = Roadmap.objects.select_related("municipality", "school", "school_year", "designation__kind")
    if scope.is_admin:
        return qs
    if not scope.member_munis:
        return qs.none()
    q = Q(municipality_id__in=scope.municipal_munis) | Q(level=Level.MUNICIPAL,
                                                         municipality_id__in=scope.member_munis)
    if scope.director_schools:
        q |= Q(level=Level.SCHOOL, school_id__in=scope.director_schools)
        q |= Q(level=Level.SITE, designation_id__in=_leaders_of(scope.director_schools))
    if scope.leader_schools:
        q |= Q(school_id__in=scope.leader_schools)  # their school's site plan (and programme, if any)
        q |= Q(level=Level.SCHOOL, school_id__in=_supported_by(scope.leader_schools))
    return qs.filter(q)


def can_manage(user, roadmap: Roadmap) -> bool:
    """Edits the plan (while editable) and files progress (at any time)."""
    scope = scoping.get_scope(user)
    if scope.is_admin or roadmap.municipality_id in scope.methodologist_munis:
        return True
    if roadmap.level == Level.SCHOOL:
        return roadmap.school_id in scope.director_schools
    if roadmap.level == Level.SITE:
        return roadmap.school_id in scope.leader_schools
    return False


def can_edit_plan(user, roadmap: Roadmap) -> bool:
    return roadmap.is_editable and can_manage(user, roadmap)


def can_review(user, roadmap: Roadmap) -> bool:
    """Returns a submitted roadmap or accepts/returns progress reports: methodologists review schools' and
    sites' work, the head also reviews; the municipal roadmap (the methodologists' own) only the head."""
    scope = scoping.get_scope(user)
    if scope.is_admin or roadmap.municipality_id in scope.head_munis:
        return True
    return roadmap.level != Level.MUNICIPAL and roadmap.municipality_id in scope.methodologist_munis


def can_approve(user, roadmap: Roadmap) -> bool:
    scope = scoping.get_scope(user)
    return scope.is_admin or roadmap.municipality_id in scope.head_munis


def can_create(user, level: str) -> bool:
    scope = scoping.get_scope(user)
    if scope.is_admin or scope.methodologist_munis:
        return True
    return (level == Level.SCHOOL and bool(scope.director_schools)) or (
        level == Level.SITE and bool(scope.leader_schools))


def can_manage_catalogues(user) -> bool:
    scope = scoping.get_scope(user)
    return scope.is_admin or bool(scope.methodologist_munis)


def can_edit_risk_profile(user, school) -> bool:
    """The school's director and the municipality's methodologists (scoping's "edit" level)."""
    return scoping.can_edit_school(user, school)
