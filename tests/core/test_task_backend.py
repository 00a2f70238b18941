"""The test suite's task backend runs a task when the transaction that enqueued it commits, never for
one that rolls back: tests see emails only for changes that would really have been committed."""

import pytest
from django.db import transaction
from django.tasks import task

pytestmark = pytest.mark.django_db

RAN: list[str] = []


class Crash(Exception):
    pass


@task
def remember(word: str) -> str:
    RAN.append(word)
    return word


@pytest.fixture(autouse=True)
def _forget():
    RAN.clear()


def test_the_suite_uses_the_on_commit_backend(settings):
    assert settings.TASKS["default"]["BACKEND"] == "hangviet.core.task_backends.ImmediateOnCommitBackend"


def test_a_task_enqueued_in_a_transaction_runs_at_its_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        result = remember.enqueue("committed")
        assert RAN == []  # not before the commit
    assert RAN == ["committed"] and result.return_value == "committed"


def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Crash), transaction.atomic():
        remember.enqueue("rolled back")
        raise Crash
    assert RAN == []


def test_outside_a_transaction_a_task_runs_at_once():
    # The test's own transaction stands for a request's autocommit: nothing of the code's is open.
    assert remember.enqueue("now").return_value == "now" and RAN == ["now"]
