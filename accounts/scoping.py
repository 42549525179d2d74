"""The one place that answers "what may this user see or change" — for users and memberships here, and,
re-exported, for the registry (`schools.access`, whose rules read the scope computed here).

Every page and API view of the apps above the registry asks here (or in its app's `access.py`, which
builds on this), as querysets (for lists and lookups) or predicates (for one object). Lookups through a
visible queryset make a foreign object answer 404; a visible object the user may not change answers 403.
"""

from django.db.models import Q, QuerySet

from schools.access import (  # noqa: F401  the registry's rules, offered to the apps above
    EMPTY_SCOPE,
    MUNICIPAL_ONLY_FIELDS,
    Scope,
    can_create_school,
    can_create_school_in,
    can_edit_private,
    can_edit_results,
    can_edit_school,
    can_manage_municipality,
    can_view_private,
    can_view_school,
    editable_schools,
    is_methodologist,
    is_municipal_staff,
    locked_fields,
    managed_municipalities,
    private_schools,
    require,
    require_edit,
    require_private,
    school_or_404,
    scope_of,
    visible_municipalities,
    visible_schools,
)
from schools.models import Municipality, School

from .models import MUNICIPAL_ROLES, SCHOOL_ROLES, Membership, Role, User


def get_scope(user) -> Scope:
    """Memberships flattened into id sets: one query, then cached on the user object (one request)."""
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


# ---- users ------------------------------------------------------------------------------------
# Methodologists manage the users of their municipalities: the memberships inside them (municipal roles of
# the municipality, school roles of its schools), never the administrator role and never a superuser.
# Administrators manage everything. accounts.services checks these rules on every write.

def can_manage_users(user) -> bool:
    """Methodologists manage the users of their municipalities; admins all users."""
    return is_methodologist(user)


def _membership_q(munis) -> Q:
    return Q(municipality_id__in=munis) | Q(school__municipality_id__in=munis)


def manageable_users(user) -> QuerySet[User]:
    """Users a methodologist manages: those with a membership inside their municipalities."""
    scope = get_scope(user)
    qs = User.objects.all()
    if scope.is_admin:
        return qs
    munis = scope.methodologist_munis
    if not munis:
        return qs.none()
    ids = Membership.objects.filter(_membership_q(munis)).values("user_id")
    return qs.filter(pk__in=ids).exclude(is_superuser=True)


def can_manage_user(user, target: User) -> bool:
    """May change this user's profile, switch their account on or off, add roles to them."""
    return manageable_users(user).filter(pk=target.pk).exists()


def manageable_memberships(user) -> QuerySet[Membership]:
    """Memberships a manager may see as theirs and revoke: inside their municipalities (admins: all)."""
    scope = get_scope(user)
    qs = Membership.objects.all()
    if scope.is_admin:
        return qs
    munis = scope.methodologist_munis
    if not munis:
        return qs.none()
    return qs.filter(_membership_q(munis)).exclude(user__is_superuser=True)


def can_revoke(user, membership: Membership) -> bool:
    return manageable_memberships(user).filter(pk=membership.pk).exists()


def assignable_roles(user) -> list[tuple[str, str]]:
    """Roles a manager may grant: methodologists grant municipal and school roles, never admin."""
    scope = get_scope(user)
    if scope.is_admin:
        return list(Role.choices)
    if not scope.methodologist_munis:
        return []
    return [(r.value, r.label) for r in Role if r != Role.ADMIN]


def grantable_municipalities(user) -> QuerySet[Municipality]:
    """Municipalities a manager may give municipal roles in."""
    return managed_municipalities(user)


def grantable_schools(user) -> QuerySet[School]:
    """Schools a manager may give school roles in: the schools of their municipalities."""
    scope = get_scope(user)
    if scope.is_admin:
        return School.objects.all()
    return School.objects.filter(municipality_id__in=scope.methodologist_munis)


def can_grant(user, role: str, municipality: Municipality | None = None, school: School | None = None) -> bool:
    """May give `role` scoped to this municipality (municipal roles) or school (school roles)."""
    scope = get_scope(user)
    if role not in {r for r, _label in assignable_roles(user)}:
        return False
    if role in MUNICIPAL_ROLES:
        return municipality is not None and (scope.is_admin or municipality.pk in scope.methodologist_munis)
    if role in SCHOOL_ROLES:
        return school is not None and (scope.is_admin or school.municipality_id in scope.methodologist_munis)
    return role == Role.ADMIN and scope.is_admin
