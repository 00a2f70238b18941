"""Sellers' import files become private: every existing file moves from MEDIA_ROOT (where /media/ served it
to anyone) to the private storage under a random name keeping its checked extension (.xlsx or .csv, which
the importer reads), and each job records the content type it will be served with.

Reversible: the reversal moves the files back to the default storage (keeping their random names)."""

from django.core.files.storage import storages
from django.db import migrations, models

import hangviet.core.files
from hangviet.core.files import move_files, private_storage

# catalog.imports.XLSX_CONTENT_TYPE and CSV_CONTENT_TYPE when this migration was written; the extension
# was checked against the content at upload (catalog.imports.check_upload).
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def to_private(apps, schema_editor):
    model = apps.get_model("catalog", "ImportJob")
    alias = schema_editor.connection.alias
    jobs = model.objects.using(alias).filter(content_type="")
    jobs.filter(file__iendswith=".xlsx").update(content_type=XLSX)
    jobs.update(content_type=CSV)
    move_files(model, "file", source=storages["default"], target=private_storage(), using=alias)


def to_public(apps, schema_editor):
    model = apps.get_model("catalog", "ImportJob")
    alias = schema_editor.connection.alias
    move_files(model, "file", source=private_storage(), target=storages["default"], using=alias, rename=False)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_product_listing"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="content_type",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="file",
            field=models.FileField(
                storage=hangviet.core.files.private_storage,
                upload_to=hangviet.core.files.RandomName("imports/%Y/%m/"),
            ),
        ),
        migrations.RunPython(to_private, to_public),
    ]
