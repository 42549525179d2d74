"""The accounts' part of the start page: roles that wait for this user's confirmation (one query)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import ru_date
from core.registries import TaskGroup, TaskItem

from .access import confirmable_requests, get_scope, manageable_users

SHOWN = 5


def role_request_tasks(user) -> list[TaskGroup]:
    scope = get_scope(user)
    if not (scope.is_admin or scope.head_munis):  # only they confirm: no query for anyone else
        return []
    pending = list(confirmable_requests(user).order_by("created_at")[:SHOWN + 1])
    if not pending:
        return []
    managed = set(manageable_users(user).filter(pk__in=[r.user_id for r in pending]).values_list("pk", flat=True))
    items = [TaskItem(
        text=f"{r.user.display_name}: {r.get_role_display()}",
        url=reverse("accounts:user_edit", args=[r.user_id]) if r.user_id in managed else reverse(
            "accounts:role_requests"),
        tone="warn", badge=_("ждёт подтверждения"),
        note=_("%(municipality)s; запросил %(who)s, %(day)s") % {
            "municipality": r.municipality, "who": r.requested_by or "—",
            "day": ru_date(timezone.localdate(r.created_at))})
        for r in pending[:SHOWN]]
    return [TaskGroup(title=_("Роли ждут подтверждения"), items=items,
                      more_url=reverse("accounts:role_requests") if len(pending) > SHOWN else "",
                      more_link=_("Все запросы ролей"))]
