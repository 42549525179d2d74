from django.db import migrations


def seed_scales(apps, schema_editor):
    from schools.grading_scales import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("schools", "0003_subjects")]

    operations = [migrations.RunPython(seed_scales, migrations.RunPython.noop)]
