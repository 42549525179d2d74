"""python manage.py seed_demo — the demo region: idempotent and deterministic."""

import importlib
import random

from django.core.management.base import BaseCommand
from django.db import transaction

from schools.demo.seed import SEED, DemoContext
from schools.demo.seed import run as seed_registry

# apps that add their part of the demo, in the layer order of DESIGN §3 (each has demo.seed(ctx))
DEMO_APPS = ["accounts", "identification", "partnerships", "roadmaps", "mentoring", "monitoring"]


class Command(BaseCommand):
    help = "Создать (или дополнить) демонстрационный регион: школы, данные, результаты, пользователи всех ролей."

    def handle(self, *args, **options):
        ctx = DemoContext(rnd=random.Random(SEED))
        with transaction.atomic():
            seed_registry(ctx)
            for app in DEMO_APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                module.seed(ctx)
        for line in ctx.log:
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("\nДемо-пользователи (пароль у всех один):"))
        width = max(len(e) for e, _p, _r in ctx.table)
        for email, password, roles in ctx.table:
            self.stdout.write(f"  {email:<{width}}  {password}  {roles}")
