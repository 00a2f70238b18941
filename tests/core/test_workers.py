"""A task worker started again takes back the task its predecessor was running when it died."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hangviet.config.cli import _claim_worker_name
from hangviet.core.workers import take_back_abandoned_tasks, worker_id

EMAIL = "hangviet.orders.tasks.send_order_placed"


def _task(status: str, worker_ids: list[str], queue: str = "default") -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [7, [11, 12]], "kwargs": {}},
        task_path=EMAIL,
        queue_name=queue,
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
        worker_ids=worker_ids,
        exception_class_path="",
        traceback="",
    )


@pytest.mark.django_db
def test_a_restarted_worker_takes_back_what_its_predecessor_left_running():
    cut_short = _task("RUNNING", ["may-chu-0:default"])
    elsewhere = _task("RUNNING", ["may-chu-1:default"])  # another machine's worker: maybe still running it
    crashed_three_times = _task("RUNNING", ["may-chu-0:default"] * 3)
    other_queue = _task("RUNNING", ["may-chu-0:imports"], queue="imports")

    assert take_back_abandoned_tasks(worker_id="may-chu-0:default", queue="default") == (1, 1)

    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {
        cut_short.pk: "READY",
        elsewhere.pk: "RUNNING",
        crashed_three_times.pk: "FAILED",
        other_queue.pk: "RUNNING",
    }


def test_two_worker_supervisors_on_one_machine_get_different_worker_ids(tmp_path, monkeypatch):
    monkeypatch.delenv("HANGVIET_WORKER_NAME", raising=False)
    monkeypatch.setattr("socket.gethostname", lambda: "may-chu")

    _claim_worker_name(tmp_path)
    first = worker_id("default")
    monkeypatch.delenv("HANGVIET_WORKER_NAME")
    _claim_worker_name(tmp_path)  # the first one's lock is still held

    assert (first, worker_id("default")) == ("may-chu-0:default", "may-chu-1:default")
