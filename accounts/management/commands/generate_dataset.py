"""python manage.py generate_dataset --schools N --years Y --seed S"""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Membership, Role, User
from schools.demo.synthetic import generate

PASSWORD = "bench12345"


class Command(BaseCommand):
    help = ("Сгенерировать детерминированные синтетические данные для нагрузочных замеров (регион SYN "
            "заменяется целиком; остальные регионы не затрагиваются).")

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, required=True)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **o):
        if not 1 <= o["schools"] <= 100_000 or not 1 <= o["years"] <= 10:
            raise CommandError("Школ — от 1 до 100 000, лет — от 1 до 10.")
        out = generate(schools=o["schools"], years=o["years"], seed=o["seed"],
                       log=lambda line: self.stdout.write(f"  {line}"))
        # one methodologist per municipality and an admin, with known passwords for benchmarks
        users = [("bench-admin@synthetic.local", Role.ADMIN, None)] + [
            (f"metodist-{m.code}@synthetic.local", Role.METHODOLOGIST, m) for m in out["municipalities"]]
        for email, role, muni in users:
            user, created = User.objects.get_or_create(email=email, defaults={
                "is_staff": role == Role.ADMIN, "is_superuser": role == Role.ADMIN})
            if created:
                user.set_password(PASSWORD)
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(user=user, role=role, municipality=muni)
        self.stdout.write(self.style.SUCCESS(
            f"Готово за {out['seconds']} с: {out['schools']} школ, {out['results']} строк результатов. "
            f"Пользователи: bench-admin@synthetic.local и metodist-syn-NNN@synthetic.local, пароль {PASSWORD}."))
