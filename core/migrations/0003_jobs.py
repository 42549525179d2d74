"""The import job becomes a kind of job (docs/jobs.md): `status` renamed `state` («validating» is now «running»),
`created_by` renamed `requested_by`; progress, stage, the failure text and the heartbeat added and filled from the
row's history (the heartbeat from `updated_at`, the failure text from the first error)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F

FINISHED_OR_WAITING = ("mapping", "question", "invalid", "ready", "done")


def forward(apps, schema_editor):
    ImportJob = apps.get_model("core", "ImportJob")
    ImportJob.objects.filter(state="validating").update(state="running")
    ImportJob.objects.update(heartbeat_at=F("updated_at"))
    ImportJob.objects.filter(state__in=FINISHED_OR_WAITING).update(progress=100)
    for job in ImportJob.objects.exclude(state__in=FINISHED_OR_WAITING).filter(total_rows__gt=0).only(
            "pk", "processed_rows", "total_rows"):
        ImportJob.objects.filter(pk=job.pk).update(progress=min(100, 100 * job.processed_rows // job.total_rows))
    for job in ImportJob.objects.filter(state="failed").only("pk", "errors"):
        if job.errors:
            ImportJob.objects.filter(pk=job.pk).update(error=job.errors[0].get("message", ""))


def backward(apps, schema_editor):
    ImportJob = apps.get_model("core", "ImportJob")
    ImportJob.objects.filter(state__in=("queued", "running")).update(state="validating")
    for job in ImportJob.objects.filter(state="failed").exclude(error="").only("pk", "errors", "error"):
        if not job.errors:
            ImportJob.objects.filter(pk=job.pk).update(
                errors=[{"row": None, "column": "", "value": "", "message": job.error}])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_importjob_needs_answer'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name='importjob', old_name='status', new_name='state'),
        migrations.RenameField(model_name='importjob', old_name='created_by', new_name='requested_by'),
        migrations.AddField(
            model_name='importjob',
            name='error',
            field=models.TextField(blank=True, verbose_name='причина сбоя'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='heartbeat_at',
            field=models.DateTimeField(default=django.utils.timezone.now, help_text='Обновляется при каждом сообщении о ходе работы.', verbose_name='последний признак работы'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='progress',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='готовность, %'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='stage',
            field=models.CharField(blank=True, max_length=200, verbose_name='этап'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='начато'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='requested_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='запустил'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='state',
            field=models.CharField(choices=[('queued', 'в очереди'), ('running', 'проверяется'), ('mapping', 'нужно сопоставить столбцы'), ('question', 'нужно уточнить'), ('invalid', 'отклонён: есть ошибки'), ('ready', 'проверен, ждёт подтверждения'), ('applying', 'загружается'), ('done', 'загружен'), ('failed', 'сбой обработки')], default='queued', max_length=20, verbose_name='состояние'),
        ),
        migrations.RunPython(forward, backward),
    ]
