"""When the beat builds the annual reports: ANNUAL_REPORT_DATE («ДД.ММ», default 30.06) at ANNUAL_REPORT_HOUR
(default 6, the portal's time zone). The report is of the school year that started in September of the previous
calendar year: on 30.06.2027 — 2026/2027, the year that is ending."""

import datetime

from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.formats import school_year_of


def annual_date() -> tuple[int, int]:
    """(day, month) of ANNUAL_REPORT_DATE."""
    raw = str(settings.ANNUAL_REPORT_DATE).strip()
    try:
        day, month = (int(part) for part in raw.split("."))
        if not (1 <= month <= 12 and 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)):
            raise ValueError(raw)
    except ValueError:
        raise ImproperlyConfigured(f"ANNUAL_REPORT_DATE: ожидается дата вида «30.06», получено «{raw}».") from None
    return day, month


def annual_crontab() -> crontab:
    day, month = annual_date()
    return crontab(minute=0, hour=settings.ANNUAL_REPORT_HOUR, day_of_month=day, month_of_year=month)


def report_year(today: datetime.date) -> int:
    """The school year a report is asked for by default: the last one the schedule has reported on. The report of
    school year Y is due on ANNUAL_REPORT_DATE of Y + 1 (30.06.2027 for 2026/2027); in November 2026 that is
    2025/2026 — the last year that is over, not the one just begun."""
    day, month = annual_date()

    def due(year: int) -> datetime.date:
        return datetime.date(year + 1, month, min(day, 28) if month == 2 else day)

    year = school_year_of(today)
    while due(year) > today:
        year -= 1
    return year
