"""When the beat builds the annual reports: ANNUAL_REPORT_DATE («ДД.ММ», default 30.06) at ANNUAL_REPORT_HOUR
(default 6, the portal's time zone). The report is of the school year that started in September of the previous
calendar year: on 30.06.2027 — 2026/2027, the year that is ending."""

from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


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
