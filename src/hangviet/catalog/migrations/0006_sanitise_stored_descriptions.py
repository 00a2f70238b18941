"""Descriptions an officer saved in the admin before it wrote through catalog.services were stored as
typed, and the product page renders the description as HTML: clean every stored description once, with
the rules of catalog.services.sanitize_description as they were when this migration was written.

Not reversible in content (the removed markup is gone); reversing it changes nothing."""

import nh3
from django.db import migrations

# catalog.services.ALLOWED_TAGS when this migration was written.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h3", "h4", "blockquote"}


def sanitise(apps, schema_editor):
    products = apps.get_model("catalog", "Product").objects.using(schema_editor.connection.alias)
    for pk, description in products.exclude(description="").values_list("pk", "description").iterator(2000):
        clean = nh3.clean(description, tags=ALLOWED_TAGS, attributes={}, link_rel=None).strip()
        if clean != description:
            products.filter(pk=pk).update(description=clean)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_private_import_files"),
    ]

    operations = [migrations.RunPython(sanitise, migrations.RunPython.noop)]
