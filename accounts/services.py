"""Writes to users and memberships. Callers check the manager's rights with accounts.scoping;
these functions keep the invariants (scope matches role, a manager cannot lock themselves out)."""

from contextlib import nullcontext

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import MUNICIPAL_ROLES, SCHOOL_ROLES, Membership, Role, User


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


@transaction.atomic
def grant_membership(*, actor, user: User, role: str, municipality=None, school=None) -> Membership:
    scope = _scope_kwargs(role, municipality, school)
    with _as(actor):
        membership, _created = Membership.objects.get_or_create(user=user, role=role, **scope)
        if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    return membership


@transaction.atomic
def revoke_membership(*, actor, membership: Membership) -> None:
    if membership.user_id == actor.pk and membership.role in (Role.METHODOLOGIST, Role.ADMIN):
        raise ValidationError(_("Нельзя снять с себя роль, дающую право управлять пользователями."))
    with _as(actor):
        membership.delete()


@transaction.atomic
def create_user(*, actor, email: str, password: str | None = None, role: str, municipality=None, school=None,
                **profile) -> User:
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
    grant_membership(actor=actor, user=user, role=role, municipality=municipality, school=school)
    return user


@transaction.atomic
def set_active(*, actor, user: User, active: bool) -> User:
    if user.pk == actor.pk and not active:
        raise ValidationError(_("Нельзя отключить собственную учётную запись."))
    with _as(actor):
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user
