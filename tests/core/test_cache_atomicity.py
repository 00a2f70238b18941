"""Every cache the platform configures counts and adds atomically across processes.

The default file cache (under var/) and Redis (REDIS_URL; the local server at 127.0.0.1:6379, when it
answers). Processes, not threads: a cache shared by several app-server workers is the real case. Each
child is forked with the test's settings and meets the others at a barrier, so their calls overlap.
"""

import multiprocessing
import os
import socket
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings

from hangviet.core import ratelimit, scheduler

PROCESSES = 8
HITS_EACH = 40
LIMIT = 50
CONTESTED_KEYS = 30

_fork = multiprocessing.get_context("fork")


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
def shared_cache(request, tmp_path):
    with override_settings(CACHES={"default": request.param(tmp_path)}):
        yield cache


@pytest.fixture
def file_cache(tmp_path):
    with override_settings(CACHES={"default": _file_backend(tmp_path)}):
        yield cache


def _in_processes(target, *args):
    """Run target(barrier, results, *args) in PROCESSES forked children; the list of what each put."""
    barrier, results = _fork.Barrier(PROCESSES), _fork.Queue()
    children = [_fork.Process(target=target, args=(barrier, results, *args)) for _ in range(PROCESSES)]
    for child in children:
        child.start()
    collected = [results.get(timeout=60) for _ in children]
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    return collected


def _hammer(barrier, results, key, rate):
    barrier.wait(timeout=30)
    results.put(sum(ratelimit.hit(key, rate) for _ in range(HITS_EACH)))


def test_parallel_processes_lose_no_increment_and_let_exactly_the_limit_through(shared_cache):
    allowed = _in_processes(_hammer, "login:ip:203.0.113.9", f"{LIMIT}/300")
    assert sum(allowed) == 50
    assert ratelimit.count("login:ip:203.0.113.9", f"{LIMIT}/300") == 320  # 8 processes × 40 hits


def _add_each(barrier, results):
    barrier.wait(timeout=30)
    results.put([cache.add(f"contested:{i}", "mine", timeout=60) for i in range(CONTESTED_KEYS)])


def test_parallel_processes_add_a_key_exactly_once(shared_cache):
    wins = _in_processes(_add_each)
    assert [sum(column) for column in zip(*wins, strict=True)] == [1] * 30


class _Task:
    @staticmethod
    def enqueue():
        return None


periodic_task = _Task()


def _schedule(barrier, results):
    barrier.wait(timeout=30)
    results.put(scheduler.enqueue_due(now=7200.0))


@override_settings(HANGVIET_PERIODIC_TASKS={"tests.core.test_cache_atomicity.periodic_task": 3600})
def test_two_schedulers_enqueue_a_periodic_task_once_per_slot(shared_cache):
    enqueued = _in_processes(_schedule)
    assert sorted(enqueued, key=len) == [[]] * 7 + [["tests.core.test_cache_atomicity.periodic_task"]]


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
