"""Dossier attachments become private: every existing file moves from MEDIA_ROOT (where /media/ served it
to anyone, under a name that followed the dossier id) to the private storage under a random name.

Reversible: the reversal moves the files back to the default storage (keeping their random names)."""

from django.db import migrations, models

import hangviet.core.files
from hangviet.core.files import private_file_migration


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
        private_file_migration("ocop", "DossierAttachment", "file"),
    ]
