"""The shared order rule (core/legal_orders.py): number, date, not in the future, and the school year's window."""

import datetime

from django.utils import timezone

from core.legal_orders import order_errors, order_window

D = datetime.date


def test_the_window_of_a_school_year_runs_from_may_to_the_end_of_august_of_the_next():
    assert order_window(2024) == (D(2024, 5, 1), D(2025, 8, 31))


def test_without_a_school_year_only_number_date_and_future_are_checked():
    assert order_errors("12", D(2001, 1, 1)) == {}
    assert order_errors(" ", None) == {"order_number": "Укажите номер приказа.",
                                       "order_date": "Укажите дату приказа."}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert order_errors("12", tomorrow) == {"order_date": "Дата приказа не может быть в будущем."}


def test_with_a_school_year_the_date_lies_in_its_window():
    for day in (D(2024, 5, 1), D(2024, 9, 2), D(2025, 8, 31)):
        assert order_errors("12", day, school_year=2024) == {}, day
    message = "Приказ на 2024/2025 учебный год должен быть датирован с 01.05.2024 по 31.08.2025."
    for day in (D(2024, 4, 30), D(2023, 9, 1), D(2025, 9, 1)):
        assert order_errors("12", day, school_year=2024) == {"order_date": message}, day


def test_the_future_is_refused_before_the_window_is_asked():
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    year = today.year if today.month >= 9 else today.year - 1  # tomorrow may lie inside this year's window
    assert order_errors("12", tomorrow, school_year=year) == {"order_date": "Дата приказа не может быть в будущем."}
