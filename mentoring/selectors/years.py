"""School years as periods: what every figure of the methodical work counts within."""

import datetime

from django.utils import timezone

from core.formats import school_year_of
from schools.models import SchoolYear


def year_period(start_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31)


def current_start_year(today: datetime.date | None = None) -> int:
    return school_year_of(today or timezone.localdate())


def start_year_of(year) -> int:
    """A `schools.SchoolYear` or its id → its starting calendar year."""
    if isinstance(year, SchoolYear):
        return year.start_year
    return SchoolYear.objects.values_list("start_year", flat=True).get(pk=year)
