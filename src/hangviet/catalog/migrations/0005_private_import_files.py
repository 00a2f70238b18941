"""Sellers' import files become private: every existing file moves from MEDIA_ROOT (where /media/ served it
to anyone) to the private storage under a random name keeping its checked extension (.xlsx or .csv, which
the importer reads), and each job records the content type it will be served with.

Reversible: the reversal moves the files back to the default storage (keeping their random names); the
content types stay recorded until the field is removed."""

from django.db import migrations, models

import hangviet.core.files
from hangviet.core.files import private_file_migration

# catalog.imports.XLSX_CONTENT_TYPE and CSV_CONTENT_TYPE when this migration was written; the extension
# was checked against the content at upload (catalog.imports.check_upload).
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def record_content_types(apps, schema_editor):
    jobs = apps.get_model("catalog", "ImportJob").objects.using(schema_editor.connection.alias)
    jobs.filter(content_type="", file__iendswith=".xlsx").update(content_type=XLSX)
    jobs.filter(content_type="").update(content_type=CSV)


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
        migrations.RunPython(record_content_types, migrations.RunPython.noop),
        private_file_migration("catalog", "ImportJob", "file"),
    ]
