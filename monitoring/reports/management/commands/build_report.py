"""manage.py build_report --municipality CODE | --region CODE | --school CODE --year 2024/2025 [--out FILE]
[--user EMAIL]: the annual report built at once by the same service as the Celery task (a new version in the archive);
prints the file path, the page count and the time."""

import shutil
import time

from django.core.management.base import BaseCommand, CommandError

from core.formats import parse_school_year, ru_decimal
from schools.models import Municipality, Region, School

from ... import services


class Command(BaseCommand):
    help = "Сформировать годовой отчёт об эффективности (PDF и XLSX) тем же способом, что и фоновая задача."

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--municipality", help="код муниципалитета")
        where.add_argument("--region", help="код региона")
        where.add_argument("--school", help="код ОО")
        parser.add_argument("--year", required=True, help="учебный год, например 2024/2025")
        parser.add_argument("--out", help="куда скопировать PDF (таблицы — рядом, .xlsx)")
        parser.add_argument("--user", help="e-mail пользователя, от имени которого запрошен отчёт (проверяются права)")

    def handle(self, *args, **opts):
        try:
            start_year = parse_school_year(opts["year"])
        except ValueError:
            raise CommandError(f"Учебный год «{opts['year']}»: ожидается вида 2024/2025.") from None
        if opts["municipality"]:
            territory = Municipality.objects.select_related("region").filter(code=opts["municipality"]).first()
        elif opts["region"]:
            territory = Region.objects.filter(code=opts["region"]).first()
        else:
            territory = School.objects.select_related("municipality__region").filter(code=opts["school"]).first()
        if territory is None:
            raise CommandError("Территория с таким кодом не найдена.")
        actor = None
        if opts["user"]:
            from accounts.models import User

            actor = User.objects.filter(email__iexact=opts["user"]).first()
            if actor is None:
                raise CommandError(f"Пользователь {opts['user']} не найден.")
        started = time.perf_counter()
        report = services.request_report(actor=actor, territory=territory,
                                         school_year=services.school_year(start_year), enqueue=False)
        report = services.build(report)
        seconds = time.perf_counter() - started
        path = report.pdf.path
        if opts["out"]:
            shutil.copyfile(path, opts["out"])
            xlsx_out = opts["out"].rsplit(".", 1)[0] + ".xlsx"
            shutil.copyfile(report.xlsx.path, xlsx_out)
            path = opts["out"]
        self.stdout.write(f"{path}\nверсия: {report.version}\nстраниц: {report.pages}\n"
                          f"время: {ru_decimal(seconds, 2)} с")
