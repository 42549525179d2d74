from django.db import migrations

from mentoring.catalogues import seed


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
