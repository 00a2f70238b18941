"""The catalog's change sequence: triggers on catalog_product and sellers_seller write a numbered
network_catalogchange row for every change of one of this node's own products (or of its seller), so
the catalog served to peers sees every way of writing (services, imports, stock moves, admin, demo).

Mirrored rows (home_node set) are not served again: a node serves only its own catalog.
On PostgreSQL each row records its transaction id (network/feed.py reads it to never skip a change).
A later migration that rebuilds catalog_product or sellers_seller on SQLite drops these triggers and must
run `install(schema_editor)` from this module again (tests/network/test_feed.py checks they exist).
"""

from django.db import migrations

SQLITE_INSTALL = [
    "DROP TRIGGER IF EXISTS network_change_product_ai",
    "DROP TRIGGER IF EXISTS network_change_product_au",
    "DROP TRIGGER IF EXISTS network_change_product_ad",
    "DROP TRIGGER IF EXISTS network_change_seller_au",
    "CREATE TRIGGER network_change_product_ai AFTER INSERT ON catalog_product "
    "WHEN new.home_node IS NULL BEGIN "
    "INSERT INTO network_catalogchange (product_id) VALUES (new.id); END",
    "CREATE TRIGGER network_change_product_au AFTER UPDATE ON catalog_product "
    "WHEN new.home_node IS NULL BEGIN "
    "INSERT INTO network_catalogchange (product_id) VALUES (new.id); END",
    "CREATE TRIGGER network_change_product_ad AFTER DELETE ON catalog_product "
    "WHEN old.home_node IS NULL BEGIN "
    "INSERT INTO network_catalogchange (product_id) VALUES (old.id); END",
    "CREATE TRIGGER network_change_seller_au AFTER UPDATE ON sellers_seller "
    "WHEN new.home_node IS NULL BEGIN "
    "INSERT INTO network_catalogchange (product_id) "
    "SELECT id FROM catalog_product WHERE seller_id = new.id; END",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS network_change_product_ai",
    "DROP TRIGGER IF EXISTS network_change_product_au",
    "DROP TRIGGER IF EXISTS network_change_product_ad",
    "DROP TRIGGER IF EXISTS network_change_seller_au",
]

POSTGRES_INSTALL = [
    "CREATE OR REPLACE FUNCTION network_change_product() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP = 'DELETE' THEN "
    "  IF OLD.home_node IS NULL THEN "
    "    INSERT INTO network_catalogchange (product_id, xid) VALUES (OLD.id, txid_current()); "
    "  END IF; RETURN OLD; "
    "END IF; "
    "IF NEW.home_node IS NULL THEN "
    "  INSERT INTO network_catalogchange (product_id, xid) VALUES (NEW.id, txid_current()); "
    "END IF; RETURN NEW; "
    "END $$",
    "DROP TRIGGER IF EXISTS network_change_product ON catalog_product",
    "CREATE TRIGGER network_change_product AFTER INSERT OR UPDATE OR DELETE ON catalog_product "
    "FOR EACH ROW EXECUTE FUNCTION network_change_product()",
    "CREATE OR REPLACE FUNCTION network_change_seller() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF NEW.home_node IS NULL THEN "
    "  INSERT INTO network_catalogchange (product_id, xid) "
    "  SELECT id, txid_current() FROM catalog_product WHERE seller_id = NEW.id; "
    "END IF; RETURN NEW; "
    "END $$",
    "DROP TRIGGER IF EXISTS network_change_seller ON sellers_seller",
    "CREATE TRIGGER network_change_seller AFTER UPDATE ON sellers_seller "
    "FOR EACH ROW EXECUTE FUNCTION network_change_seller()",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS network_change_product ON catalog_product",
    "DROP TRIGGER IF EXISTS network_change_seller ON sellers_seller",
    "DROP FUNCTION IF EXISTS network_change_product()",
    "DROP FUNCTION IF EXISTS network_change_seller()",
]

# Every product that exists before the triggers: one change each, so a peer's first pull gets them all.
BACKFILL = (
    "INSERT INTO network_catalogchange (product_id) "
    "SELECT id FROM catalog_product WHERE home_node IS NULL ORDER BY id"
)


def install(schema_editor) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    install(schema_editor)
    schema_editor.execute(BACKFILL)


def backwards(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
