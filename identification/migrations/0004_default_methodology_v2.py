"""Version 2 of the default methodology: bottom of the distribution compared within procedure × subject × grade ×
year and against the schools of the region (docs/methodology.md). Version 1 stays as it was (runs keep their own snapshot of
it); version 2 becomes the default only where version 1 still is (a methodology made default by hand stays)."""

from django.db import migrations

NAME = "Базовая методика выявления ШНОР и ШССУ (сравнение по классам, регион)"

DESCRIPTION = (
    "Шесть критериев. C1 — доля «2» по ВПР, ОГЭ и ЕГЭ. C2–C4 — нижние 10 % школ региона по ВПР (математика, "
    "русский язык) и ОГЭ (математика, 9 класс): результаты сравниваются только внутри одной процедуры, предмета, "
    "класса и года; в каждом классе, где участников не меньше 10, позиция школы — доля школ региона с таким же "
    "или более низким средним баллом в этом классе; позиции классов одного года усредняются с весами по числу "
    "участников, и по этой средней позиции школы региона ранжируются. Школа в нижних 10 %, если её место снизу "
    "не дальше 10 % числа сравниваемых школ; школа с таким же результатом, как у школы из нижних 10 %, тоже в них "
    "входит; если школ с результатами за год меньше 10, год не оценивается («недостаточно школ для сравнения»). "
    "Критерий выполнен, если школа в нижних 10 % не меньше чем в двух из трёх последних лет. C5 — сигнал "
    "объективности ВПР (только для проверки). C6 — индекс социального благополучия. ШНОР — выполнены не меньше "
    "двух из C1–C4; ШССУ — выполнен C6. Результаты класса с числом участников меньше 10 не учитываются ни в одном "
    "критерии.")

# frozen here (identification.methodology.DEFAULT_CRITERIA may move on; a migration seeds what it seeded)
CRITERIA_V2 = [
    {"code": "C1", "kind": "failing_share", "title": "Доля «2» по ВПР, ОГЭ и ЕГЭ",
     "params": {"threshold_pct": 30.0, "min_procedures": 2, "years_running": 2, "procedures": ["vpr", "oge", "ege"]}},
    {"code": "C2", "kind": "bottom_distribution", "title": "ВПР, математика: нижние 10 % региона",
     "params": {"procedure": "vpr", "subject": "math", "grade": None, "bottom_pct": 10.0, "group": "region",
                "min_years": 2, "window_years": 3}},
    {"code": "C3", "kind": "bottom_distribution", "title": "ВПР, русский язык: нижние 10 % региона",
     "params": {"procedure": "vpr", "subject": "russian", "grade": None, "bottom_pct": 10.0, "group": "region",
                "min_years": 2, "window_years": 3}},
    {"code": "C4", "kind": "bottom_distribution", "title": "ОГЭ, математика: нижние 10 % региона",
     "params": {"procedure": "oge", "subject": "math", "grade": 9, "bottom_pct": 10.0, "group": "region",
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
RULES_V2 = {"lrs": {"criteria": ["C1", "C2", "C3", "C4"], "min_met": 2}, "dsc": {"criteria": ["C6"], "min_met": 1}}
SAMPLE_V2 = {"min_participants": 10, "reliable_participants": 20}


def seed_version_2(apps, schema_editor):
    Methodology = apps.get_model("identification", "Methodology")
    family = Methodology.objects.filter(family="default")
    if family.filter(name=NAME).exists():
        return
    current = Methodology.objects.filter(is_default=True).first()
    take_default = current is None or (current.family == "default" and current.version == 1)
    if take_default and current is not None:
        Methodology.objects.filter(pk=current.pk).update(is_default=False)
    version = max(family.values_list("version", flat=True), default=0) + 1
    Methodology.objects.create(family="default", version=version, name=NAME, description=DESCRIPTION,
                               criteria=CRITERIA_V2, rules=RULES_V2, sample=SAMPLE_V2, is_default=take_default)


def remove_version_2(apps, schema_editor):
    Methodology = apps.get_model("identification", "Methodology")
    Run = apps.get_model("identification", "Run")
    seeded = Methodology.objects.filter(family="default", name=NAME).first()
    if seeded is None or Run.objects.filter(methodology=seeded).exists():
        return  # used by runs: kept
    was_default = seeded.is_default
    seeded.delete()
    if was_default:
        Methodology.objects.filter(family="default", version=1).update(is_default=True)


class Migration(migrations.Migration):
    dependencies = [("identification", "0003_runschool_figures")]

    operations = [migrations.RunPython(seed_version_2, remove_version_2)]
