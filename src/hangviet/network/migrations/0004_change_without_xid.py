"""The change sequence no longer records PostgreSQL transaction ids: network/feed.py now finds the safe
head with a short SHARE lock instead (a transaction id does not order commits). The PostgreSQL trigger
functions are replaced first, then the column goes."""

from django.db import migrations

POSTGRES = [
    "CREATE OR REPLACE FUNCTION network_change_product() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP = 'DELETE' THEN "
    "  IF OLD.home_node IS NULL THEN "
    "    INSERT INTO network_catalogchange (product_id) VALUES (OLD.id); "
    "  END IF; RETURN OLD; "
    "END IF; "
    "IF NEW.home_node IS NULL THEN "
    "  INSERT INTO network_catalogchange (product_id) VALUES (NEW.id); "
    "END IF; RETURN NEW; "
    "END $$",
    "CREATE OR REPLACE FUNCTION network_change_seller() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF NEW.home_node IS NULL THEN "
    "  INSERT INTO network_catalogchange (product_id) "
    "  SELECT id FROM catalog_product WHERE seller_id = NEW.id; "
    "END IF; RETURN NEW; "
    "END $$",
]


def forwards(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("network", "0003_orders")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="catalogchange", name="xid"),
    ]
