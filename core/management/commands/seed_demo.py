"""python manage.py seed_demo — the demo region: idempotent and deterministic."""

from django.core.management.base import BaseCommand

from core.demo import seed_demo


class Command(BaseCommand):
    help = "Создать (или дополнить) демонстрационный регион: школы, данные, результаты, пользователи всех ролей."

    def handle(self, *args, **options):
        ctx = seed_demo()
        for line in ctx.log:
            self.stdout.write(f"  {line}")
        if ctx.table:
            passwords = sorted({password for _e, password, _r in ctx.table})
            self.stdout.write(self.style.SUCCESS(f"\nДемо-пользователи (пароль у всех: {', '.join(passwords)}):"))
            width = max(len(e) for e, _p, _r in ctx.table)
            for email, _password, roles in ctx.table:
                self.stdout.write(f"  {email:<{width}}  {roles}")
