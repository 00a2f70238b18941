"""Settings for the test suite: the real database engine of settings.py, tasks run inline, fast hashing."""

import atexit
import shutil
import tempfile
from pathlib import Path

from hangviet.config.settings import *  # noqa: F403

# Tasks run in-process, when the transaction that enqueued them commits and never for one that rolls back
# (services enqueue inside their transaction: with Django's ImmediateBackend an email would go out before
# the commit, even for a change that then rolls back). Tests that read emails capture the commit
# (django_capture_on_commit_callbacks); tests of the production queue use the `database_tasks` fixture.
TASKS = {"default": {"BACKEND": "hangviet.core.task_backends.ImmediateOnCommitBackend"}}
TASKS["default"]["QUEUES"] = TASK_QUEUES  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="hangviet-media-"))
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="hangviet-private-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The public rate limits are tested on their own (tests/core/test_rate_limit_middleware.py); elsewhere many
# requests come from one test client address.
HANGVIET_RATE_LIMITS = []

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not an in-memory database: the race tests (checkout, booths) need connections from several
    # threads to share one database. pytest-django adds the xdist worker's suffix to the name.
    # (Measured: no slower than in memory.) The directory goes when the run ends.
    _db_dir = tempfile.mkdtemp(prefix="hangviet-test-db-")
    atexit.register(shutil.rmtree, _db_dir, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(Path(_db_dir) / "test.sqlite3")}  # noqa: F405
