from django.db import migrations, models

import identification.fields


class Migration(migrations.Migration):
    """Evidence of new runs is stored as numbers; the JSON of earlier runs stays readable as it was."""

    dependencies = [("identification", "0002_default_methodology")]

    operations = [
        migrations.RenameField(model_name="runschool", old_name="evidence", new_name="legacy_evidence"),
        migrations.AlterField(
            model_name="runschool", name="legacy_evidence",
            field=models.JSONField(blank=True, default=dict, verbose_name="обоснование (расчёты до хранения числами)"),
        ),
        migrations.AddField(
            model_name="runschool", name="figures",
            field=identification.fields.NumbersField(
                blank=True, null=True, verbose_name="обоснование (числа)",
                help_text="Обоснование по каждому критерию числами, см. criteria/figures.py."),
        ),
    ]
