"""Reads about users that other apps need (who should get a letter)."""

from django.db.models import Q

from .models import Membership


def member_emails(q: Q) -> set[str]:
    """E-mails of the active users whose memberships match, e.g. Q(role=…, municipality_id=…)."""
    return set(Membership.objects.filter(q, user__is_active=True).values_list("user__email", flat=True))
