"""Demo identification (part of `manage.py seed_demo`): approved lists for 2023/2024 and a fresh
2024/2025 run in each municipality waiting for the head's approval."""

import datetime

from . import services
from .models import Methodology, Run

ORDERS = {"dinskoy": ("245", datetime.date(2023, 9, 4)), "kalininsky": ("27-р", datetime.date(2023, 9, 11))}


def seed(ctx) -> None:
    methodology = Methodology.objects.get(is_default=True)
    for code, schools in ctx.schools.items():
        muni = schools[0].municipality
        methodologist = ctx.users[f"metodist.{code}@demo.ru"]
        head = ctx.users[f"head.{code}@demo.ru"]
        for start_year in (2023, 2024):
            if Run.objects.filter(municipality=muni, school_year__start_year=start_year, is_what_if=False).exists():
                continue
            run = services.create_run(actor=methodologist, methodology=methodology, region=muni.region,
                                      municipality=muni, start_year=start_year, enqueue=False)
            run = services.compute_run(run=run)
            if start_year == 2023:
                number, date = ORDERS[code]
                services.approve_run(actor=head, run=run, order_number=number, order_date=date)
            ctx.log.append(f"{muni.name}, {run.school_year.name}: ШНОР — "
                           f"{run.schools.filter(lrs_included=True).count()}, ШССУ — "
                           f"{run.schools.filter(dsc_included=True).count()}"
                           + (" (утверждён)" if start_year == 2023 else " (ждёт утверждения)"))
