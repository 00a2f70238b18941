"""Load the versioned OCOP rubrics (QĐ 148/QĐ-TTg sets and the older QĐ 1048/QĐ-TTg frame) from data files."""

from django.db import migrations


def load(apps, schema_editor):
    from hangviet.ocop.rubrics import load_rubrics

    load_rubrics(
        apps.get_model("ocop", "Rubric"),
        apps.get_model("ocop", "RubricPart"),
        apps.get_model("ocop", "Criterion"),
        apps.get_model("ocop", "ScoreSheet"),
    )


class Migration(migrations.Migration):
    dependencies = [("ocop", "0002_programme")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
