from django.core.management.base import BaseCommand, CommandError

from core.formats import parse_school_year, ru_decimal
from schools.models import Region, SchoolYear

from ...services import compute_now


class Command(BaseCommand):
    help = "Пересчитать все рассчитываемые показатели мониторинга за учебный год (как ночная задача)."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="учебный год, например 2024/2025")
        parser.add_argument("--region", help="код региона (по умолчанию все школы)")

    def handle(self, *args, year, region=None, **options):
        try:
            start = parse_school_year(year)
        except ValueError as exc:
            raise CommandError(f"Учебный год «{year}» не распознан: укажите его как 2024/2025.") from exc
        school_year = SchoolYear.objects.filter(start_year=start).first()
        if school_year is None:
            raise CommandError(f"Учебного года {year} нет в реестре.")
        region_obj = None
        if region:
            region_obj = Region.objects.filter(code=region).first()
            if region_obj is None:
                raise CommandError(f"Региона с кодом «{region}» нет.")
        run = compute_now(school_year=school_year, region=region_obj)
        self.stdout.write(f"Учебный год {school_year.name}: школ {run.schools}, значений {run.values}, "
                          f"{ru_decimal(run.seconds, 1)} с")
