from django.db import migrations


def seed_subjects(apps, schema_editor):
    from schools.subjects import SUBJECTS

    Subject = apps.get_model("schools", "Subject")
    for code, name in SUBJECTS:
        Subject.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("schools", "0002_assessment_results")]

    operations = [migrations.RunPython(seed_subjects, migrations.RunPython.noop)]
