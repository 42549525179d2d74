"""The one place that answers "what may this user see or change" — for users and memberships here, and,
re-exported, for the registry (`schools.access`, whose rules read the scope computed here).

Every page and API view of the apps above the registry asks here (or in its app's `access.py`, which
builds on this), as querysets (for lists and lookups) or predicates (for one object). Lookups through a
visible queryset make a foreign object answer 404; a visible object the user may not change answers 403.
"""

from django.db.models import Q, QuerySet

from schools.access import (  # noqa: F401  the registry's rules, offered to the apps above
    EMPTY_SCOPE,
    Scope,
    can_create_school,
    can_edit_private,
    can_edit_school,
    can_manage_municipality,
    can_view_private,
    can_view_school,
    editable_schools,
    is_methodologist,
    is_municipal_staff,
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

from .models import Membership, Role, User


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

def can_manage_users(user) -> bool:
    """Methodologists manage the users of their municipalities; admins all users."""
    return is_methodologist(user)


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

