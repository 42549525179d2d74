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

from .models import MUNICIPAL_ROLES, SCHOOL_ROLES, Membership, Role, RoleRequest, User


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
# Managers: methodologists and department heads manage the users of their municipalities (the memberships
# inside them: municipal roles of the municipality, school roles of its schools), administrators everything.
# Separation of duties (docs/domain.md): the department-head role is given (and taken) only by an administrator or
# a head of that municipality, the administrator role only by an administrator; a methodologist never gives
# either — otherwise they could make themselves or a director the head and approve the list they computed.
# For the same reason a methodologist does not change (profile, switching off) a user who holds the head or
# administrator role. accounts.services checks these rules on every write.

def _managing_munis(scope) -> frozenset:
    return scope.methodologist_munis | scope.head_munis


def _granters_of(scope, role: str) -> frozenset:
    """Municipalities in which this user gives `role` (admins: everywhere, not asked here)."""
    if role == Role.DEPARTMENT_HEAD:
        return scope.head_munis
    if role == Role.ADMIN:
        return frozenset()
    return _managing_munis(scope)


def can_manage_users(user) -> bool:
    """Methodologists and heads manage the users of their municipalities; admins all users."""
    scope = get_scope(user)
    return scope.is_admin or bool(_managing_munis(scope))


def _membership_q(munis) -> Q:
    return Q(municipality_id__in=munis) | Q(school__municipality_id__in=munis)


def manageable_users(user) -> QuerySet[User]:
    """Users a manager sees and opens: those with a membership inside their municipalities."""
    scope = get_scope(user)
    qs = User.objects.all()
    if scope.is_admin:
        return qs
    munis = _managing_munis(scope)
    if not munis:
        return qs.none()
    ids = Membership.objects.filter(_membership_q(munis)).values("user_id")
    # a new account whose only role still waits for confirmation belongs to the municipality it was asked for
    asked = RoleRequest.objects.filter(state=RoleRequest.State.PENDING, municipality_id__in=munis).values("user_id")
    return qs.filter(Q(pk__in=ids) | Q(pk__in=asked)).exclude(is_superuser=True)


def _senior_q(scope) -> Q:
    """Memberships that put their holder above this (non-admin) manager: the administrator role, and the head
    role wherever the manager is not the head."""
    return Q(role=Role.ADMIN) | (Q(role=Role.DEPARTMENT_HEAD) & ~Q(municipality_id__in=scope.head_munis))


def can_manage_user(user, target: User) -> bool:
    """May change this user's profile, switch their account on or off, add roles to them: a user the manager
    sees who holds no role above the manager's (a methodologist never changes a head or an administrator)."""
    if not manageable_users(user).filter(pk=target.pk).exists():
        return False
    scope = get_scope(user)
    return scope.is_admin or not Membership.objects.filter(_senior_q(scope), user_id=target.pk).exists()


def manageable_memberships(user) -> QuerySet[Membership]:
    """Memberships a manager may revoke: inside their municipalities and of a role they may give (admins: all)."""
    scope = get_scope(user)
    qs = Membership.objects.all()
    if scope.is_admin:
        return qs
    munis = _managing_munis(scope)
    if not munis:
        return qs.none()
    return qs.filter(_membership_q(munis)).exclude(_senior_q(scope)).exclude(user__is_superuser=True)


def can_revoke(user, membership: Membership) -> bool:
    return manageable_memberships(user).filter(pk=membership.pk).exists()


def assignable_roles(user) -> list[tuple[str, str]]:
    """Roles a manager may grant somewhere: methodologists municipal (not head) and school roles, heads also the
    head role, administrators every role."""
    scope = get_scope(user)
    if scope.is_admin:
        return list(Role.choices)
    return [(r.value, r.label) for r in Role if _granters_of(scope, r)]


def grantable_municipalities(user) -> QuerySet[Municipality]:
    """Municipalities a manager may give municipal roles in."""
    scope = get_scope(user)
    if scope.is_admin:
        return Municipality.objects.select_related("region")
    return Municipality.objects.select_related("region").filter(pk__in=_managing_munis(scope))


def grantable_schools(user) -> QuerySet[School]:
    """Schools a manager may give school roles in: the schools of their municipalities."""
    scope = get_scope(user)
    if scope.is_admin:
        return School.objects.all()
    return School.objects.filter(municipality_id__in=_managing_munis(scope))


def can_grant(user, role: str, municipality: Municipality | None = None, school: School | None = None) -> bool:
    """May give `role` scoped to this municipality (municipal roles) or school (school roles)."""
    scope = get_scope(user)
    if role not in Role.values:
        return False
    if role in MUNICIPAL_ROLES:
        return municipality is not None and (scope.is_admin or municipality.pk in _granters_of(scope, role))
    if role in SCHOOL_ROLES:
        return school is not None and (scope.is_admin or school.municipality_id in _granters_of(scope, role))
    return role == Role.ADMIN and scope.is_admin


# ---- four eyes ---------------------------------------------------------------------------------
# A person never reviews, accepts, approves or adopts what they made — nor through a second account. A municipal
# role given by anyone but an administrator therefore takes effect only when another person confirms it (an
# administrator, or for the methodologist role a head of the municipality), and the requester and the account they
# asked the role for count as one person when work is reviewed (`acts_for`). Roles given by an administrator or
# by the system (commands, the demo) link nobody. A manager never gives themselves a role.

def needs_confirmation(actor, role: str) -> bool:
    return role in MUNICIPAL_ROLES and actor is not None and not get_scope(actor).is_admin


def confirmable_requests(user) -> QuerySet[RoleRequest]:
    """Pending role requests this user may confirm or decline: never their own request nor one for themselves."""
    scope = get_scope(user)
    qs = (RoleRequest.objects.filter(state=RoleRequest.State.PENDING).exclude(requested_by=user).exclude(user=user)
          .select_related("user", "municipality", "requested_by"))
    if scope.is_admin:
        return qs
    return qs.filter(role=Role.METHODOLOGIST, municipality_id__in=scope.head_munis)


def can_confirm(user, request: RoleRequest) -> bool:
    return confirmable_requests(user).filter(pk=request.pk).exists()


def linked_user_ids(user) -> frozenset[int]:
    """This user and every account whose confirmed municipal role one of them asked for the other (one query, kept
    on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_portal_linked", None)
    if cached is None:
        rows = Membership.objects.filter(Q(user=user) | Q(granted_by=user), confirmed_by__isnull=False,
                                         granted_by__isnull=False).values_list("user_id", "granted_by_id")
        cached = frozenset({user.pk, *(uid for row in rows for uid in row)})
        user._portal_linked = cached
    return cached


def acts_for(user, author_id: int | None) -> bool:
    """Whether work by `author_id` counts as this user's own for review (the same person or a linked account)."""
    return author_id is not None and author_id in linked_user_ids(user)
