"""Reads of events: the calendar (a list with counts, a month grid) and an event's participants."""

import calendar
from collections import defaultdict

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .. import access
from ..models import Event, Participation


def event_list(user, *, since=None, until=None, kind="", municipality="", school="", status="", subject="",
               designation=""):
    qs = access.visible_events(user)
    if since:
        qs = qs.filter(date__gte=since)
    if until:
        qs = qs.filter(date__lte=until)
    if kind:
        qs = qs.filter(kind__code=kind)
    if municipality:
        qs = qs.filter(municipality_id=municipality)
    if school:
        qs = qs.filter(Q(pk__in=Event.target_schools.through.objects.filter(school_id=school).values("event_id"))
                       | Q(designation__school_id=school))
    if status:
        qs = qs.filter(status=status)
    if subject:
        qs = qs.filter(pk__in=Event.subjects.through.objects.filter(subject_id=subject).values("event_id"))
    if designation:
        qs = qs.filter(designation_id=designation)
    return with_counts(qs).prefetch_related("target_schools").order_by("date", "time", "pk")


def with_counts(qs):
    """Participants and those present per event, as subqueries (no join of every participation before paging)."""
    rows = Participation.objects.filter(event=OuterRef("pk")).order_by().values("event")
    return qs.annotate(
        n_participants=Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0),
        n_attended=Coalesce(Subquery(rows.filter(attended=True).annotate(n=Count("pk")).values("n")[:1]), 0))


def month_grid(year: int, month: int, events) -> list[list[dict]]:
    """Weeks (Monday first) of day cells {day, in_month, events} for the month view."""
    by_day = defaultdict(list)
    for e in events:
        by_day[e.date].append(e)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"day": d, "in_month": d.month == month, "events": by_day.get(d, [])} for d in week])
    return weeks


def event_participations(event: Event):
    return event.participations.select_related("teacher__school", "feedback_by").order_by(
        "teacher__school__short_name", "teacher__full_name")
