from django.db import migrations

from roadmaps.catalogues import seed


class Migration(migrations.Migration):
    dependencies = [("roadmaps", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
