"""The demo region is seeded by the steps each app registers (`core.registries.register_demo`)."""

import random
from dataclasses import dataclass, field

from django.db import transaction

from .registries import demo_steps

SEED = 2025


@dataclass
class DemoContext:
    """What each demo step receives. A step may add attributes for the steps after it (the registry adds
    `schools`, `struggling`, …; accounts adds `users`); `table` lists the demo sign-ins to print."""

    rnd: random.Random
    log: list[str] = field(default_factory=list)
    table: list[tuple[str, str, str]] = field(default_factory=list)  # (e-mail, password, roles)


def seed_demo() -> DemoContext:
    """Idempotent and deterministic: a fixed seed, natural keys, existing rows left as they are."""
    ctx = DemoContext(rnd=random.Random(SEED))
    with transaction.atomic():
        for step in demo_steps():
            step(ctx)
    return ctx
