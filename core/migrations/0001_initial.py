"""ImportJob, moved here from `schools`: on a database that has it, only the state moves (schools 0007
renamed the table to core_importjob) and its content type is relabelled, so permissions and audit entries follow."""

import core.storage
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="importjob").exists():
        ContentType.objects.filter(app_label="schools", model="importjob").update(app_label="core")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("schools", "0007_importjob_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='создано')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='изменено')),
                ('kind', models.CharField(max_length=40, verbose_name='вид данных')),
                ('file', models.FileField(storage=core.storage.private_storage, upload_to='imports/%Y/%m/', verbose_name='файл')),
                ('original_name', models.CharField(max_length=255, verbose_name='имя файла')),
                ('status', models.CharField(choices=[('validating', 'проверяется'), ('mapping', 'нужно сопоставить столбцы'), ('invalid', 'отклонён: есть ошибки'), ('ready', 'проверен, ждёт подтверждения'), ('applying', 'загружается'), ('done', 'загружен'), ('failed', 'сбой обработки')], default='validating', max_length=20, verbose_name='состояние')),
                ('total_rows', models.PositiveIntegerField(default=0, verbose_name='строк')),
                ('processed_rows', models.PositiveIntegerField(default=0, verbose_name='обработано строк')),
                ('summary', models.JSONField(blank=True, default=dict, verbose_name='итог')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='ошибки')),
                ('preview', models.JSONField(blank=True, default=list, verbose_name='предпросмотр')),
                ('mapping', models.JSONField(blank=True, default=dict, help_text='Наш столбец → столбец файла, для файлов с другими заголовками.', verbose_name='сопоставление столбцов')),
                ('file_header', models.JSONField(blank=True, default=list, verbose_name='заголовки файла')),
                ('options', models.JSONField(blank=True, default=dict, help_text='Куда загружать, для видов с целью загрузки (например, дорожная карта).', verbose_name='параметры')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='завершено')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='загрузил')),
            ],
            options={
                'verbose_name': 'импорт файла',
                'verbose_name_plural': 'импорт файлов',
                'ordering': ['-created_at'],
            },
        )]),
        migrations.RunPython(relabel_content_type, migrations.RunPython.noop),
    ]
