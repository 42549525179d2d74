"""Who may see or change what in the registry: the one place for the registry's rules.

The rules read the user's `Scope` — their memberships flattened into id sets — from the provider that `accounts`
registers (`schools.registries.register_scope_provider` → `accounts.access.get_scope`, once per request), so the
registry never imports `accounts` (docs/architecture.md: accounts sits above the registry). Higher apps reach
these rules through `accounts.access`, which re-exports them next to the rules for users.

Three levels of access to a school:
- registry (`visible_schools`): name, kind, address, status — every member of the school's municipality;
- private (`private_schools`): yearly data, teachers, drafts — municipal staff and the school's own staff;
- edit (`editable_schools`): methodologists of the municipality and the school's director.

Lookups through a visible queryset make a foreign object answer 404; a visible object the user may not
change answers 403 (`require_*` helpers raise PermissionDenied).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import Municipality, School
from .registries import scope_provider


@dataclass(frozen=True)
class Scope:
    """Memberships of a user flattened into id sets."""

    is_admin: bool = False
    roles: frozenset = frozenset()  # role codes the user holds
    # municipality ids by role
    methodologist_munis: frozenset = frozenset()
    head_munis: frozenset = frozenset()
    # school ids by role, and the municipalities those schools belong to
    director_schools: frozenset = frozenset()
    leader_schools: frozenset = frozenset()
    member_munis: frozenset = frozenset()

    @property
    def municipal_munis(self) -> frozenset:
        return self.methodologist_munis | self.head_munis

    @property
    def own_schools(self) -> frozenset:
        return self.director_schools | self.leader_schools


EMPTY_SCOPE = Scope()


def scope_of(user) -> Scope:
    """Anonymous and deactivated users have no scope."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    return scope_provider()(user)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# ---- municipalities ---------------------------------------------------------------------------

def visible_municipalities(user) -> QuerySet[Municipality]:
    scope = scope_of(user)
    qs = Municipality.objects.select_related("region")
    return qs if scope.is_admin else qs.filter(pk__in=scope.member_munis)


def managed_municipalities(user) -> QuerySet[Municipality]:
    """Municipalities whose registry, schools and users this user manages (methodologists)."""
    scope = scope_of(user)
    qs = Municipality.objects.select_related("region")
    return qs if scope.is_admin else qs.filter(pk__in=scope.methodologist_munis)


def can_manage_municipality(user, municipality_id: int) -> bool:
    scope = scope_of(user)
    return scope.is_admin or municipality_id in scope.methodologist_munis


def is_municipal_staff(user) -> bool:
    """Methodologists and heads of any municipality (and admins)."""
    scope = scope_of(user)
    return scope.is_admin or bool(scope.municipal_munis)


def is_methodologist(user) -> bool:
    """A methodologist of any municipality (or an admin): imports, user management."""
    scope = scope_of(user)
    return scope.is_admin or bool(scope.methodologist_munis)


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
    scope = scope_of(user)
    q = _school_q(scope, level)
    if q is None:
        return qs
    if not scope.member_munis:
        return qs.none()
    return qs.filter(q)


def visible_schools(user, qs: QuerySet | None = None) -> QuerySet[School]:
    return _schools(user, "registry", qs)


def private_schools(user, qs: QuerySet | None = None) -> QuerySet[School]:
    return _schools(user, "private", qs)


def editable_schools(user, qs: QuerySet | None = None) -> QuerySet[School]:
    return _schools(user, "edit", qs)


def _school_allowed(user, school: School, level: str) -> bool:
    scope = scope_of(user)
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


def can_edit_private(user, school: School) -> bool:
    """Yearly data and teachers: the school's private data, changed by those who edit the school."""
    return can_view_private(user, school) and can_edit_school(user, school)


def can_create_school(user) -> bool:
    return is_methodologist(user)


def can_create_school_in(user, municipality_id: int) -> bool:
    """A new school goes into a municipality the user manages."""
    return can_create_school(user) and can_manage_municipality(user, municipality_id)


# The registry identity of a school: set by methodologists of its municipality, never by its director
# (who keeps the contacts current). The form disables them, update_school refuses them, imports too.
MUNICIPAL_ONLY_FIELDS = ("municipality", "code", "is_active")
LOCKED_FIELD_MESSAGE = _("Это поле меняет методист муниципалитета.")


def locked_fields(user, school: School) -> frozenset:
    """Fields of this school the user may not change (all of MUNICIPAL_ONLY_FIELDS unless they manage its
    municipality). Whether they may change the school at all is can_edit_school."""
    if can_manage_municipality(user, school.municipality_id):
        return frozenset()
    return frozenset(MUNICIPAL_ONLY_FIELDS)


def school_or_404(user, pk, qs: QuerySet | None = None) -> School:
    """A school the user may see in the registry; anything else is 404."""
    try:
        return visible_schools(user, qs).get(pk=pk)
    except (School.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require_private(user, school: School) -> None:
    """Private data of a school the user can see in the registry but not privately: 403."""
    require(can_view_private(user, school))


def require_edit(user, school: School) -> None:
    require(can_edit_school(user, school))


# ---- reference data and imports ----------------------------------------------------------------

def can_edit_results(user, school: School) -> bool:
    """School-level assessment results (ВПР/ОГЭ/ЕГЭ): methodologists of the school's municipality."""
    return can_manage_municipality(user, school.municipality_id)


def can_view_grading_scales(user) -> bool:
    return is_municipal_staff(user)


SCALES_REFUSAL = _("Шкалы перевода баллов общие для региона: их ведёт администратор региона.")


def can_edit_grading_scales(user) -> bool:
    """Scales are the region's (every municipality's identification reads them): its administrators write them."""
    return scope_of(user).is_admin


def can_import_registry(user) -> bool:
    """Registry files (schools, yearly data, teachers, results): methodologists; rows are then checked
    against the schools and municipalities the uploader may change."""
    return is_methodologist(user)
