"""ImportJob moved to `core` (the imports framework): the table is renamed, the rows are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0006_importjob_options"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="importjob", table="core_importjob")],
            state_operations=[migrations.DeleteModel(name="ImportJob")],
        ),
    ]
