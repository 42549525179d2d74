"""Writes to users and memberships. Every function takes the acting user and checks the manager's rights
itself with accounts.access (a refusal is PermissionDenied, a role or scope the actor may not give is a
ValidationError on its field), and keeps the invariants: scope matches role, a manager cannot lock
themselves out. `actor=None` is the system (management commands): all rights, no audit actor."""

from contextlib import nullcontext

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import require, require_actor

from . import access as scoping
from .models import MUNICIPAL_ROLES, SCHOOL_ROLES, Membership, Role, RoleRequest, User

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


def _check_one_director(user: User, role: str, school) -> None:
    if role != Role.SCHOOL_DIRECTOR:
        return
    holder = (Membership.objects.filter(role=Role.SCHOOL_DIRECTOR, school=school).exclude(user=user)
              .select_related("user").first())
    if holder is not None:
        raise ValidationError({"school": _("У школы «%(school)s» уже есть директор: %(name)s. Сначала снимите его "
                                           "роль.") % {"school": school, "name": holder.user}})


def _grant(actor, user: User, role: str, scope: dict) -> Membership | RoleRequest:
    """The role, or — a municipal role given by someone other than an administrator — a request that takes effect
    when another person confirms it (accounts.access, «four eyes»)."""
    if actor is not None and actor.pk == user.pk and not scoping.get_scope(actor).is_admin:
        raise ValidationError({"role": _("Роль себе выдать нельзя: её выдаёт администратор или другой "
                                         "руководитель.")})
    _check_one_director(user, role, scope["school"])
    with _as(actor):
        if scoping.needs_confirmation(actor, role):
            if held := Membership.objects.filter(user=user, role=role, **scope).first():
                return held
            request, _created = RoleRequest.objects.get_or_create(
                user=user, role=role, municipality=scope["municipality"], state=RoleRequest.State.PENDING,
                defaults={"requested_by": actor})
            return request
        membership, _created = Membership.objects.get_or_create(user=user, role=role, **scope,
                                                                defaults={"granted_by": actor})
        if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    return membership


@transaction.atomic
def confirm_role_request(*, actor, request: RoleRequest) -> Membership:
    """Another person confirms a requested municipal role: it takes effect, naming both people."""
    require(scoping.can_confirm(actor, request), _("Подтвердить эту роль может администратор или руководитель "
                                                   "управления образования, но не тот, кто её запросил."))
    with _as(actor):
        membership, _created = Membership.objects.get_or_create(
            user=request.user, role=request.role, municipality=request.municipality, school=None,
            defaults={"granted_by": request.requested_by, "confirmed_by": actor})
        request.state, request.decided_by, request.decided_at = RoleRequest.State.CONFIRMED, actor, timezone.now()
        request.save(update_fields=["state", "decided_by", "decided_at"])
    return membership


@transaction.atomic
def decline_role_request(*, actor, request: RoleRequest) -> RoleRequest:
    require(scoping.can_confirm(actor, request), _("Отклонить эту роль может администратор или руководитель "
                                                   "управления образования, но не тот, кто её запросил."))
    with _as(actor):
        request.state, request.decided_by, request.decided_at = RoleRequest.State.DECLINED, actor, timezone.now()
        request.save(update_fields=["state", "decided_by", "decided_at"])
    return request


@transaction.atomic
def grant_membership(*, actor, user: User, role: str, municipality=None, school=None) -> Membership | RoleRequest:
    """Give a user one more role: a user the actor manages, a role and scope the actor may give (a municipal role
    given by a non-administrator is a request until someone else confirms it)."""
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
