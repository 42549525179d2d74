"""The demo region is seeded by the steps each app registers (`core.registries.register_demo`)."""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .formats import school_year_of
from .registries import demo_steps

SEED = 2025


@dataclass
class DemoContext:
    """What each demo step receives. A step may add attributes for the steps after it (the registry adds
    `schools`, `struggling`, …; accounts adds `users`); `table` lists the demo sign-ins to print."""

    rnd: random.Random
    today: datetime.date = field(default_factory=timezone.localdate)
    log: list[str] = field(default_factory=list)
    table: list[tuple[str, str, str]] = field(default_factory=list)  # (e-mail, password, roles)

    @property
    def current_year(self) -> int:
        """The school year under way: the demo's years follow it, so its lists, agreements and roadmaps
        always belong to the year the user is in, and evidence cites only years already over."""
        return school_year_of(self.today)

    @property
    def data_years(self) -> tuple[int, ...]:
        """The three school years that are over: their results and yearly data."""
        return tuple(self.current_year - k for k in (3, 2, 1))


def seed_demo() -> DemoContext:
    """Idempotent and deterministic: a fixed seed, natural keys, existing rows left as they are."""
    ctx = DemoContext(rnd=random.Random(SEED))
    with transaction.atomic():
        for step in demo_steps():
            step(ctx)
    return ctx
