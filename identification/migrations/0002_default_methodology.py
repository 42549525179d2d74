from django.db import migrations

# Version 1 of the default methodology as it was seeded (frozen here: identification.methodology.DEFAULT_CRITERIA
# moves on — 0004 seeds version 2 from it — and a fresh database must get the same version 1 as every other).
CRITERIA_V1 = [
    {"code": "C1", "kind": "failing_share", "title": "Доля «2» по ВПР, ОГЭ и ЕГЭ",
     "params": {"threshold_pct": 30.0, "min_procedures": 2, "years_running": 2, "procedures": ["vpr", "oge", "ege"]}},
    {"code": "C2", "kind": "bottom_distribution", "title": "ВПР, математика: нижние 10 % муниципалитета",
     "params": {"procedure": "vpr", "subject": "math", "grade": None, "bottom_pct": 10.0, "group": "municipality",
                "min_years": 2, "window_years": 3}},
    {"code": "C3", "kind": "bottom_distribution", "title": "ВПР, русский язык: нижние 10 % муниципалитета",
     "params": {"procedure": "vpr", "subject": "russian", "grade": None, "bottom_pct": 10.0,
                "group": "municipality", "min_years": 2, "window_years": 3}},
    {"code": "C4", "kind": "bottom_distribution", "title": "ОГЭ, математика: нижние 10 % муниципалитета",
     "params": {"procedure": "oge", "subject": "math", "grade": 9, "bottom_pct": 10.0, "group": "municipality",
                "min_years": 2, "window_years": 3}},
    {"code": "C5", "kind": "objectivity", "title": "Объективность ВПР",
     "params": {"min_confirmed_pct": 50.0, "min_raised_pct": 15.0}},
    {"code": "C6", "kind": "social_index", "title": "Индекс социального благополучия",
     "params": {"bottom_pct": 25.0, "group": "municipality", "min_students": 1,
                "weights": {"students_low_income": 1.0, "students_single_parent": 1.0,
                            "students_parents_no_higher_ed": 1.0, "students_non_native": 1.0,
                            "students_disabled": 1.0, "students_preventive_register": 1.0,
                            "students_unexcused_absences": 1.0}}},
]
RULES_V1 = {"lrs": {"criteria": ["C1", "C2", "C3", "C4"], "min_met": 2}, "dsc": {"criteria": ["C6"], "min_met": 1}}
SAMPLE_V1 = {"min_participants": 10, "reliable_participants": 20}


def seed_default(apps, schema_editor):
    Methodology = apps.get_model("identification", "Methodology")
    if Methodology.objects.filter(family="default").exists():
        return
    Methodology.objects.create(
        family="default", version=1, name="Базовая методика выявления ШНОР и ШССУ",
        description=("Шесть критериев: доля «2» по ВПР, ОГЭ и ЕГЭ; нижние 10 % муниципалитета по ВПР "
                     "(математика, русский язык) и ОГЭ (математика); сигнал объективности ВПР; индекс "
                     "социального благополучия. ШНОР — выполнены не меньше двух из C1–C4; ШССУ — выполнен C6."),
        criteria=CRITERIA_V1, rules=RULES_V1, sample=SAMPLE_V1, is_default=True)


class Migration(migrations.Migration):
    dependencies = [("identification", "0001_initial"), ("schools", "0003_subjects")]

    operations = [migrations.RunPython(seed_default, migrations.RunPython.noop)]
