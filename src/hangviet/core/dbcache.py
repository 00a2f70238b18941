"""Django's database cache with an `incr` that holds across processes.

Django's DatabaseCache increments as get-then-set: two workers bumping the same counter at once both write
the same number (a catalog version repeats, so a page cached between the two bumps stays stale). Here
`incr` runs in one transaction that first takes the row's write lock with a no-op UPDATE (a row lock on
PostgreSQL, the database's write lock on SQLite), then reads, adds and writes: one increment at a time.
`add` is already atomic (the key is the table's primary key: a second INSERT fails) for keys that never
expire, which is how the catalog versions and the scheduler's slots are written.

To use it: `CACHES = {"default": {"BACKEND": "hangviet.core.dbcache.AtomicDatabaseCache",
"LOCATION": "hangviet_cache"}}` and `hangviet createcachetable`.
"""

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, cache_key, value, expires = (
            quote(name)
            for name in (self._table, "cache_key", "value", "expires")  # type: ignore[attr-defined]
        )
        current = connection.ops.adapt_datetimefield_value(now().replace(microsecond=0))
        # Identifiers are quoted names of the cache table; every value is a parameter (hence S608).
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {expires} = {expires} WHERE {cache_key} = %s AND {expires} > %s",  # noqa: S608
                [key, current],
            )
            if cursor.rowcount != 1:
                raise ValueError(f"Key '{key}' not found.")
            cursor.execute(f"SELECT {value} FROM {table} WHERE {cache_key} = %s", [key])  # noqa: S608
            (stored,) = cursor.fetchone()
            new_value = pickle.loads(base64.b64decode(stored.encode(), validate=True)) + delta  # noqa: S301
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value} = %s WHERE {cache_key} = %s", [encoded, key])  # noqa: S608
        return new_value
