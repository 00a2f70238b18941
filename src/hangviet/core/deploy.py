"""The production profile: what several app servers behind a load balancer need, checked before they start.

With `HANGVIET_ENV=production` the server, the worker and the WSGI application refuse to start on a
configuration that would silently assume one machine (one line each, `unsafe_configuration`), and
`hangviet check --deploy` lists the same lines as errors in any profile. `HANGVIET_INSTANCES` says how
many app servers share the database (1 by default: one machine may keep SQLite, files and a file cache).
"""

import sys

from django.conf import settings

# Caches that live inside one machine (a file under var/, a process's memory): each instance has its own.
LOCAL_CACHES = frozenset(
    {
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "hangviet.core.filecache.AtomicFileBasedCache",
    }
)
LOCAL_STORAGES = frozenset({"django.core.files.storage.FileSystemStorage"})


def is_production() -> bool:
    return getattr(settings, "HANGVIET_ENV", "development") == "production"


def unsafe_configuration() -> list[str]:
    """Every reason this configuration is unsafe for production, one line each (empty: none)."""
    problems = []
    instances = int(getattr(settings, "HANGVIET_INSTANCES", 1))
    if getattr(settings, "SECRET_KEY_GENERATED", False):
        problems.append(
            "SECRET_KEY is not set: a key generated into var/ differs per machine "
            "(set SECRET_KEY, the same on every instance)"
        )
    if settings.DEBUG:
        problems.append("DEBUG is on: error pages would show settings and code (set DEBUG=false)")
    if instances > 1:
        cache = settings.CACHES["default"]["BACKEND"]
        if cache in LOCAL_CACHES:
            problems.append(
                f"HANGVIET_INSTANCES={instances} without a shared cache: each instance would keep its own "
                "catalog versions and rate limits (set REDIS_URL)"
            )
        if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
            problems.append(
                f"HANGVIET_INSTANCES={instances} with SQLite: the database is a file on one machine "
                "(set DATABASE_URL to PostgreSQL)"
            )
        local = [
            name
            for name in ("default", "private")
            if settings.STORAGES.get(name, {}).get("BACKEND") in LOCAL_STORAGES
        ]
        if local:
            problems.append(
                f"HANGVIET_INSTANCES={instances} with media on local disk ({', '.join(local)}): a file "
                "uploaded on one instance is missing on the others (set HANGVIET_S3_BUCKET)"
            )
    return problems


def refuse_unsafe_start() -> None:
    """In production, exit with one line per unsafe setting; elsewhere do nothing."""
    if not is_production():
        return
    if problems := unsafe_configuration():
        for problem in problems:
            print(f"hangviet: refusing to start in production: {problem}", file=sys.stderr)
        raise SystemExit(2)
