"""The identification run becomes a kind of job (docs/jobs.md): «pending» is now «queued», `created_by` renamed
`requested_by`; stage, start time and the heartbeat (filled from `updated_at`) added. The approved-list constraint
keeps its condition: «approved» is the run's own state and did not change."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def forward(apps, schema_editor):
    Run = apps.get_model("identification", "Run")
    Run.objects.filter(state="pending").update(state="queued")
    Run.objects.update(heartbeat_at=F("updated_at"))


def backward(apps, schema_editor):
    apps.get_model("identification", "Run").objects.filter(state="queued").update(state="pending")


class Migration(migrations.Migration):

    dependencies = [
        ('identification', '0005_default_methodology_v3'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name='run', old_name='created_by', new_name='requested_by'),
        migrations.AddField(
            model_name='run',
            name='heartbeat_at',
            field=models.DateTimeField(default=django.utils.timezone.now, help_text='Обновляется при каждом сообщении о ходе работы.', verbose_name='последний признак работы'),
        ),
        migrations.AlterField(
            model_name='run',
            name='requested_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='запустил'),
        ),
        migrations.AddField(
            model_name='run',
            name='stage',
            field=models.CharField(blank=True, max_length=200, verbose_name='этап'),
        ),
        migrations.AddField(
            model_name='run',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='начато'),
        ),
        migrations.AlterField(
            model_name='run',
            name='error',
            field=models.TextField(blank=True, verbose_name='причина сбоя'),
        ),
        migrations.AlterField(
            model_name='run',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='завершено'),
        ),
        migrations.AlterField(
            model_name='run',
            name='state',
            field=models.CharField(choices=[('queued', 'в очереди'), ('running', 'считается'), ('done', 'готов'), ('failed', 'сбой'), ('approved', 'утверждён')], default='queued', max_length=20, verbose_name='состояние'),
        ),
        migrations.RunPython(forward, backward),
    ]
