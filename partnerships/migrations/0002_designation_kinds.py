from django.db import migrations

KINDS = [("leader", "Школа-лидер", "школа-лидер", 1),
         ("site", "Муниципальная стажировочная площадка", "МСП", 2)]


def seed(apps, schema_editor):
    DesignationKind = apps.get_model("partnerships", "DesignationKind")
    for code, name, short, order in KINDS:
        DesignationKind.objects.update_or_create(code=code, defaults={"name": name, "short_name": short,
                                                                      "ordering": order})


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
