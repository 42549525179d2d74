"""Version 3 of the default methodology (docs/methodology.md): the objectivity signal reads ОГЭ as well as ВПР, each procedure
judged on its own; the social well-being index adds the resource deficits of the municipal regulation's п. 1.3 (vacancies, young
specialists, students per teacher) at half the weight of a social factor. Versions 1 and 2 stay as they were (runs
keep their own snapshot); version 3 becomes the default only where a seeded default version still is (a
methodology made default by hand stays)."""

from django.db import migrations

NAME = "Базовая методика выявления ШНОР и ШССУ (версия 3: ОГЭ в объективности, ресурсные дефициты)"
PREVIOUS = ("Базовая методика выявления ШНОР и ШССУ (сравнение по классам, регион)",)

DESCRIPTION = (
    "Шесть критериев. C1 — доля «2» по ВПР, ОГЭ и ЕГЭ. C2–C4 — нижние 10 % школ региона по ВПР (математика, "
    "русский язык) и ОГЭ (математика, 9 класс), результаты сравниваются только внутри одной процедуры, предмета, "
    "класса и года. C5 — сигнал объективности оценивания по ВПР и ОГЭ, каждая процедура отдельно (только для "
    "проверки). C6 — индекс социального благополучия: семь факторов социально-экономического неблагополучия с "
    "весом 1 и три фактора ресурсных дефицитов (вакансии, молодые специалисты, обучающиеся на одного педагога) с "
    "весом 0,5. ШНОР — выполнены не меньше двух из C1–C4; ШССУ — выполнен C6. Список на учебный год строится по "
    "результатам прошедших лет. Результаты класса с числом участников меньше 10 не учитываются ни в одном "
    "критерии.")

SOCIAL = {"students_low_income": 1.0, "students_single_parent": 1.0, "students_parents_no_higher_ed": 1.0,
          "students_non_native": 1.0, "students_disabled": 1.0, "students_preventive_register": 1.0,
          "students_unexcused_absences": 1.0}
# frozen here (identification.methodology.DEFAULT_CRITERIA may move on; a migration seeds what it seeded)
CRITERIA_V3 = [
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
    {"code": "C5", "kind": "objectivity", "title": "Объективность оценивания (ВПР, ОГЭ)",
     "params": {"min_confirmed_pct": 50.0, "min_raised_pct": 15.0, "procedures": ["vpr", "oge"]}},
    {"code": "C6", "kind": "social_index", "title": "Индекс социального благополучия",
     "params": {"bottom_pct": 25.0, "group": "municipality", "min_students": 1,
                "weights": {**SOCIAL, "vacancies": 0.5, "young_specialists": 0.5, "students_per_teacher": 0.5}}},
]
RULES_V3 = {"lrs": {"criteria": ["C1", "C2", "C3", "C4"], "min_met": 2}, "dsc": {"criteria": ["C6"], "min_met": 1}}
SAMPLE_V3 = {"min_participants": 10, "reliable_participants": 20}


def seed_version_3(apps, schema_editor):
    Methodology = apps.get_model("identification", "Methodology")
    family = Methodology.objects.filter(family="default")
    if family.filter(name=NAME).exists():
        return
    current = Methodology.objects.filter(is_default=True).first()
    take_default = current is None or (current.family == "default" and current.version <= 2)
    if take_default and current is not None:
        Methodology.objects.filter(pk=current.pk).update(is_default=False)
    version = max(family.values_list("version", flat=True), default=0) + 1
    Methodology.objects.create(family="default", version=version, name=NAME, description=DESCRIPTION,
                               criteria=CRITERIA_V3, rules=RULES_V3, sample=SAMPLE_V3, is_default=take_default)


def remove_version_3(apps, schema_editor):
    Methodology = apps.get_model("identification", "Methodology")
    Run = apps.get_model("identification", "Run")
    seeded = Methodology.objects.filter(family="default", name=NAME).first()
    if seeded is None or Run.objects.filter(methodology=seeded).exists():
        return  # used by runs: kept
    was_default = seeded.is_default
    seeded.delete()
    if was_default:
        Methodology.objects.filter(family="default", name__in=PREVIOUS).update(is_default=True)


class Migration(migrations.Migration):
    dependencies = [("identification", "0004_default_methodology_v2")]

    operations = [migrations.RunPython(seed_version_3, remove_version_3)]
