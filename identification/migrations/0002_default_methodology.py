from django.db import migrations


def seed_default(apps, schema_editor):
    from identification.methodology import DEFAULT_CRITERIA, DEFAULT_FAMILY, DEFAULT_RULES, DEFAULT_SAMPLE

    Methodology = apps.get_model("identification", "Methodology")
    if Methodology.objects.filter(family=DEFAULT_FAMILY).exists():
        return
    Methodology.objects.create(
        family=DEFAULT_FAMILY, version=1, name="Базовая методика выявления ШНОР и ШССУ",
        description=("Шесть критериев: доля «2» по ВПР, ОГЭ и ЕГЭ; нижние 10 % муниципалитета по ВПР "
                     "(математика, русский язык) и ОГЭ (математика); сигнал объективности ВПР; индекс "
                     "социального благополучия. ШНОР — выполнены не меньше двух из C1–C4; ШССУ — выполнен C6."),
        criteria=DEFAULT_CRITERIA, rules={str(k): v for k, v in DEFAULT_RULES.items()}, sample=DEFAULT_SAMPLE,
        is_default=True)


class Migration(migrations.Migration):
    dependencies = [("identification", "0001_initial"), ("schools", "0003_subjects")]

    operations = [migrations.RunPython(seed_default, migrations.RunPython.noop)]
