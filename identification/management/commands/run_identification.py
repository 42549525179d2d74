"""python manage.py run_identification --municipality CODE --year 2024/2025 [--methodology ID] [--region CODE]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from identification import selectors, services
from identification.models import Methodology
from schools.models import Municipality, Region, SchoolYear


class Command(BaseCommand):
    help = "Рассчитать выявление ШНОР/ШССУ и вывести предложенный список с выполненными критериями."

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--municipality", help="код муниципалитета")
        where.add_argument("--region", help="код региона (расчёт по всему региону)")
        parser.add_argument("--year", required=True, help="учебный год, например 2024/2025")
        parser.add_argument("--methodology", type=int, help="id методики (по умолчанию — методика по умолчанию)")
        parser.add_argument("--what-if", action="store_true", help="пробный расчёт (не утверждается)")

    def handle(self, *args, **opts):
        try:
            start_year = SchoolYear.parse(opts["year"])
        except ValueError:
            raise CommandError(f"Учебный год «{opts['year']}» не распознан: ожидается вид 2024/2025.") from None
        municipality = None
        if opts["municipality"]:
            municipality = Municipality.objects.select_related("region").filter(code=opts["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Муниципалитет с кодом «{opts['municipality']}» не найден.")
            region = municipality.region
        else:
            region = Region.objects.filter(code=opts["region"]).first()
            if region is None:
                raise CommandError(f"Регион с кодом «{opts['region']}» не найден.")
        qs = Methodology.objects.all()
        methodology = qs.filter(pk=opts["methodology"]).first() if opts["methodology"] else qs.filter(
            is_default=True).first()
        if methodology is None:
            raise CommandError("Методика не найдена.")
        try:
            run = services.create_run(actor=None, methodology=methodology, region=region, municipality=municipality,
                                      start_year=start_year, is_what_if=opts["what_if"], enqueue=False)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages).replace("отметьте «Пробный расчёт»", "добавьте --what-if")
                               ) from None
        check = selectors.data_check(criteria=run.snapshot["criteria"], region=region, municipality=municipality,
                                     start_year=start_year)
        for warning in check.warnings:
            self.stderr.write(self.style.WARNING(warning))
        run = services.compute_run(run=run)
        titles = {c["code"]: c["title"] for c in run.snapshot["criteria"]}
        rows = run.schools.select_related("school").order_by("school__short_name")
        self.stdout.write(f"Расчёт № {run.pk}: {run.territory}, {run.school_year.name}, "
                          f"методика «{methodology.name}», версия {methodology.version}; школ: {run.school_count}")
        proposed = [r for r in rows if r.proposed or r.needs_review]
        for r in proposed:
            statuses = ", ".join({"lrs": "ШНОР", "dsc": "ШССУ"}[s] for s in r.proposed) or "—"
            met = "; ".join(f"{code} {titles[code]}" for code in r.met)
            review = " [проверить объективность]" if r.needs_review else ""
            self.stdout.write(f"{r.school.code}\t{r.school.short_name}\t{statuses}{review}\t{met}")
        # a school not judged is printed with its reason: never silently absent from the decision
        unjudged: dict[str, int] = {}
        for r in rows:
            for judgement in selectors.not_judged(r):
                unjudged[judgement.label] = unjudged.get(judgement.label, 0) + 1
                self.stdout.write(f"{r.school.code}\t{r.school.short_name}\tне оценена для {judgement.label}: "
                                  f"{judgement.reason_text}")
        if unjudged:
            self.stdout.write("Не оценены: " + ", ".join(f"{label} — {n}" for label, n in unjudged.items()) + ".")
        lrs = sum(1 for r in rows if "lrs" in r.proposed)
        dsc = sum(1 for r in rows if "dsc" in r.proposed)
        self.stdout.write(self.style.SUCCESS(f"Предложено: ШНОР — {lrs}, ШССУ — {dsc}."))
