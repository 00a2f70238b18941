"""Full-text search over the folded product text: FTS5 on SQLite, unaccent + pg_trgm + tsvector on PostgreSQL.

The folded columns (name_folded, search_text) are computed in Python by catalog.services, so the index
reads them as they are. On SQLite the FTS5 table is kept in sync by triggers on catalog_product; a later
migration that makes SQLite rebuild catalog_product drops those triggers and must call
`install_sqlite(schema_editor)` again (tests/catalog/test_search_index.py checks they exist).
"""

from django.db import migrations

SQLITE_INSTALL = [
    # External content: the FTS table stores only the index; rows come from catalog_product.
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_fts USING fts5("
    "name_folded, search_text, content='catalog_product', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_fts_vocab USING fts5vocab(catalog_product_fts, col)",
    "DROP TRIGGER IF EXISTS catalog_product_fts_ai",
    "DROP TRIGGER IF EXISTS catalog_product_fts_ad",
    "DROP TRIGGER IF EXISTS catalog_product_fts_au",
    "CREATE TRIGGER catalog_product_fts_ai AFTER INSERT ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(rowid, name_folded, search_text) "
    "VALUES (new.id, new.name_folded, new.search_text); END",
    "CREATE TRIGGER catalog_product_fts_ad AFTER DELETE ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(catalog_product_fts, rowid, name_folded, search_text) "
    "VALUES ('delete', old.id, old.name_folded, old.search_text); END",
    "CREATE TRIGGER catalog_product_fts_au AFTER UPDATE OF name_folded, search_text ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(catalog_product_fts, rowid, name_folded, search_text) "
    "VALUES ('delete', old.id, old.name_folded, old.search_text); "
    "INSERT INTO catalog_product_fts(rowid, name_folded, search_text) "
    "VALUES (new.id, new.name_folded, new.search_text); END",
    "INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('rebuild')",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS catalog_product_fts_ai",
    "DROP TRIGGER IF EXISTS catalog_product_fts_ad",
    "DROP TRIGGER IF EXISTS catalog_product_fts_au",
    "DROP TABLE IF EXISTS catalog_product_fts_vocab",
    "DROP TABLE IF EXISTS catalog_product_fts",
]

POSTGRES_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() is STABLE (it reads a dictionary by search_path); with the dictionary schema-qualified
    # the result is fixed, so this wrapper may be IMMUTABLE and used in index expressions.
    "CREATE OR REPLACE FUNCTION hangviet_fold(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
    "$$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, translate($1, 'đĐ', 'dD'))) $$",
    "CREATE INDEX IF NOT EXISTS catalog_product_fts_gin ON catalog_product USING gin "
    "(to_tsvector('simple'::regconfig, name_folded || ' ' || search_text))",
    "CREATE INDEX IF NOT EXISTS catalog_product_name_fold_trgm ON catalog_product USING gin "
    "(hangviet_fold(name) gin_trgm_ops)",
]
POSTGRES_REMOVE = [
    "DROP INDEX IF EXISTS catalog_product_name_fold_trgm",
    "DROP INDEX IF EXISTS catalog_product_fts_gin",
    "DROP FUNCTION IF EXISTS hangviet_fold(text)",
]


def install_sqlite(schema_editor) -> None:
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
    statements = {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_ocop_categories")]
    operations = [migrations.RunPython(install, remove)]
