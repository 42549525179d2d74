"""Version 4 of the default methodology (docs/methodology.md): every school judged with its certainty. The result
criteria pool three years, grades and classes and shrink each school's figure toward the region (empirical Bayes), a
criterion is met when the evidence is strong enough (probability ≥ 90 %); ШССУ by the presence of disadvantage with
absolute thresholds; results beside similar schools; two more ФИС ОКО objectivity signals. Versions 1–3 stay as they
were (runs keep their own snapshot); version 4 becomes the default only where a seeded default version still is (a
methodology made default by hand stays)."""

from django.db import migrations

NAME = "Базовая методика выявления ШНОР и ШССУ (версия 4: оценки с интервалами, все школы оценены)"
PREVIOUS = ("Базовая методика выявления ШНОР и ШССУ (версия 3: ОГЭ в объективности, ресурсные дефициты)",
            "Базовая методика выявления ШНОР и ШССУ (сравнение по классам, регион)")

DESCRIPTION = (
    "Каждая школа оценивается по всем своим результатам за три года (все классы и годы вместе) с поправкой на "
    "малую выборку; у маленькой школы интервал шире, но оценка есть. C1 — доля «2» по ВПР, ОГЭ и ЕГЭ не меньше "
    "30 % с вероятностью не меньше 90 %. C2–C4 — ВПР (математика, русский язык) и ОГЭ (математика): школа среди "
    "нижних 10 % школ региона с вероятностью не меньше 90 %. C5 — сравнение с журналом (ВПР, ОГЭ), C8 — высокие "
    "ВПР не подтверждаются ОГЭ, C9 — задания базового и повышенного уровня: сигналы для проверки. C6 — ШССУ по "
    "наличию социального неблагополучия и ресурсных дефицитов с абсолютными порогами. C7 — результаты рядом с "
    "20 сопоставимыми школами региона (показывается, в правило не входит). ШНОР — выполнены не меньше двух из "
    "C1–C4; ШССУ — выполнен C6. Школа с числом участников за три года меньше 10 — «не оценена» с причиной.")

CERTAINTY = {"level_pct": 90.0, "window_years": 3, "min_pupils": 10}
# frozen here (identification.methodology.DEFAULT_CRITERIA may move on; a migration seeds what it seeded)
CRITERIA_V4 = [
    {"code": "C1", "kind": "failing_estimate", "title": "Доля «2» по ВПР, ОГЭ и ЕГЭ за три года",
     "params": {"threshold_pct": 30.0, "procedures": ["vpr", "oge", "ege"], **CERTAINTY}},
    {"code": "C2", "kind": "score_estimate", "title": "ВПР, математика: нижние 10 % школ региона",
     "params": {"procedure": "vpr", "subject": "math", "bottom_pct": 10.0, **CERTAINTY}},
    {"code": "C3", "kind": "score_estimate", "title": "ВПР, русский язык: нижние 10 % школ региона",
     "params": {"procedure": "vpr", "subject": "russian", "bottom_pct": 10.0, **CERTAINTY}},
    {"code": "C4", "kind": "score_estimate", "title": "ОГЭ, математика: нижние 10 % школ региона",
     "params": {"procedure": "oge", "subject": "math", "bottom_pct": 10.0, **CERTAINTY}},
    {"code": "C5", "kind": "objectivity", "title": "Объективность оценивания: сравнение с журналом (ВПР, ОГЭ)",
     "params": {"min_confirmed_pct": 50.0, "min_raised_pct": 15.0, "procedures": ["vpr", "oge"]}},
    {"code": "C6", "kind": "social_disadvantage", "title": "Социальное неблагополучие и ресурсные дефициты",
     "params": {"weights": {"students_low_income": 1.0, "students_single_parent": 1.0,
                            "students_parents_no_higher_ed": 1.0, "students_non_native": 1.0,
                            "students_disabled": 1.0, "students_preventive_register": 1.0,
                            "students_unexcused_absences": 1.0, "vacancies": 1.0, "young_specialists": 0.5,
                            "rural": 0.5},
                "threshold_students_low_income": 20.0, "threshold_students_single_parent": 30.0,
                "threshold_students_parents_no_higher_ed": 70.0, "threshold_students_non_native": 10.0,
                "threshold_students_disabled": 10.0, "threshold_students_preventive_register": 2.0,
                "threshold_students_unexcused_absences": 5.0, "threshold_vacancies": 10.0,
                "threshold_young_specialists": 25.0, "bar": 3.0, "min_known_pct": 50.0}},
    {"code": "C7", "kind": "similar_schools", "title": "Результаты ниже сопоставимых школ",
     "params": {"procedures": ["vpr", "oge"], "group_size": 20, "margin_sd": 1.0, "require_low": "no",
                "bottom_pct": 10.0, **CERTAINTY}},
    {"code": "C8", "kind": "unconfirmed_high", "title": "Объективность: высокие ВПР не подтверждаются ОГЭ",
     "params": {"top_pct": 10.0, "window_years": 3, "min_pupils": 10}},
    {"code": "C9", "kind": "task_pattern", "title": "Объективность: базовые задания ВПР хуже, сложные лучше",
     "params": {"z": 1.96, "min_region_schools": 5}},
]
RULES_V4 = {"lrs": {"criteria": ["C1", "C2", "C3", "C4"], "min_met": 2}, "dsc": {"criteria": ["C6"], "min_met": 1}}
SAMPLE_V4 = {"min_participants": 10, "reliable_participants": 20}


def seed_version_4(apps, schema_editor):
    Methodology = apps.get_model("identification", "Methodology")
    family = Methodology.objects.filter(family="default")
    if family.filter(name=NAME).exists():
        return
    current = Methodology.objects.filter(is_default=True).first()
    take_default = current is None or (current.family == "default" and current.version <= 3)
    if take_default and current is not None:
        Methodology.objects.filter(pk=current.pk).update(is_default=False)
    version = max(family.values_list("version", flat=True), default=0) + 1
    Methodology.objects.create(family="default", version=version, name=NAME, description=DESCRIPTION,
                               criteria=CRITERIA_V4, rules=RULES_V4, sample=SAMPLE_V4, is_default=take_default)


def remove_version_4(apps, schema_editor):
    Methodology = apps.get_model("identification", "Methodology")
    Run = apps.get_model("identification", "Run")
    seeded = Methodology.objects.filter(family="default", name=NAME).first()
    if seeded is None or Run.objects.filter(methodology=seeded).exists():
        return  # used by runs: kept
    was_default = seeded.is_default
    seeded.delete()
    if was_default:
        Methodology.objects.filter(family="default", name=PREVIOUS[0]).update(is_default=True)


class Migration(migrations.Migration):
    dependencies = [("identification", "0009_run_estimates"), ("schools", "0011_task_results")]

    operations = [migrations.RunPython(seed_version_4, remove_version_4)]
