"""Reads of a school year's methodical work of a set of schools in totals — events held by kind, mentoring pairs by
status, courses ended, communities — for the annual report (monitoring/reports/sections/). Each in one query."""

from django.db.models import Count, Q

from ..models import Community, Course, Event, MentoringPair


def held_events_by_kind(*, since, until, school_ids, municipality_ids=(), school=None) -> list[dict]:
    """Events held between `since` and `until` — addressed to `school`, or else held by the municipalities or
    addressed to one of the schools — per kind: {"kind__name", "n" (events), "people" (attendances of the schools'
    teachers, a teacher once per event)}, the most frequent first (one query)."""
    events = Event.objects.filter(status=Event.Status.HELD, date__gte=since, date__lte=until)
    events = events.filter(target_schools=school) if school is not None else events.filter(
        Q(municipality_id__in=municipality_ids) | Q(target_schools__in=school_ids))
    return list(Event.objects.filter(pk__in=events.values("pk")).values("kind__name")
                .annotate(n=Count("pk", distinct=True),
                          people=Count("participations", filter=Q(participations__attended=True,
                                                                  participations__teacher__school_id__in=school_ids),
                                       distinct=True))
                .order_by("-n", "kind__name"))


def pairs_by_status(*, school_ids, since, until) -> dict[str, int]:
    """Mentoring pairs of the schools' mentees running at some time between `since` and `until`, per status (one
    query)."""
    return dict(MentoringPair.objects.filter(mentee__school_id__in=school_ids, start__lte=until, end__gte=since)
                .order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))


def courses_ended(*, school_ids, since, until) -> dict[str, int]:
    """Courses of the schools' teachers that ended between `since` and `until`: {"n_total", "n_completed",
    "n_teachers" (who completed one)} (one query)."""
    return Course.objects.filter(teacher__school_id__in=school_ids, end__gte=since, end__lte=until).aggregate(
        n_total=Count("pk"), n_completed=Count("pk", filter=Q(completed=True)),
        n_teachers=Count("teacher_id", filter=Q(completed=True), distinct=True))


def communities_with_members(*, school_ids) -> int:
    """Teacher communities with a member from one of the schools (one query)."""
    return Community.objects.filter(members__school_id__in=school_ids).distinct().count()
