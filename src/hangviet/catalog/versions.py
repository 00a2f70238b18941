"""The catalog version: a number every catalog write changes, part of the key of every cached catalog read.

A cached search result or product page is keyed by the version current when it was made; a write
changes the version, so the next read misses and recomputes: nothing stale is served after a write,
whatever the time-to-live. Writes call `catalog_changed()`, which bumps the version at once (a read
later in the same transaction sees its own write) and again after the commit (a read made by another
request between the first bump and the commit saw the old rows and cached them under the new version).
"""

import hashlib
import time

from django.core.cache import cache
from django.db import connection, transaction


def _key() -> str:
    # Two databases may share one cache (tests, bench, several sites on one Redis): one version each.
    name = str(connection.settings_dict.get("NAME") or "")
    return "catalog:version:" + hashlib.sha1(f"{connection.alias}:{name}".encode()).hexdigest()[:12]  # noqa: S324


def _fresh() -> int:
    # A lost key (evicted, culled by the file cache, cache cleared) restarts from the clock, never from a
    # number that an older entry may still carry.
    return time.time_ns() // 1000


def catalog_version() -> int:
    """The current version (creating it if the cache lost it)."""
    key = _key()
    version = cache.get(key)
    if version is None:
        cache.add(key, _fresh(), timeout=None)
        version = cache.get(key) or _fresh()
    return int(version)


def bump_catalog_version() -> None:
    key = _key()
    try:
        cache.incr(key)
    except ValueError:  # not there: any fresh value differs from every version already used
        cache.set(key, _fresh(), timeout=None)


def catalog_changed() -> None:
    """Call after any write that changes what the public catalog shows (product, price, stock, seller...)."""
    bump_catalog_version()
    transaction.on_commit(bump_catalog_version)
