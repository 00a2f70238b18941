"""Load Vietnam's administrative units (current and pre-July-2025) from core/data/admin_units.json.gz.

Idempotent: units already present are kept, so running it on a database that has them is harmless.
"""

from django.db import migrations


def load(apps, schema_editor):
    from hangviet.core.unit_data import load_admin_units

    load_admin_units(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_legacy_units"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop, elidable=False),
    ]
