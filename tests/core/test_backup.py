"""`hangviet backup` / `hangviet restore`: the database and every uploaded file, restored elsewhere intact.

A backup reads committed data (pg_dump is another process; SQLite's backup cannot run inside the test's
transaction), hence transactional tests. The restore runs as the operator runs it: a `hangviet restore`
process with a fresh var dir and, on PostgreSQL, a fresh database named after the test database.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hangviet.catalog.models import Product

# Uploaded files as they lie on disk: public media (product images, logos) and private files.
MEDIA = {
    "media/products/2026/05/mat-ong-u-minh.jpg": b"\xff\xd8\xff\xe0 not a real jpeg but bytes to compare",
    "media/logos/htx-dua-sap.png": b"\x89PNG\r\n\x1a\n logo",
    "private/ocop/dossiers/2026/12/x7Kq2.pdf": b"%PDF-1.7 dossier of a cooperative",
    "private/imports/2026/05/hang-hoa.xlsx": b"PK\x03\x04 spreadsheet",
}


@pytest.fixture
def var_files(settings, tmp_path):
    """Public media under tmp/media, private files under tmp/private, as MEDIA lists them."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    for name, content in MEDIA.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    return tmp_path


def _source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def restore_target(tmp_path):
    """The environment of a `hangviet restore` into a fresh var dir (and a fresh PostgreSQL database)."""
    fresh = tmp_path / "fresh"
    moved = {"DATABASE_URL", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"}
    env = {k: v for k, v in os.environ.items() if k not in moved}
    env.update(HANGVIET_VAR_DIR=str(fresh), DJANGO_SETTINGS_MODULE="hangviet.config.settings")
    if connection.vendor == "sqlite":
        yield env, fresh, lambda: _sqlite_counts(fresh / "hangviet.sqlite3")
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_restore"
    admin = dict(host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"], dbname="postgres")
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    try:
        yield env, fresh, lambda: _postgres_counts({**admin, "dbname": name})
    finally:
        with psycopg.connect(**admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        names = db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for (n,) in names.fetchall()}  # noqa: S608
    finally:
        db.close()


def _postgres_counts(params: dict) -> dict[str, int]:
    with psycopg.connect(**params) as db:
        tables = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for (t,) in tables}  # noqa: S608


def _restore(env: dict[str, str], archive: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "hangviet.config.cli", "restore", str(archive), *flags],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_restores_database_and_media_into_a_fresh_var_dir(f, var_files, restore_target, tmp_path):
    env, fresh, restored_counts = restore_target
    f.product(f.seller(), name="Mật ong U Minh", price_vnd=185000, stock=12)
    archive = tmp_path / "backups" / "hangviet.tar"

    call_command("backup", output=archive, stdout=io.StringIO())
    source = _source_counts()
    result = _restore(env, archive)

    assert result.returncode == 0, result.stderr
    assert restored_counts() == source
    assert source["catalog_product"] == 1
    for name, content in MEDIA.items():
        assert (fresh / name).read_bytes() == content, name
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["format_version"] == 1
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["catalog_product"] == 1
    assert manifest["files"]["media/private/ocop/dossiers/2026/12/x7Kq2.pdf"] == {
        "sha256": hashlib.sha256(MEDIA["private/ocop/dossiers/2026/12/x7Kq2.pdf"]).hexdigest(),
        "size": 33,
    }
    assert os.stat(archive).st_mode & 0o077 == 0  # personal data: readable by its owner only


@pytest.mark.django_db(transaction=True)
def test_restore_replaces_a_database_that_is_not_empty_only_when_forced(f, var_files, tmp_path):
    archive = tmp_path / "hangviet.tar"
    call_command("backup", output=archive, stdout=io.StringIO())
    f.product(f.seller(), name="Thêm sau khi sao lưu")

    with pytest.raises(CommandError, match=r"the database already has \d+ tables.*--force"):
        call_command("restore", archive)

    assert Product.objects.filter(name="Thêm sau khi sao lưu").exists()  # nothing was replaced

    call_command("restore", archive, force=True, stdout=io.StringIO())

    assert not Product.objects.filter(name="Thêm sau khi sao lưu").exists()  # back to the backup's state


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_whose_file_does_not_match_its_checksum(f, var_files, tmp_path):
    archive, altered = tmp_path / "hangviet.tar", tmp_path / "altered.tar"
    call_command("backup", output=archive, stdout=io.StringIO())
    with tarfile.open(archive) as source, tarfile.open(altered, "w") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "media/public/logos/htx-dua-sap.png":
                content = content.replace(b"logo", b"LOGO")
            target.addfile(member, io.BytesIO(content))

    with pytest.raises(CommandError, match=r"logos/htx-dua-sap\.png does not match its checksum"):
        call_command("restore", altered)


def test_backup_says_in_one_line_when_pg_dump_is_missing(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is used on PostgreSQL only; this leg's database is SQLite")
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CommandError, match=r"^pg_dump not found on PATH: install the PostgreSQL client"):
        call_command("backup", output=tmp_path / "x.tar", stdout=io.StringIO())
