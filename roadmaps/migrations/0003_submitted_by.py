import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_submitters(apps, schema_editor):
    """The sender of the last submission of each roadmap's current revision, from its workflow events."""
    Roadmap = apps.get_model("roadmaps", "Roadmap")
    WorkflowEvent = apps.get_model("roadmaps", "WorkflowEvent")
    for roadmap in Roadmap.objects.all().only("pk", "revision"):
        event = WorkflowEvent.objects.filter(roadmap_id=roadmap.pk, revision=roadmap.revision,
                                             action="submitted").order_by("-created_at", "-pk").first()
        if event is not None and event.actor_id:
            Roadmap.objects.filter(pk=roadmap.pk).update(submitted_by_id=event.actor_id)


class Migration(migrations.Migration):

    dependencies = [
        ('roadmaps', '0002_catalogues'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='roadmap',
            name='submitted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='отправил на согласование'),
        ),
        migrations.RunPython(fill_submitters, migrations.RunPython.noop),
    ]
