"""What the methodical events linked to a plan activity did for it (roadmaps.registries.register_activity_work):
the events with their dates and attendance, and the teachers reached out of the teachers of the events' schools.
Three queries whatever the number of events."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from roadmaps.registries import ActivityWork, LinkedWork, Reach
from schools.models import Teacher

from ..models import Event, Participation


def _linked(activity):
    return Event.objects.filter(activity=activity).exclude(status=Event.Status.CANCELLED)


def activity_reach(activity) -> Reach | None:
    """Distinct teachers who attended the activity's held events / active teachers of the events' schools; None
    when the events have no schools with teachers (unknown, not zero)."""
    events = _linked(activity)
    base = Teacher.objects.filter(is_active=True, school__in=Event.target_schools.through.objects.filter(
        event__in=events).values("school_id")).count()
    if not base:
        return None
    reached = Participation.objects.filter(event__in=events.filter(status=Event.Status.HELD), attended=True).values(
        "teacher_id").distinct().count()
    return Reach(reached=reached, base=base)


def activity_work(activity) -> ActivityWork | None:
    events = list(_linked(activity).select_related("kind").annotate(
        invited=Count("participations"), present=Count("participations", filter=Q(participations__attended=True)),
        marked=Count("participations", filter=Q(participations__attended__isnull=False))).order_by("date", "pk"))
    if not events:
        return None
    items = [LinkedWork(date=e.date, title=f"{e.kind}: {e.topic}", url=e.get_absolute_url(),
                        attended=e.present if e.marked else None, invited=e.invited) for e in events]
    return ActivityWork(title=_("Методические мероприятия"), items=items, reach=activity_reach(activity))
