"""Task workers under a stable id, so that a worker started again takes back what its predecessor left.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: when that worker
dies (kill -9, the OOM killer, a lost database connection while it records the result) the task stays
RUNNING for ever and an order's email is never sent. `hangviet worker` runs one worker per queue under the
id "<worker name>:<queue>"; the same id comes back when the process (or the machine) starts again, and
before taking new work it returns to the queue the tasks its predecessor was running. That is "at least
once": an email whose sending was cut short may go twice. A task that has already taken MAX_ATTEMPTS
workers down with it is marked failed instead, so one poisonous task cannot crash a worker for ever.
"""

import logging
import os
import socket

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
WORKER_ID_LENGTH = 64  # django-tasks-db's limit


def worker_id(queue: str) -> str:
    """This machine's worker of `queue`: HANGVIET_WORKER_NAME (set by `hangviet worker`) or the host name."""
    name = os.environ.get("HANGVIET_WORKER_NAME") or socket.gethostname()
    return f"{name[: WORKER_ID_LENGTH - len(queue) - 1]}:{queue}"


def take_back_abandoned_tasks(*, worker_id: str, queue: str) -> tuple[int, int]:
    """Requeue the tasks a previous process with this id left RUNNING; fail those tried MAX_ATTEMPTS times.

    Returns (requeued, failed). Call it only from the process that now owns `worker_id`, before it claims
    anything: a task whose last claim is that id cannot be running anywhere else.
    """
    requeued = failed = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(
            status=TaskResultStatus.RUNNING, queue_name=queue
        )
        for task in running:
            if not task.worker_ids or task.worker_ids[-1] != worker_id:
                continue
            if len(task.worker_ids) >= MAX_ATTEMPTS:
                task.status = TaskResultStatus.FAILED
                task.finished_at = timezone.now()
                task.exception_class_path = f"{__name__}.WorkerStopped"
                task.traceback = f"the worker running this task stopped {len(task.worker_ids)} times"
                task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed += 1
            else:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                requeued += 1
    if requeued or failed:
        log.warning("%s: %d task(s) its previous run left requeued, %d failed", worker_id, requeued, failed)
    return requeued, failed
