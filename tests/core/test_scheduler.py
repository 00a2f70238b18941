"""The periodic-task scheduler enqueues each task once per slot: the database's unique row decides."""

import threading
from unittest import mock

import pytest
from django.db import connections
from django.test import override_settings

from hangviet.core import scheduler
from hangviet.core.models import PeriodicSlot

PATH = "tests.core.test_scheduler.fake_task"
fake_task = object()


@pytest.mark.django_db
@override_settings(HANGVIET_PERIODIC_TASKS={PATH: 3600})
def test_periodic_task_enqueued_once_per_slot():
    with mock.patch(PATH) as task:
        assert scheduler.enqueue_due(now=7200.0) == [PATH]
        assert scheduler.enqueue_due(now=7300.0) == []  # same hour: not again
        assert scheduler.enqueue_due(now=10800.0) == [PATH]
        assert task.enqueue.call_count == 2
    assert list(PeriodicSlot.objects.values_list("slot", flat=True).order_by("slot")) == [2, 3]


@pytest.mark.django_db
@override_settings(HANGVIET_PERIODIC_TASKS={PATH: 3600})
def test_a_failed_enqueue_leaves_the_slot_to_the_next_tick():
    with mock.patch(PATH) as task:
        task.enqueue.side_effect = RuntimeError("queue away")
        with pytest.raises(RuntimeError):
            scheduler.enqueue_due(now=7200.0)
        task.enqueue.side_effect = None
        assert scheduler.enqueue_due(now=7201.0) == [PATH]


@pytest.mark.django_db(transaction=True)
@override_settings(HANGVIET_PERIODIC_TASKS={PATH: 3600})
def test_concurrent_schedulers_enqueue_once_per_slot_without_any_cache():
    """Eight schedulers tick at the same moment, each with its own database connection, and no cache is
    involved (a dummy one): one enqueue per slot, over three slots."""
    schedulers = 8
    calls: list[str] = []
    lock = threading.Lock()

    class Task:
        @staticmethod
        def enqueue():
            with lock:
                calls.append("enqueued")

    results: list[list[str]] = []
    errors: list[BaseException] = []

    def tick(barrier: threading.Barrier, now: float) -> None:
        try:
            barrier.wait(timeout=30)
            got = scheduler.enqueue_due(now=now)
            with lock:
                results.append(got)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with mock.patch(PATH, Task), override_settings(CACHES=dummy):
        for now in (7200.0, 7300.0, 10800.0):
            barrier = threading.Barrier(schedulers)
            threads = [threading.Thread(target=tick, args=(barrier, now)) for _ in range(schedulers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
    assert not errors, errors
    assert len(results) == 3 * schedulers
    assert sum(len(r) for r in results) == 2  # slot 2 once (7200 and 7300), slot 3 once
    assert len(calls) == 2
