"""API tokens (django-rest-knox): issued per device by `POST /api/v1/auth/token/`, stored only as a hash, expiring
after REST_KNOX["TOKEN_TTL"], listed and revoked by their owner on «Мои токены API», revoked all at once when the
password changes or the account is switched off.

The token endpoint signs in through allauth's adapter, so a wrong password counts towards the same lockout as the
sign-in form (ACCOUNT_RATE_LIMITS["login_failed"], kept in the shared cache); its throttles (accounts.api) are keyed
on the account and on the client's address as the trusted proxies give it (NUM_PROXIES).
"""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import pre_save
from django.shortcuts import get_object_or_404
from django.utils import timezone
from knox.models import AuthToken


class LockedOut(Exception):
    """Too many failed sign-ins for the account or the address: refused without checking the password."""


def authenticate(request, *, email: str, password: str):
    """The user for a right e-mail and password (None otherwise), counted by the sign-in lockout.
    `request` is Django's HttpRequest (allauth keys the lockout on it)."""
    try:
        return get_adapter(request).authenticate(request, email=email.strip().lower(), password=password)
    except ValidationError as exc:  # allauth's «too many failed login attempts»
        raise LockedOut from exc


@transaction.atomic
def issue_token(user) -> tuple[AuthToken, str]:
    """A new token for one more device; expired tokens are dropped and, beyond API_TOKENS_PER_USER, the oldest."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    instance, token = AuthToken.objects.create(user)
    keep = AuthToken.objects.filter(user=user).order_by("-created").values_list("digest", flat=True)
    AuthToken.objects.filter(user=user).exclude(digest__in=list(keep[:settings.API_TOKENS_PER_USER])).delete()
    return instance, token


def user_tokens(user):
    """The user's tokens that still work, newest first."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


def revoke_token(*, actor, token_key: str) -> None:
    """One of the actor's own tokens (another's answers 404: tokens are never shown to anyone else)."""
    get_object_or_404(user_tokens(actor), token_key=token_key)
    AuthToken.objects.filter(user=actor, token_key=token_key).delete()


def revoke_all(*, user) -> int:
    return AuthToken.objects.filter(user=user).delete()[0]


def revoke_on_password_or_deactivation(sender, instance, raw=False, **kwargs):
    """pre_save of the user: a new password (changed, reset or set by an administrator) or a switched-off account
    ends every token, so a leaked token does not outlive the password it was issued for."""
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if old and (old["password"] != instance.password or (old["is_active"] and not instance.is_active)):
        revoke_all(user=instance)


def connect(user_model) -> None:
    pre_save.connect(revoke_on_password_or_deactivation, sender=user_model,
                     dispatch_uid="accounts.tokens.revoke_on_password_or_deactivation")
