"""Orders (приказы) are the legal basis of statuses and approvals: one rule for their number and date."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .formats import ru_date, school_year_name


def order_window(start_year: int) -> tuple[datetime.date, datetime.date]:
    """The dates an order about the school year Y/Y+1 may bear: from 1 May of Y (the results of Y−1/Y that such
    a document rests on begin to arrive with the spring assessments; preparing the year starts then) to 31 August
    of Y+1 (the last day of the year it is about: later it would decide about a year already over)."""
    return datetime.date(start_year, 5, 1), datetime.date(start_year + 1, 8, 31)


def order_errors(number: str | None, date: datetime.date | None, school_year: int | None = None) -> dict:
    """field → message: a number is required, a date is required and may not be in the future; with
    `school_year` (the start year of the year the order is about) the date must also lie in `order_window`."""
    errors = {}
    if not (number or "").strip():
        errors["order_number"] = _("Укажите номер приказа.")
    if not date:
        errors["order_date"] = _("Укажите дату приказа.")
    elif date > timezone.localdate():
        errors["order_date"] = _("Дата приказа не может быть в будущем.")
    elif school_year is not None:
        first, last = order_window(school_year)
        if not first <= date <= last:
            errors["order_date"] = _("Приказ на %(year)s учебный год должен быть датирован с %(first)s "
                                     "по %(last)s.") % {"year": school_year_name(school_year),
                                                         "first": ru_date(first), "last": ru_date(last)}
    return errors
