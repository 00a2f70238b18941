"""MoU scans become private: every existing PDF moves from MEDIA_ROOT (where /media/ served it to anyone)
to the private storage under a random name.

Reversible: the reversal moves the files back to the default storage (keeping their random names)."""

from django.db import migrations, models

import hangviet.core.files
from hangviet.core.files import private_file_migration


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
        private_file_migration("promotion", "Mou", "document"),
    ]
