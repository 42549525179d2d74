"""Demo identification (part of `manage.py seed_demo`), following today's date: the approved lists of the
year before and of the school year under way (built from the results of the years already over), except in
Калининский район, where this year's list waits for the head's approval."""

import datetime

from . import services
from .models import Methodology, Run

ORDERS = {"dinskoy": ("245", 4), "kalininsky": ("27-р", 11)}  # number, day of September


def _order_date(start_year: int, day: int, today: datetime.date) -> datetime.date:
    """Early September of the year the list is for (never after today)."""
    return min(datetime.date(start_year, 9, day), today)


def seed(ctx) -> None:
    methodology = Methodology.objects.get(is_default=True)
    for code, schools in ctx.schools.items():
        muni = schools[0].municipality
        methodologist = ctx.users[f"metodist.{code}@demo.ru"]
        head = ctx.users[f"head.{code}@demo.ru"]
        for start_year in (ctx.current_year - 1, ctx.current_year):
            if Run.objects.filter(municipality=muni, school_year__start_year=start_year, is_what_if=False).exists():
                continue
            run = services.create_run(actor=methodologist, methodology=methodology, region=muni.region,
                                      municipality=muni, start_year=start_year, enqueue=False)
            run = services.compute_run(run=run)
            approve = start_year < ctx.current_year or code == "dinskoy"
            if approve:
                number, day = ORDERS[code]
                if start_year == ctx.current_year:
                    number = f"{number}/{start_year % 100}"
                services.approve_run(actor=head, run=run, order_number=number,
                                     order_date=_order_date(start_year, day, ctx.today))
            ctx.log.append(f"{muni.name}, {run.school_year.name}: ШНОР — "
                           f"{run.schools.filter(lrs_included=True).count()}, ШССУ — "
                           f"{run.schools.filter(dsc_included=True).count()}"
                           + (" (утверждён)" if approve else " (ждёт утверждения)"))
