"""Backups: the database and every uploaded file (public and private media) in one tar archive.

The archive holds `database/…` (SQLite: a copy made with SQLite's online backup API; PostgreSQL: a
`pg_dump -Fc` dump), `media/public/…` (MEDIA_ROOT), `media/private/…` (PRIVATE_MEDIA_ROOT) and, last,
`manifest.json`: format version, engine, creation time, application version, the SHA-256 and size of every
other member, and the row count of every table as it was in the copy. Both copies are consistent while the
server runs: SQLite's backup reads one snapshot; pg_dump and the row counts share one exported snapshot.

A restore reads nothing into place before every member has been checked against the manifest, refuses a
database or media folder that already holds something unless forced, and checks the row counts after.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

FORMAT = "hangviet-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/hangviet.sqlite3", "postgresql": "database/hangviet.pgdump"}
CHUNK = 1024 * 1024
# Member names a manifest may list: the database file, or a file under one of the two media folders.
MEMBER_NAME = re.compile(r"^(database/hangviet\.(sqlite3|pgdump)|media/(public|private)/[^\x00]+)$")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one line for the operator."""


def media_roots() -> dict[str, Path]:
    """The folders of uploaded files, by their name in the archive."""
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", Path(settings.VAR_DIR) / "private")
    return {"public": Path(settings.MEDIA_ROOT), "private": Path(private)}


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def create_backup(*, output: Path, using: str = "default") -> dict[str, Any]:
    """Write the database and all media into the tar archive `output` (gzip when it ends in .gz/.tgz)."""
    connection = connections[using]
    engine = engine_of(connection)
    if connection.in_atomic_block:  # SQLite's backup would wait forever on the transaction's own lock
        raise BackupError("a backup cannot run inside a database transaction")
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(prefix=".hangviet-backup-", dir=output.parent) as work:
        dump = Path(work) / PurePosixPath(DATABASE_MEMBERS[engine]).name
        tables = _dump_sqlite(connection, dump) if engine == "sqlite" else _dump_postgresql(connection, dump)
        files: dict[str, dict[str, Any]] = {}
        # The archive holds personal data and every password hash: readable by its owner only.
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as raw:
            gzip = output.name.endswith((".gz", ".tgz"))
            with tarfile.open(fileobj=raw, mode="w:gz" if gzip else "w") as tar:
                files[DATABASE_MEMBERS[engine]] = _add_file(tar, dump, DATABASE_MEMBERS[engine])
                for label, root in media_roots().items():
                    for path in _files_under(root):
                        name = f"media/{label}/{path.relative_to(root).as_posix()}"
                        files[name] = _add_file(tar, path, name)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "engine": engine,
                    "created_at": timezone.localtime().isoformat(timespec="seconds"),
                    "app_version": metadata.version("hangviet"),
                    "database": DATABASE_MEMBERS[engine],
                    "tables": tables,
                    "files": files,
                }
                data = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
    os.replace(partial, output)
    return manifest


def restore_backup(*, archive: Path, force: bool = False, using: str = "default") -> dict[str, Any]:
    """Replace the database and the media folders with the archive's, after checking every member."""
    connection = connections[using]
    engine = engine_of(connection)
    roots = media_roots()
    var_dir = Path(settings.VAR_DIR)
    try:
        tar = tarfile.open(archive, "r:*")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"cannot read {archive}: {error}") from None
    with tar, tempfile.TemporaryDirectory(prefix=".hangviet-restore-", dir=var_dir) as work:
        manifest = _read_manifest(tar)
        if manifest["engine"] != engine:
            held = manifest["engine"]
            raise BackupError(f"the archive holds a {held} database; this platform uses {engine}")
        staged = Path(work)
        _extract_verified(tar, manifest, staged)
        if not force and (held := _what_is_held(connection, roots)):
            raise BackupError(f"{held}: a restore replaces them; run it again with --force to do so")
        dump = staged / manifest["database"]
        if engine == "sqlite":
            _restore_sqlite(connection, dump)
        else:
            _restore_postgresql(connection, dump, clean=force)
        for label, root in roots.items():
            _replace_folder(root, staged / "media" / label)
    counts = _row_counts(connection)
    if wrong := sorted(table for table, rows in manifest["tables"].items() if counts.get(table) != rows):
        raise BackupError(f"row counts differ from the manifest after the restore in: {', '.join(wrong)}")
    return manifest


# Writing ----------------------------------------------------------------------------------------------


class _HashingReader:
    """Reads a file for tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with open(path, "rb") as stream:
        info = tar.gettarinfo(arcname=name, fileobj=stream)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(stream)
        tar.addfile(info, reader)  # type: ignore[arg-type]  # tarfile only calls read()
    return {"sha256": reader.sha256.hexdigest(), "size": info.size}


def _files_under(root: Path) -> Iterator[Path]:
    """Regular files under `root` (symbolic links are not followed: they could lead out of it)."""
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _dump_sqlite(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one consistent snapshot, even while others write
        return _sqlite_counts(copy)
    finally:
        copy.close()


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    names = [row[0] for row in db.execute(query)]
    return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in sorted(names)}  # noqa: S608


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} not found on PATH: install the PostgreSQL client tools "
            "(the server's major version or newer, e.g. apt install postgresql-client)"
        )
    return path


def _libpq_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The environment that points pg_dump/pg_restore at the database (no password on the command line)."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, value in (
        ("PGDATABASE", params["NAME"]),
        ("PGUSER", params.get("USER")),
        ("PGPASSWORD", params.get("PASSWORD")),
        ("PGHOST", params.get("HOST")),
        ("PGPORT", params.get("PORT")),
        ("PGSSLMODE", params.get("OPTIONS", {}).get("sslmode")),
        ("PGSSLROOTCERT", params.get("OPTIONS", {}).get("sslrootcert")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _run_pg_tool(argv: list[str], connection: BaseDatabaseWrapper) -> None:
    result = subprocess.run(argv, env=_libpq_env(connection), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        first = next((line for line in result.stderr.splitlines() if line.strip()), "no message")
        raise BackupError(f"{Path(argv[0]).name} failed: {first}")


def _dump_postgresql(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    import psycopg

    pg_dump = _pg_tool("pg_dump")
    params = connection.get_connection_params()  # type: ignore[attr-defined]
    # pg_dump reads the snapshot this transaction exports, so the row counts describe the dump exactly.
    with psycopg.connect(**params) as snapshot_holder, snapshot_holder.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]  # type: ignore[index]
        counts = _pg_counts(cursor)
        argv = [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        _run_pg_tool([*argv, "-f", str(target)], connection)
    return counts


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT schemaname, tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
    )
    return [table if schema == "public" else f"{schema}.{table}" for schema, table in cursor.fetchall()]


def _pg_counts(cursor: Any) -> dict[str, int]:
    counts = {}
    for table in _pg_tables(cursor):
        quoted = ".".join('"' + part.replace('"', '""') + '"' for part in table.split(".", 1))
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 (names read from the catalog)
        counts[table] = cursor.fetchone()[0]
    return counts


# Reading ----------------------------------------------------------------------------------------------


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
        stream = tar.extractfile(member)
        manifest = json.loads(stream.read()) if stream else None
    except (KeyError, ValueError, tarfile.TarError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a HàngViệt backup (no readable manifest.json)")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"backup format version {manifest.get('format_version')} is not {FORMAT_VERSION}: "
            "restore it with the version of HàngViệt that wrote it"
        )
    files = manifest.get("files")
    if (
        manifest.get("engine") not in DATABASE_MEMBERS
        or not isinstance(files, dict)
        or manifest.get("database") not in files
    ):
        raise BackupError("the manifest names no database file")
    for name in manifest["files"]:
        parts = PurePosixPath(name).parts
        if not MEMBER_NAME.match(name) or ".." in parts or "." in parts or name.endswith("/"):
            raise BackupError(f"the manifest lists a file outside the database and media folders: {name!r}")
    return manifest


def _extract_verified(tar: tarfile.TarFile, manifest: dict[str, Any], staged: Path) -> None:
    """Copy every member the manifest lists into `staged`, checking its size and SHA-256; nothing else."""
    files: dict[str, dict[str, Any]] = manifest["files"]
    seen = set()
    for member in tar.getmembers():
        if member.name == MANIFEST:
            continue
        if member.name not in files or not member.isfile():
            raise BackupError(f"the archive holds {member.name!r}, which its manifest does not list")
        expected = files[member.name]
        target = staged / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        stream = tar.extractfile(member)
        assert stream is not None
        with open(target, "wb") as out:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if member.size != expected["size"] or digest.hexdigest() != expected["sha256"]:
            raise BackupError(f"{member.name} does not match its checksum: the archive is damaged or altered")
        seen.add(member.name)
    if missing := sorted(set(files) - seen):
        raise BackupError(f"the archive lacks {len(missing)} file(s) its manifest lists, e.g. {missing[0]}")


def _what_is_held(connection: BaseDatabaseWrapper, roots: dict[str, Path]) -> str:
    """What the target already holds that a restore would replace ("" when nothing)."""
    held = []
    tables = connection.introspection.table_names()
    if tables:
        held.append(f"the database already has {len(tables)} tables")
    for root in roots.values():
        if count := sum(1 for _ in _files_under(root)):
            held.append(f"{root} holds {count} file(s)")
    return "; ".join(held)


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        # Through the backup API, not a file copy: the target's WAL and locks are honoured.
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path, clean: bool) -> None:
    pg_restore = _pg_tool("pg_restore")
    connection.close()
    argv = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        argv += ["--clean", "--if-exists"]
    _run_pg_tool([*argv, "-d", connection.settings_dict["NAME"], str(dump)], connection)


def _row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    with connection.cursor() as cursor:
        return _pg_counts(cursor)


def _replace_folder(root: Path, staged: Path) -> None:
    """Put the restored files at `root`, removing what was there (a restore replaces, never merges)."""
    root.parent.mkdir(parents=True, exist_ok=True)
    old = root.with_name(f".{root.name}.before-restore")
    if old.exists():
        shutil.rmtree(old)
    if root.exists():
        os.replace(root, old)
    if staged.is_dir():
        shutil.move(staged, root)
    else:
        root.mkdir()
    if old.exists():
        shutil.rmtree(old)


def describe(manifest: dict[str, Any]) -> str:
    """One line about an archive: engine, tables, rows, files and when it was made."""
    media = sum(1 for name in manifest["files"] if name.startswith("media/"))
    rows = sum(manifest["tables"].values())
    return (
        f"{manifest['engine']} database ({len(manifest['tables'])} tables, {rows} rows), "
        f"{media} media file(s), made {manifest['created_at']} by HàngViệt {manifest['app_version']}"
    )
