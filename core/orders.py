"""Orders (приказы) are the legal basis of statuses and approvals: one rule for their number and date."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


def order_errors(number: str | None, date: datetime.date | None) -> dict:
    """field → message: a number is required, a date is required and may not be in the future."""
    errors = {}
    if not (number or "").strip():
        errors["order_number"] = _("Укажите номер приказа.")
    if not date:
        errors["order_date"] = _("Укажите дату приказа.")
    elif date > timezone.localdate():
        errors["order_date"] = _("Дата приказа не может быть в будущем.")
    return errors
