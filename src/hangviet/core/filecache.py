"""Django's file cache with `add` and `incr` that hold across processes: the default cache without REDIS_URL.

Django's FileBasedCache does `add` as has_key-then-set and `incr` as get-then-set, so two workers can both
"add" the same key (the scheduler would enqueue a periodic task twice) and concurrent increments are lost
(a burst of wrong passwords slips past its rate limit). Here `add`, `incr`/`decr` and `delete` run under an
exclusive `flock` on one lock file in the cache directory: one read-modify-write at a time, across every
process and thread of the machine. Reads take no lock, and `set` stays as Django writes it (a temporary
file moved into place: readers never see half a value, the last writer wins).

When the cache is full, expired entries go first; Django's cull deletes a random third of the files, live
or not, which would reset rate-limit counters whenever cached pages fill the cache.
"""

import fcntl
import os
import pickle
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

LOCK_FILE = ".hangviet-cache.lock"  # not *.djcache: never listed, culled or cleared as an entry


class AtomicFileBasedCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._lock_dir = os.path.abspath(dir)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        os.makedirs(self._lock_dir, 0o700, exist_ok=True)  # the directory may have been deleted meanwhile
        fd = os.open(os.path.join(self._lock_dir, LOCK_FILE), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # each open() has its own lock: threads exclude each other too
            yield
        finally:
            os.close(fd)  # releases the lock

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        """Add `delta` to the stored number, keeping its expiry (Django's incr resets it to the default)."""
        with self._locked():
            fname = self._key_to_file(key, version)  # type: ignore[attr-defined]
            try:
                with open(fname, "rb") as f:
                    expiry = pickle.load(f)  # noqa: S301 (our own cache files, as Django's get reads them)
                    if expiry is not None and expiry < time.time():
                        f.close()
                        self._delete(fname)  # type: ignore[attr-defined]
                        raise ValueError(f"Key '{key}' not found.")
                    value = pickle.loads(zlib.decompress(f.read()))  # noqa: S301
            except (FileNotFoundError, EOFError):
                raise ValueError(f"Key '{key}' not found.") from None
            new_value = value + delta
            timeout = None if expiry is None else max(expiry - time.time(), 0.001)
            super().set(key, new_value, timeout, version)
            return new_value

    def _cull(self) -> None:
        files = self._list_cache_files()  # type: ignore[attr-defined]
        if len(files) < self._max_entries:  # type: ignore[attr-defined]
            return
        live = 0
        for fname in files:  # _is_expired deletes the file when it has expired
            try:
                with open(fname, "rb") as f:
                    live += not self._is_expired(f)  # type: ignore[attr-defined]
            except (FileNotFoundError, EOFError):
                continue
        if live >= self._max_entries:  # type: ignore[attr-defined]
            super()._cull()  # type: ignore[misc]

    def delete(self, key: Any, version: int | None = None) -> bool:
        with self._locked():
            return super().delete(key, version)
