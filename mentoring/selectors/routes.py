"""Reads of development routes (ИОМ)."""

from django.db.models import Count

from ..models import DevelopmentRoute
from .years import year_period


def routes_by_school(*, school_ids, start_year: int) -> dict[int, int]:
    """Teachers with a development route running during the year, per school (one query)."""
    since, until = year_period(start_year)
    rows = (DevelopmentRoute.objects.filter(teacher__school_id__in=school_ids, teacher__is_active=True,
                                            start__lte=until, end__gte=since)
            .values("teacher__school_id").annotate(n=Count("teacher_id", distinct=True))
            .values_list("teacher__school_id", "n"))
    return dict(rows)
