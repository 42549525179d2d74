"""The 21 indicators of the municipal regulation's section 4 (docs/indicators.md) and the recommendation rules (monitoring.catalogue; `seed_demo` calls the same
function, so both are idempotent)."""

from django.db import migrations


def forward(apps, schema_editor):
    from monitoring.catalogue import ensure_catalogue

    ensure_catalogue(apps.get_model("monitoring", "Indicator"), apps.get_model("monitoring", "Rule"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
