"""Writes to users and memberships. Every function takes the acting user and checks the manager's rights
itself with accounts.access (a refusal is PermissionDenied, a role or scope the actor may not give is a
ValidationError on its field), and keeps the invariants: scope matches role, a manager cannot lock
themselves out. `actor=None` is the system (management commands): all rights, no audit actor."""

from contextlib import nullcontext

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import require, require_actor

from . import access as scoping
from .models import MUNICIPAL_ROLES, SCHOOL_ROLES, Membership, Role, User

PROFILE_FIELDS = ("last_name", "first_name", "patronymic", "position")


def _scope_kwargs(role: str, municipality, school) -> dict:
    if role in MUNICIPAL_ROLES:
        if municipality is None:
            raise ValidationError({"municipality": _("Для этой роли укажите муниципалитет.")})
        return {"municipality": municipality, "school": None}
    if role in SCHOOL_ROLES:
        if school is None:
            raise ValidationError({"school": _("Для этой роли укажите школу.")})
        return {"municipality": None, "school": school}
    if role == Role.ADMIN:
        return {"municipality": None, "school": None}
    raise ValidationError({"role": _("Неизвестная роль.")})


def _as(actor):
    return set_actor(actor) if actor is not None else nullcontext()


def require_manager(actor) -> None:
    """Users are managed by methodologists, department heads and administrators (`actor` None: the system)."""
    require_actor(actor, scoping.can_manage_users, _("Пользователями управляют методист, начальник управления "
                                                     "образования муниципалитета и администратор."))


def _require_managed(actor, user: User) -> None:
    require_actor(actor, lambda a: scoping.can_manage_user(a, user), _(
        "Нет прав изменять этого пользователя: руководителя управления образования и администратора меняют "
        "начальник управления и администратор."))


def _check_grant(actor, role: str, scope: dict) -> None:
    """The role and its scope must be ones the actor may give (scoping.can_grant)."""
    if actor is None or scoping.can_grant(actor, role, scope["municipality"], scope["school"]):
        return
    if role == Role.DEPARTMENT_HEAD:
        raise ValidationError({"role": _("Роль руководителя управления образования выдают администратор или "
                                         "начальник управления своего муниципалитета.")})
    if role == Role.ADMIN or role not in {r for r, _label in scoping.assignable_roles(actor)}:
        raise ValidationError({"role": _("Нет прав выдавать эту роль.")})
    if role in MUNICIPAL_ROLES:
        raise ValidationError({"municipality": _("Нет прав выдавать роли в этом муниципалитете.")})
    raise ValidationError({"school": _("Нет прав выдавать роли в этой школе.")})


def _grant(actor, user: User, role: str, scope: dict) -> Membership:
    with _as(actor):
        membership, _created = Membership.objects.get_or_create(user=user, role=role, **scope)
        if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    return membership


@transaction.atomic
def grant_membership(*, actor, user: User, role: str, municipality=None, school=None) -> Membership:
    """Give a user one more role: a user the actor manages, a role and scope the actor may give."""
    require_manager(actor)
    _require_managed(actor, user)
    scope = _scope_kwargs(role, municipality, school)
    _check_grant(actor, role, scope)
    return _grant(actor, user, role, scope)


@transaction.atomic
def revoke_membership(*, actor, membership: Membership) -> None:
    require_manager(actor)
    if actor is not None:
        require(scoping.can_revoke(actor, membership), _("Нет прав снимать эту роль."))
        if membership.user_id == actor.pk and membership.role in (Role.METHODOLOGIST, Role.DEPARTMENT_HEAD,
                                                                   Role.ADMIN):
            raise ValidationError(_("Нельзя снять с себя роль, дающую право управлять пользователями."))
    with _as(actor):
        membership.delete()


@transaction.atomic
def create_user(*, actor, email: str, password: str | None = None, role: str, municipality=None, school=None,
                **profile) -> User:
    """A new user with their first role (which the actor must be allowed to give)."""
    require_manager(actor)
    scope = _scope_kwargs(role, municipality, school)
    _check_grant(actor, role, scope)
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Пользователь с такой электронной почтой уже есть.")})
    user = User(email=email, **profile)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    with _as(actor):
        user.save()
    _grant(actor, user, role, scope)
    return user


@transaction.atomic
def update_profile(*, actor, user: User, data: dict) -> User:
    """Name and position of a user the actor manages (e-mail, roles and activity have their own functions)."""
    require_manager(actor)
    _require_managed(actor, user)
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({f: _("Это поле здесь не меняется.") for f in sorted(unknown)})
    for field, value in data.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    if data:
        with _as(actor):
            user.save(update_fields=list(data))
    return user


@transaction.atomic
def set_active(*, actor, user: User, active: bool) -> User:
    require_manager(actor)
    _require_managed(actor, user)
    if actor is not None and user.pk == actor.pk and not active:
        raise ValidationError(_("Нельзя отключить собственную учётную запись."))
    with _as(actor):
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user
