"""What every search reads, on catalog_product itself: is_listed and the place a product comes from.

`is_listed` (active, and its seller verified), `place_commune_code` and `place_province_code` (the origin
commune and its province, else the seller's) are kept by database triggers on catalog_product and
sellers_seller, so that every way of writing (services, imports' bulk_create, admin, the demo loader,
the bench generator) keeps them right, and a seller's verification lists all its products in the same
transaction. Search, facets and sorts then read one table through its indexes instead of joining the
seller and the communes for every match.

On PostgreSQL the text search reads a stored generated tsvector column (GIN-indexed): the bitmap heap
recheck reads it instead of recomputing to_tsvector() for every matching row.

The AddFields make SQLite rebuild catalog_product, which drops its triggers: all of them (the FTS ones
of 0003 and these) are installed again here. A later migration that rebuilds catalog_product or
sellers_seller on SQLite must call `install_sqlite(schema_editor)` from this module again
(tests/catalog/test_search.py checks the triggers exist).
"""

import importlib

from django.db import migrations, models

search_index = importlib.import_module("hangviet.catalog.migrations.0003_product_search_index")

_SQLITE_LISTING = (
    "UPDATE catalog_product SET "
    "is_listed = CASE WHEN catalog_product.status = 'active' AND s.status = 'verified' THEN 1 ELSE 0 END, "
    "place_commune_code = COALESCE(catalog_product.origin_commune_id, s.commune_id), "
    "place_province_code = COALESCE((SELECT c.province_id FROM core_commune c "
    "WHERE c.code = catalog_product.origin_commune_id), s.province_id) "
    "FROM sellers_seller s WHERE s.id = catalog_product.seller_id"
)

SQLITE_INSTALL = [
    "DROP TRIGGER IF EXISTS catalog_product_listing_ai",
    "DROP TRIGGER IF EXISTS catalog_product_listing_au",
    "DROP TRIGGER IF EXISTS sellers_seller_listing_au",
    # SQLite has no BEFORE trigger that may change NEW: the row is updated right after it is written.
    # The UPDATE sets none of the columns these triggers watch, so it does not fire them again.
    f"CREATE TRIGGER catalog_product_listing_ai AFTER INSERT ON catalog_product BEGIN "
    f"{_SQLITE_LISTING} AND catalog_product.id = new.id; END",
    f"CREATE TRIGGER catalog_product_listing_au AFTER UPDATE OF status, seller_id, origin_commune_id "
    f"ON catalog_product BEGIN {_SQLITE_LISTING} AND catalog_product.id = new.id; END",
    "CREATE TRIGGER sellers_seller_listing_au AFTER UPDATE OF status, commune_id, province_id "
    "ON sellers_seller WHEN old.status IS NOT new.status OR old.commune_id IS NOT new.commune_id "
    "OR old.province_id IS NOT new.province_id BEGIN "
    "UPDATE catalog_product SET "
    "is_listed = CASE WHEN status = 'active' AND new.status = 'verified' THEN 1 ELSE 0 END, "
    "place_commune_code = COALESCE(origin_commune_id, new.commune_id), "
    "place_province_code = COALESCE((SELECT c.province_id FROM core_commune c "
    "WHERE c.code = catalog_product.origin_commune_id), new.province_id) "
    "WHERE seller_id = new.id; END",
    _SQLITE_LISTING,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS catalog_product_listing_ai",
    "DROP TRIGGER IF EXISTS catalog_product_listing_au",
    "DROP TRIGGER IF EXISTS sellers_seller_listing_au",
]

POSTGRES_INSTALL = [
    "CREATE OR REPLACE FUNCTION catalog_product_listing() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "SELECT NEW.status = 'active' AND s.status = 'verified', "
    "COALESCE(NEW.origin_commune_id, s.commune_id), "
    "COALESCE((SELECT c.province_id FROM core_commune c WHERE c.code = NEW.origin_commune_id), s.province_id) "
    "INTO NEW.is_listed, NEW.place_commune_code, NEW.place_province_code "
    "FROM sellers_seller s WHERE s.id = NEW.seller_id; "
    "RETURN NEW; "
    "END $$",
    "DROP TRIGGER IF EXISTS catalog_product_listing ON catalog_product",
    "CREATE TRIGGER catalog_product_listing BEFORE INSERT OR UPDATE OF status, seller_id, origin_commune_id "
    "ON catalog_product FOR EACH ROW EXECUTE FUNCTION catalog_product_listing()",
    "CREATE OR REPLACE FUNCTION sellers_seller_listing() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "UPDATE catalog_product p SET "
    "is_listed = (p.status = 'active' AND NEW.status = 'verified'), "
    "place_commune_code = COALESCE(p.origin_commune_id, NEW.commune_id), "
    "place_province_code = COALESCE((SELECT c.province_id FROM core_commune c "
    "WHERE c.code = p.origin_commune_id), NEW.province_id) "
    "WHERE p.seller_id = NEW.id; "
    "RETURN NULL; "
    "END $$",
    "DROP TRIGGER IF EXISTS sellers_seller_listing ON sellers_seller",
    "CREATE TRIGGER sellers_seller_listing AFTER UPDATE OF status, commune_id, province_id "
    "ON sellers_seller FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status "
    "OR OLD.commune_id IS DISTINCT FROM NEW.commune_id OR OLD.province_id IS DISTINCT FROM NEW.province_id) "
    "EXECUTE FUNCTION sellers_seller_listing()",
    "UPDATE catalog_product p SET is_listed = (p.status = 'active' AND s.status = 'verified'), "
    "place_commune_code = COALESCE(p.origin_commune_id, s.commune_id), "
    "place_province_code = COALESCE((SELECT c.province_id FROM core_commune c "
    "WHERE c.code = p.origin_commune_id), s.province_id) "
    "FROM sellers_seller s WHERE s.id = p.seller_id",
    # The search reads this column (catalog.search._PG_TSV); the expression index of 0003 goes.
    "ALTER TABLE catalog_product ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, name_folded || ' ' || search_text)) STORED",
    "CREATE INDEX IF NOT EXISTS catalog_product_search_vector_gin ON catalog_product USING gin (search_vector)",
    "DROP INDEX IF EXISTS catalog_product_fts_gin",
    "ANALYZE catalog_product",
]
POSTGRES_REMOVE = [
    "CREATE INDEX IF NOT EXISTS catalog_product_fts_gin ON catalog_product USING gin "
    "(to_tsvector('simple'::regconfig, name_folded || ' ' || search_text))",
    "DROP INDEX IF EXISTS catalog_product_search_vector_gin",
    "ALTER TABLE catalog_product DROP COLUMN IF EXISTS search_vector",
    "DROP TRIGGER IF EXISTS sellers_seller_listing ON sellers_seller",
    "DROP FUNCTION IF EXISTS sellers_seller_listing()",
    "DROP TRIGGER IF EXISTS catalog_product_listing ON catalog_product",
    "DROP FUNCTION IF EXISTS catalog_product_listing()",
]


def install_sqlite(schema_editor) -> None:
    """Every trigger SQLite needs on catalog_product and sellers_seller (after a table rebuild too)."""
    search_index.install_sqlite(schema_editor)
    for sql in SQLITE_INSTALL:
        schema_editor.execute(sql)


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        install_sqlite(schema_editor)
    elif vendor == "postgresql":
        for sql in POSTGRES_INSTALL:
            schema_editor.execute(sql)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_REMOVE:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        for sql in POSTGRES_REMOVE:
            schema_editor.execute(sql)


def reinstall_search_triggers(apps, schema_editor):
    """Unapplying: the RemoveFields rebuilt the table again, dropping the FTS triggers of 0003."""
    if schema_editor.connection.vendor == "sqlite":
        search_index.install_sqlite(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_product_search_index"),
        ("sellers", "0001_initial"),
        ("core", "0003_load_admin_units"),
    ]
    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_search_triggers),
        migrations.AddField(
            model_name="product",
            name="is_listed",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="product",
            name="place_commune_code",
            field=models.CharField(default="", editable=False, max_length=5),
        ),
        migrations.AddField(
            model_name="product",
            name="place_province_code",
            field=models.CharField(default="", editable=False, max_length=2),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                fields=["is_listed", "category", "ocop_stars", "place_province_code"],
                name="product_listed_facets",
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["is_listed", "-ocop_stars", "-created_at"], name="product_listed_stars"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["is_listed", "price_vnd"], name="product_listed_price"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["is_listed", "-created_at"], name="product_listed_newest"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["is_listed", "place_province_code"], name="product_listed_province"),
        ),
        migrations.RunPython(install, remove),
    ]
