"""Demo annual report (part of `manage.py seed_demo`): Динской район's report of the last school year that is over (the
one a department head reports on while the next is under way), asked for by its department head and built at once,
so the archive and the start page show a real report. Seeding twice adds nothing
(skipped when the municipality already has a report of the year)."""

from schools.models import SchoolYear

from . import services
from .models import AnnualReport

DEMO_MUNICIPALITY = "dinskoy"


def seed(ctx) -> None:
    schools = ctx.schools.get(DEMO_MUNICIPALITY)
    if not schools:
        return
    muni = schools[0].municipality
    year = SchoolYear.objects.get_or_create(start_year=ctx.current_year - 1)[0]
    if AnnualReport.objects.filter(territory_key=services.territory_key(muni), school_year=year).exists():
        return
    head = ctx.users[f"head.{DEMO_MUNICIPALITY}@demo.ru"]
    report = services.build(services.request_report(actor=head, territory=muni, school_year=year, enqueue=False),
                            today=ctx.today)
    ctx.log.append(f"Годовой отчёт: {muni.name}, {year.name} — {report.pages} стр.")
