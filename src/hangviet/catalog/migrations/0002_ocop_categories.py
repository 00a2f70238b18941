from django.db import migrations


def seed(apps, schema_editor):
    from hangviet.catalog.categories import load_ocop_categories

    load_ocop_categories(apps.get_model("catalog", "Category"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
