"""The annual report becomes a kind of job (docs/jobs.md): the heartbeat added, filled from `updated_at` (which
its progress moved until now)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def forward(apps, schema_editor):
    apps.get_model("monitoring_reports", "AnnualReport").objects.update(heartbeat_at=F("updated_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring_reports', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='annualreport',
            name='heartbeat_at',
            field=models.DateTimeField(default=django.utils.timezone.now, help_text='Обновляется при каждом сообщении о ходе работы.', verbose_name='последний признак работы'),
        ),
        migrations.AlterField(
            model_name='annualreport',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='завершено'),
        ),
        migrations.AlterField(
            model_name='annualreport',
            name='requested_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='запустил'),
        ),
        migrations.AlterField(
            model_name='annualreport',
            name='stage',
            field=models.CharField(blank=True, max_length=200, verbose_name='этап'),
        ),
        migrations.AlterField(
            model_name='annualreport',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='начато'),
        ),
        migrations.AlterField(
            model_name='annualreport',
            name='state',
            field=models.CharField(choices=[('queued', 'в очереди'), ('running', 'формируется'), ('done', 'готов'), ('failed', 'сбой')], default='queued', max_length=20, verbose_name='состояние'),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
