"""A task backend that runs tasks in-process when the enqueuing transaction commits (the test suite's).

The services enqueue their follow-up tasks *inside* their transaction, so that with the database backend
(production) the task row commits or rolls back with the change: a committed order always has its email.
Django's ImmediateBackend would then run a task at once, before the commit: an email sent for an order
that may still roll back, read by a test as if it were real. This backend runs it when the transaction
commits instead, as a worker would see it (a worker cannot read the row before the commit), and never for
a transaction that rolls back. Outside any transaction of the code it runs the task at once, as Django's
does; a test case's own wrapping transaction counts as none (it stands for a request's autocommit).
"""

from functools import partial
from typing import Any

from django.db import transaction
from django.tasks import Task, TaskResult, TaskResultStatus
from django.tasks.backends.immediate import ImmediateBackend
from django.utils.crypto import get_random_string


class ImmediateOnCommitBackend(ImmediateBackend):
    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        result: TaskResult[Any, Any] = TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        run = partial(self._execute_task, result)  # type: ignore[attr-defined]  # ImmediateBackend's, unstubbed
        if any(not block._from_testcase for block in transaction.get_connection().atomic_blocks):
            transaction.on_commit(run)
        else:
            run()
        return result
