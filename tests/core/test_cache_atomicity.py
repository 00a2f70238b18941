"""Every cache the platform configures counts and adds atomically across processes.

The default file cache (under var/), Redis (REDIS_URL; the local server at 127.0.0.1:6379, when it
answers) and, for the catalog versions, the database cache (hangviet.core.dbcache).
Processes, not threads: a cache shared by several app-server workers is the real case. The
children start from a fork server (a clean single-threaded process, not the test runner with its
threads), apply the test's cache settings and meet at a barrier, so their calls overlap.
"""

import multiprocessing
import os
import socket
import traceback
import uuid
import warnings
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from hangviet.catalog import versions
from hangviet.core import ratelimit

PROCESSES = 8
HITS_EACH = 40
LIMIT = 50
CONTESTED_KEYS = 30
FROZEN_NOW = 1_000_000.0

_processes = multiprocessing.get_context("forkserver")
_processes.set_forkserver_preload([__name__])  # each child forks from a server that imported this module

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_answers() -> bool:
    host, _, port = REDIS_URL.split("//", 1)[1].split("/", 1)[0].partition(":")
    try:
        socket.create_connection((host, int(port or 6379)), timeout=1).close()
    except OSError:
        return False
    return True


def _file_backend(tmp_path):
    return {"BACKEND": "hangviet.core.filecache.AtomicFileBasedCache", "LOCATION": str(tmp_path / "c")}


def _redis_backend(tmp_path):
    if not _redis_answers():
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 and no Redis answers at {REDIS_URL}")
        pytest.skip(f"no Redis answers at {REDIS_URL} (REQUIRE_REDIS=1 makes this a failure)")
    # A prefix of our own: the server may be shared, so the test never clears it (clear() is FLUSHDB).
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"hv-test-{uuid.uuid4().hex}",
    }


@pytest.fixture(params=[_file_backend, _redis_backend], ids=["file", "redis"])
def shared_cache(request, tmp_path, monkeypatch):
    """The settings of a cache every child uses; the test's own process uses it too. One rate window for
    the whole run, whatever the clock: crossing a window's end would start the counts again."""
    overrides = {"CACHES": {"default": request.param(tmp_path)}}
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: FROZEN_NOW))
    with override_settings(**overrides):
        yield overrides


@pytest.fixture
def file_cache(tmp_path):
    with override_settings(CACHES={"default": _file_backend(tmp_path)}):
        yield cache


def _child(overrides, target, barrier, results, args):
    try:
        # The test database's settings, for the database cache (the child has no test runner to set them).
        warnings.filterwarnings("ignore", "Overriding setting DATABASES")
        settings.DATABASE_ROUTERS  # noqa: B018 (loads the settings module under the overrides)
        ratelimit.time = SimpleNamespace(time=lambda: FROZEN_NOW)  # type: ignore[assignment]
        with override_settings(**overrides):
            results.put(("ok", target(barrier, *args)))
    except BaseException:
        results.put(("error", traceback.format_exc()))


def _in_processes(overrides, target, *args):
    """target(barrier, *args) in PROCESSES children at once, with `overrides` settings; what each returned."""
    barrier, results = _processes.Barrier(PROCESSES), _processes.Queue()
    children = [
        _processes.Process(target=_child, args=(overrides, target, barrier, results, args))
        for _ in range(PROCESSES)
    ]
    for child in children:
        child.start()
    collected = [results.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=60)
    for outcome in collected:
        assert outcome[0] == "ok", outcome[1]
    return [value for _ok, value in collected]


def _hammer(barrier, key, rate):
    barrier.wait(timeout=60)
    return sum(ratelimit.hit(key, rate) for _ in range(HITS_EACH))


def test_parallel_processes_lose_no_increment_and_let_exactly_the_limit_through(shared_cache):
    allowed = _in_processes(shared_cache, _hammer, "login:ip:203.0.113.9", f"{LIMIT}/300")
    assert sum(allowed) == 50
    assert ratelimit.count("login:ip:203.0.113.9", f"{LIMIT}/300") == 320  # 8 processes × 40 hits


def _add_each(barrier):
    barrier.wait(timeout=60)
    return [cache.add(f"contested:{i}", "mine", timeout=60) for i in range(CONTESTED_KEYS)]


def test_parallel_processes_add_a_key_exactly_once(shared_cache):
    wins = _in_processes(shared_cache, _add_each)
    assert [sum(column) for column in zip(*wins, strict=True)] == [1] * 30


def test_incr_keeps_the_expiry_and_refuses_a_missing_key(file_cache, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr("time.time", lambda: now[0])
    cache.add("n", 1, timeout=60)
    assert cache.incr("n") == 2
    assert cache.decr("n", 2) == 0
    now[0] += 59
    assert cache.incr("n") == 1
    now[0] += 2  # 61 s after the add: gone, whatever the increments did
    assert cache.get("n") is None
    with pytest.raises(ValueError):
        cache.incr("n")
    assert cache.delete("n") is False


def test_a_full_file_cache_drops_expired_entries_before_live_counters(tmp_path, monkeypatch):
    """Cached pages filling the cache must not reset a rate-limit counter while expired entries remain."""
    backend = {**_file_backend(tmp_path), "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 1}}
    now = [1_000_000.0]
    monkeypatch.setattr("time.time", lambda: now[0])
    with override_settings(CACHES={"default": backend}):
        assert ratelimit.hit("login:ip:203.0.113.9", "5/300")
        for i in range(9):
            cache.set(f"page:{i}", "<html>", timeout=60)  # ten entries: the cache is full
        now[0] += 61  # the pages have expired, the counter has not
        cache.set("page:new", "<html>", timeout=60)  # culls first
        assert ratelimit.count("login:ip:203.0.113.9", "5/300") == 1
        assert cache.get("page:new") == "<html>"


# --- Catalog versions: every cache the platform supports, the database cache included ---------------

BUMPS_EACH = 25


def _database_backend(tmp_path):
    return {"BACKEND": "hangviet.core.dbcache.AtomicDatabaseCache", "LOCATION": "hv_test_cache"}


@pytest.fixture(params=[_file_backend, _redis_backend, _database_backend], ids=["file", "redis", "database"])
def version_cache(request, tmp_path, transactional_db):
    """A shared cache for the catalog versions; the children use the test database (the database cache
    lives there), which is committed for them to see."""
    backend = request.param(tmp_path)
    overrides = {"CACHES": {"default": backend}, "DATABASES": {"default": dict(connection.settings_dict)}}
    with override_settings(CACHES=overrides["CACHES"]):
        if backend["BACKEND"].endswith("DatabaseCache"):
            call_command("createcachetable", verbosity=0)
        yield overrides


def _bump_product(barrier, product_id):
    barrier.wait(timeout=60)
    for _ in range(BUMPS_EACH):
        versions.catalog_changed(products=[product_id], listing=False)  # outside a transaction: 2 bumps
    return None


@pytest.mark.django_db(transaction=True)
def test_parallel_processes_lose_no_catalog_version_bump(version_cache):
    """A lost increment would let two writes leave the same version, and a page cached between them
    would outlive the second write."""
    name = versions.product_key(7)
    with override_settings(CACHES=version_cache["CACHES"]):
        (start,) = versions.versions([name])
        _in_processes(version_cache, _bump_product, 7)
        assert versions.versions([name]) == (start + PROCESSES * BUMPS_EACH * 2,)
