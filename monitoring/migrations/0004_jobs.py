"""The indicator recompute becomes a kind of job (docs/jobs.md): `started_by` renamed `requested_by`; stage, start
time, `updated_at` and the heartbeat added (the heartbeat of an old row: its end, or its start when it has none)."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Coalesce


def forward(apps, schema_editor):
    ComputeRun = apps.get_model("monitoring", "ComputeRun")
    ComputeRun.objects.update(heartbeat_at=Coalesce(F("finished_at"), F("created_at")))


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0003_derived_rows_for_bulk_load'),
    ]

    operations = [
        migrations.RenameField(
            model_name='computerun',
            old_name='started_by',
            new_name='requested_by',
        ),
        migrations.AddField(
            model_name='computerun',
            name='heartbeat_at',
            field=models.DateTimeField(default=django.utils.timezone.now, help_text='Обновляется при каждом сообщении о ходе работы.', verbose_name='последний признак работы'),
        ),
        migrations.AddField(
            model_name='computerun',
            name='stage',
            field=models.CharField(blank=True, max_length=200, verbose_name='этап'),
        ),
        migrations.AddField(
            model_name='computerun',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='начато'),
        ),
        migrations.AddField(
            model_name='computerun',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='изменено'),
        ),
        migrations.AlterField(
            model_name='computerun',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='создано'),
        ),
        migrations.AlterField(
            model_name='computerun',
            name='error',
            field=models.TextField(blank=True, verbose_name='причина сбоя'),
        ),
        migrations.AlterField(
            model_name='computerun',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='завершено'),
        ),
        migrations.AlterField(
            model_name='computerun',
            name='progress',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='готовность, %'),
        ),
        migrations.AlterField(
            model_name='computerun',
            name='state',
            field=models.CharField(choices=[('queued', 'в очереди'), ('running', 'считается'), ('done', 'готово'), ('failed', 'сбой')], default='queued', max_length=20, verbose_name='состояние'),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
