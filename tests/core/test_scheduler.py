from unittest import mock

from django.test import override_settings

from hangviet.core import scheduler


@override_settings(HANGVIET_PERIODIC_TASKS={"tests.core.test_scheduler.fake_task": 3600})
def test_periodic_task_enqueued_once_per_slot():
    with mock.patch("tests.core.test_scheduler.fake_task") as task:
        assert scheduler.enqueue_due(now=7200.0) == ["tests.core.test_scheduler.fake_task"]
        assert scheduler.enqueue_due(now=7300.0) == []  # same hour: not again
        assert scheduler.enqueue_due(now=10800.0) == ["tests.core.test_scheduler.fake_task"]
        assert task.enqueue.call_count == 2


fake_task = object()
