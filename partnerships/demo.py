"""Demo partnerships (part of `manage.py seed_demo`): leader schools and a site in each municipality, designated
a year ago and in force through the school year under way, with agreements signed last September covering most
of the schools on last year's approved ШНОР/ШССУ list; the rest stay uncovered for the coverage table."""

import datetime

from django.core.files.base import ContentFile

from identification.models import SchoolStatus

from . import services
from .models import Agreement, Designation, DesignationKind

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def seed(ctx) -> None:
    year = ctx.current_year - 1  # designated and signed at the start of last school year
    start, end = datetime.date(year, 9, 1), datetime.date(ctx.current_year + 1, 8, 31)
    kinds = {k.code: k for k in DesignationKind.objects.all()}
    for code, schools in ctx.schools.items():
        if Designation.objects.filter(school__municipality=schools[0].municipality).exists():
            continue
        methodologist = ctx.users[f"metodist.{code}@demo.ru"]
        needy = set(SchoolStatus.objects.filter(school__in=schools, school_year__start_year=year)
                    .values_list("school_id", flat=True))
        strong = sorted((s for s in schools if s.pk not in needy and s.pk not in ctx.struggling),
                        key=lambda s: -ctx.quality[s.pk])[:3]
        designations = []
        for i, school in enumerate(strong):
            kind = kinds["site" if i == 2 else "leader"]
            topic = ("Объективность оценивания и формирующее оценивание" if i == 2 else
                     ["Повышение качества преподавания математики", "Читательская грамотность и русский язык"][i])
            head = ctx.users.get("leader@demo.ru") if school.memberships.filter(role="leader_staff").exists() else None
            designations.append(services.save_designation(actor=methodologist, designation=Designation(), data={
                "school": school, "kind": kind, "topic": topic, "grounds": ["high_results", "leading_teachers"],
                "start": start, "end": end, "order_number": f"{310 + i}", "order_date": datetime.date(year, 8, 25),
                "head": head}))
        # about three quarters of the schools in need get a partner
        targets = [s for s in schools if s.pk in needy]
        for n, school in enumerate(targets[: max(1, len(targets) * 3 // 4)]):
            d = designations[n % len(designations)]
            agreement, _warning = services.save_agreement(actor=methodologist, agreement=Agreement(), data={
                "designation": d, "supported_school": school, "number": f"{code[:3].upper()}-{n + 1}",
                "signed_on": datetime.date(year, 9, 15), "start": datetime.date(year, 9, 15), "end": end,
                "directions": ["management", "subject_teaching", "mentoring"], "subjects": "математика, русский язык",
                "contacts": "заместитель директора по УВР, +7 (861) 000-00-00"})
            agreement.document.save(f"agreement-{agreement.number}.pdf", ContentFile(PDF), save=True)
            services.activate_agreement(actor=methodologist, agreement=agreement)
        ctx.log.append(f"{schools[0].municipality.name}: статусов школ-лидеров и площадок — {len(designations)}, "
                       f"соглашений — {min(len(targets), max(1, len(targets) * 3 // 4))} из {len(targets)} ШНОР/ШССУ")
