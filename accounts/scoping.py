"""The one place that answers "what may this user see or change".

Every page and API view asks here, as querysets (for lists and lookups) or predicates (for one object).
Lookups through a visible queryset make a foreign object answer 404; a visible object the user may not
change answers 403 (`require_*` helpers raise PermissionDenied).

Three levels of access to a school:
- registry (`visible_schools`): name, kind, address, status — every member of the school's municipality;
- private (`private_schools`): yearly data, teachers, drafts — municipal staff and the school's own staff;
- edit (`editable_schools`): methodologists of the municipality and the school's director.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from schools.models import Municipality, School

from .models import Membership, Role, User


@dataclass(frozen=True)
class Scope:
    """Memberships of a user flattened into id sets; computed once per request (one query)."""

    is_admin: bool = False
    roles: frozenset = frozenset()
    # municipality ids by role
    methodologist_munis: frozenset = frozenset()
    head_munis: frozenset = frozenset()
    # school ids by role, and the municipalities those schools belong to
    director_schools: frozenset = frozenset()
    leader_schools: frozenset = frozenset()
    member_munis: frozenset = field(default=frozenset())

    @property
    def municipal_munis(self) -> frozenset:
        return self.methodologist_munis | self.head_munis

    @property
    def own_schools(self) -> frozenset:
        return self.director_schools | self.leader_schools


EMPTY_SCOPE = Scope()


def get_scope(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    rows = list(
        Membership.objects.filter(user=user).values_list("role", "municipality_id", "school_id",
                                                         "school__municipality_id")
    )
    by_role: dict[str, set] = {}
    munis = set()
    for role, muni_id, school_id, school_muni_id in rows:
        by_role.setdefault(role, set()).add(muni_id or school_id)
        munis.add(muni_id or school_muni_id)
    scope = Scope(
        is_admin=user.is_superuser or Role.ADMIN in by_role,
        roles=frozenset(by_role),
        methodologist_munis=frozenset(by_role.get(Role.METHODOLOGIST, ())),
        head_munis=frozenset(by_role.get(Role.DEPARTMENT_HEAD, ())),
        director_schools=frozenset(by_role.get(Role.SCHOOL_DIRECTOR, ())),
        leader_schools=frozenset(by_role.get(Role.LEADER_STAFF, ())),
        member_munis=frozenset(m for m in munis if m),
    )
    user._portal_scope = scope
    return scope


def has_role(user, *roles: str) -> bool:
    scope = get_scope(user)
    return scope.is_admin or bool(scope.roles & set(roles))


# ---- municipalities ---------------------------------------------------------------------------

def visible_municipalities(user) -> QuerySet[Municipality]:
    scope = get_scope(user)
    qs = Municipality.objects.select_related("region")
    return qs if scope.is_admin else qs.filter(pk__in=scope.member_munis)


def managed_municipalities(user) -> QuerySet[Municipality]:
    """Municipalities whose registry, schools and users this user manages (methodologists)."""
    scope = get_scope(user)
    qs = Municipality.objects.select_related("region")
    return qs if scope.is_admin else qs.filter(pk__in=scope.methodologist_munis)


def can_manage_municipality(user, municipality_id: int) -> bool:
    scope = get_scope(user)
    return scope.is_admin or municipality_id in scope.methodologist_munis


# ---- schools ----------------------------------------------------------------------------------

def _school_q(scope: Scope, level: str) -> Q | None:
    """None means "all schools" (admin)."""
    if scope.is_admin:
        return None
    if level == "registry":
        return Q(municipality_id__in=scope.member_munis)
    if level == "private":
        return Q(municipality_id__in=scope.municipal_munis) | Q(pk__in=scope.own_schools)
    if level == "edit":
        return Q(municipality_id__in=scope.methodologist_munis) | Q(pk__in=scope.director_schools)
    raise ValueError(level)


def _schools(user, level: str, qs: QuerySet | None = None) -> QuerySet[School]:
    qs = School.objects.all() if qs is None else qs
    q = _school_q(get_scope(user), level)
    if q is None:
        return qs
    if not get_scope(user).member_munis:
        return qs.none()
    return qs.filter(q)


def visible_schools(user, qs: QuerySet | None = None) -> QuerySet[School]:
    return _schools(user, "registry", qs)


def private_schools(user, qs: QuerySet | None = None) -> QuerySet[School]:
    return _schools(user, "private", qs)


def editable_schools(user, qs: QuerySet | None = None) -> QuerySet[School]:
    return _schools(user, "edit", qs)


def _school_allowed(user, school: School, level: str) -> bool:
    scope = get_scope(user)
    if scope.is_admin:
        return True
    if level == "registry":
        return school.municipality_id in scope.member_munis
    if level == "private":
        return school.municipality_id in scope.municipal_munis or school.pk in scope.own_schools
    return school.municipality_id in scope.methodologist_munis or school.pk in scope.director_schools


def can_view_school(user, school: School) -> bool:
    return _school_allowed(user, school, "registry")


def can_view_private(user, school: School) -> bool:
    return _school_allowed(user, school, "private")


def can_edit_school(user, school: School) -> bool:
    return _school_allowed(user, school, "edit")


def can_create_school(user) -> bool:
    scope = get_scope(user)
    return scope.is_admin or bool(scope.methodologist_munis)


def school_or_404(user, pk, qs: QuerySet | None = None) -> School:
    """A school the user may see in the registry; anything else is 404."""
    try:
        return visible_schools(user, qs).get(pk=pk)
    except (School.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def require_private(user, school: School) -> None:
    """Private data of a school the user can see in the registry but not privately: 403."""
    require(can_view_private(user, school))


def require_edit(user, school: School) -> None:
    require(can_edit_school(user, school))


# ---- users ------------------------------------------------------------------------------------

def manageable_users(user) -> QuerySet[User]:
    """Users a methodologist manages: those with a membership inside their municipalities."""
    scope = get_scope(user)
    qs = User.objects.all()
    if scope.is_admin:
        return qs
    munis = scope.methodologist_munis
    if not munis:
        return qs.none()
    ids = Membership.objects.filter(
        Q(municipality_id__in=munis) | Q(school__municipality_id__in=munis)
    ).values("user_id")
    return qs.filter(pk__in=ids).exclude(is_superuser=True)


def assignable_roles(user) -> list[tuple[str, str]]:
    """Roles a manager may grant: methodologists grant municipal and school roles, never admin."""
    if get_scope(user).is_admin:
        return list(Role.choices)
    return [(r.value, r.label) for r in Role if r != Role.ADMIN]

