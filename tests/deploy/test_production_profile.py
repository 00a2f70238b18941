"""HANGVIET_ENV=production refuses each configuration that would assume one machine, one line each, and
`hangviet check --deploy` lists the same lines."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from hangviet.core.deploy import refuse_unsafe_start, unsafe_configuration

# The settings are only read here, never used to connect: Django's warning about overriding them is moot.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

SRC = Path(__file__).resolve().parents[2] / "src"
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x/7"}}
FILE_CACHE = {"default": {"BACKEND": "hangviet.core.filecache.AtomicFileBasedCache", "LOCATION": "var/c"}}
POSTGRES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "hv"}}
SQLITE = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3"}}
S3 = {
    "default": {"BACKEND": "hangviet.core.s3.AppServedS3Storage"},
    "private": {"BACKEND": "storages.backends.s3.S3Storage"},
}
DISK = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
SAFE = {
    "HANGVIET_ENV": "production",
    "HANGVIET_INSTANCES": 2,
    "SECRET_KEY_GENERATED": False,
    "DEBUG": False,
    "CACHES": REDIS,
    "DATABASES": POSTGRES,
    "STORAGES": S3,
}


def _refusal(capsys, **changes) -> list[str]:
    """The lines refuse_unsafe_start prints for SAFE with `changes` (and that it exits with 2)."""
    with override_settings(**{**SAFE, **changes}), pytest.raises(SystemExit) as exit_:
        refuse_unsafe_start()
    assert exit_.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert all(line.startswith("hangviet: refusing to start in production: ") for line in lines)
    return lines


def test_a_safe_configuration_starts(capsys):
    with override_settings(**SAFE):
        refuse_unsafe_start()
        assert unsafe_configuration() == []
    assert capsys.readouterr().err == ""


def test_without_a_set_secret_key(capsys):
    (line,) = _refusal(capsys, SECRET_KEY_GENERATED=True)
    assert "SECRET_KEY is not set" in line


def test_with_debug_on(capsys):
    (line,) = _refusal(capsys, DEBUG=True)
    assert "DEBUG is on" in line


def test_several_instances_without_a_shared_cache(capsys):
    (line,) = _refusal(capsys, CACHES=FILE_CACHE)
    assert "HANGVIET_INSTANCES=2 without a shared cache" in line and "REDIS_URL" in line


def test_sqlite_beside_several_instances(capsys):
    (line,) = _refusal(capsys, DATABASES=SQLITE)
    assert "HANGVIET_INSTANCES=2 with SQLite" in line


def test_media_on_local_disk_beside_several_instances(capsys):
    (line,) = _refusal(capsys, STORAGES=DISK)
    assert "with media on local disk (default, private)" in line and "HANGVIET_S3_BUCKET" in line


def test_one_instance_may_keep_sqlite_files_and_the_file_cache(capsys):
    one = {"HANGVIET_INSTANCES": 1, "CACHES": FILE_CACHE, "DATABASES": SQLITE, "STORAGES": DISK}
    with override_settings(**{**SAFE, **one}):
        refuse_unsafe_start()


def test_outside_production_nothing_is_refused(capsys):
    with override_settings(**{**SAFE, "HANGVIET_ENV": "development", "DEBUG": True}):
        refuse_unsafe_start()


def _hangviet(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "hangviet.config.cli", *argv],
        env={**clean, "PYTHONPATH": str(SRC), "HANGVIET_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_server_and_the_worker_refuse_and_check_deploy_lists_why(tmp_path):
    """The real commands, configured from the environment as an operator would."""
    env = {"HANGVIET_ENV": "production", "HANGVIET_INSTANCES": "3"}
    served = _hangviet(tmp_path, "serve", "--port", "18799", **env)
    assert served.returncode == 2, served.stderr
    refused = [line for line in served.stderr.splitlines() if "refusing to start" in line]
    assert len(refused) == 4, served.stderr  # secret key, cache, SQLite, media
    worker = _hangviet(tmp_path, "worker", **env)
    assert worker.returncode == 2 and worker.stderr.count("refusing to start") == 4
    # check --deploy, in any profile: the same four as errors.
    checked = _hangviet(tmp_path, "check", "--deploy", HANGVIET_INSTANCES="3")
    assert checked.returncode == 1
    assert checked.stderr.count("hangviet.E100") == 4, checked.stderr
    for words in ("SECRET_KEY is not set", "without a shared cache", "with SQLite", "media on local disk"):
        assert words in checked.stderr
