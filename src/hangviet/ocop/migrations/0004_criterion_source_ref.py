"""Each criterion says where it comes from (`source_ref`); reload the rubric files that carry it.

Rubrics already scored on are left as they are (rubrics.load_rubrics): their sheets keep their criteria.
"""

from django.db import migrations, models


def reload(apps, schema_editor):
    from hangviet.ocop.rubrics import load_rubrics

    load_rubrics(
        apps.get_model("ocop", "Rubric"),
        apps.get_model("ocop", "RubricPart"),
        apps.get_model("ocop", "Criterion"),
        apps.get_model("ocop", "ScoreSheet"),
    )


class Migration(migrations.Migration):
    dependencies = [("ocop", "0003_load_rubrics")]

    operations = [
        migrations.AddField(
            model_name="criterion",
            name="source_ref",
            field=models.CharField(blank=True, max_length=300, verbose_name="trích dẫn nguồn"),
        ),
        migrations.RunPython(reload, migrations.RunPython.noop),
    ]
