"""MoU scans become private: every existing PDF moves from MEDIA_ROOT (where /media/ served it to anyone)
to the private storage under a random name.

Reversible: the reversal moves the files back to the default storage (keeping their random names)."""

from django.core.files.storage import storages
from django.db import migrations, models

import hangviet.core.files
from hangviet.core.files import move_files, private_storage


def to_private(apps, schema_editor):
    model = apps.get_model("promotion", "Mou")
    alias = schema_editor.connection.alias
    move_files(model, "document", source=storages["default"], target=private_storage(), using=alias)


def to_public(apps, schema_editor):
    model = apps.get_model("promotion", "Mou")
    alias = schema_editor.connection.alias
    move_files(
        model, "document", source=private_storage(), target=storages["default"], using=alias, rename=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("promotion", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mou",
            name="document",
            field=models.FileField(
                blank=True,
                storage=hangviet.core.files.private_storage,
                upload_to=hangviet.core.files.RandomName("promotion/mous/%Y/"),
                verbose_name="bản scan (PDF)",
            ),
        ),
        migrations.RunPython(to_private, to_public),
    ]
