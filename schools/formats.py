"""Dates as Russian users write them, for texts made in Python (e-mails, exports, messages)."""

import datetime


def ru_date(day: datetime.date | None) -> str:
    """date(2025, 9, 1) → «01.09.2025»; no date → an empty string."""
    return day.strftime("%d.%m.%Y") if day else ""
