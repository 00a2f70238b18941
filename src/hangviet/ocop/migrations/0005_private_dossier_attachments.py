"""Dossier attachments become private: every existing file moves from MEDIA_ROOT (where /media/ served it
to anyone, under a name that followed the dossier id) to the private storage under a random name.

Reversible: the reversal moves the files back to the default storage (keeping their random names)."""

from django.core.files.storage import storages
from django.db import migrations, models

import hangviet.core.files
from hangviet.core.files import move_files, private_storage


def to_private(apps, schema_editor):
    model = apps.get_model("ocop", "DossierAttachment")
    alias = schema_editor.connection.alias
    move_files(model, "file", source=storages["default"], target=private_storage(), using=alias)


def to_public(apps, schema_editor):
    model = apps.get_model("ocop", "DossierAttachment")
    alias = schema_editor.connection.alias
    move_files(model, "file", source=private_storage(), target=storages["default"], using=alias, rename=False)


class Migration(migrations.Migration):
    dependencies = [
        ("ocop", "0004_criterion_source_ref"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossierattachment",
            name="original_name",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name="dossierattachment",
            name="file",
            field=models.FileField(
                storage=hangviet.core.files.private_storage,
                upload_to=hangviet.core.files.RandomName("ocop/dossiers/%Y/%m/"),
            ),
        ),
        migrations.RunPython(to_private, to_public),
    ]
