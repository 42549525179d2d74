"""Progress that linked work (a higher app's events, see `roadmaps.registries.register_activity_work`) brings to an
activity. Only a person closes an activity: linked work moves a planned one to «выполняется» and, where the plan
states a measurable target (a share of teachers), sets its percent from the share reached; «выполнено» is never
set here (docs/domain.md, «Ход выполнения мероприятия»)."""

import re
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import require

from .. import access
from ..models import Activity
from ..registries import Reach

_TEACHERS = re.compile(r"педагог|учител", re.IGNORECASE)
_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")


def teacher_share_target(activity: Activity) -> Decimal | None:
    """The plan's target as a share of teachers, e.g. indicator «доля педагогов — участников», target «не менее
    80 %» → 80. None when the plan states no such target (the percent is then left to the person)."""
    if not _TEACHERS.search(f"{activity.indicator} {activity.title}"):
        return None
    found = _NUMBER.search(activity.target_value or "")
    if found is None:
        return None
    target = Decimal(found.group(1).replace(",", "."))
    return target if 0 < target <= 100 else None


def measured_percent(activity: Activity, reach: Reach | None) -> int | None:
    """Progress towards the target: the share reached over the target share, at most 100; None without a target
    or with no teachers in scope (unknown, not zero)."""
    target = teacher_share_target(activity)
    if target is None or reach is None or not reach.base:
        return None
    share = Decimal(100) * reach.reached / reach.base
    return min(100, int(share * 100 / target))


@transaction.atomic
def record_linked_work(*, actor, activity: Activity, reach: Reach | None = None) -> Activity:
    """Linked work was done for the activity (an event held with attendance): an open activity is under way and
    its percent follows a measurable target; a closed one (done, not done, cancelled) is left as its person set it."""
    require(access.can_manage(actor, activity.roadmap), _("Вы не можете отмечать ход выполнения этой карты."))
    if activity.status not in Activity.OPEN:
        return activity
    activity.status = Activity.Status.IN_PROGRESS
    percent = measured_percent(activity, reach)
    if percent is not None:
        activity.percent = percent
    with set_actor(actor):
        activity.save(update_fields=["status", "percent", "updated_at"])
    return activity
