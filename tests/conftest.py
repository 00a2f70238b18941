import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests import factories


@pytest.fixture
def f():
    """The factories module, as a fixture: `f.seller()`, `f.product(...)`."""
    return factories


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Each test starts in the default language, whatever an earlier test in this worker activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached reads live in the cache: each test starts with an empty one."""
    cache.clear()
    yield


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def admin_officer(f, client):
    """An officer who may use the Django admin (is_staff), signed in on `client`."""
    user = f.officer(is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def database_tasks(settings):
    """Tasks go to the database backend, as in production: enqueue() writes a task row and runs nothing.
    Returns `queued(task_path)`: the args of the rows of that task visible now (this test's transaction)."""
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    def queued(task_path: str) -> list:
        rows = DBTaskResult.objects.filter(task_path=task_path).order_by("enqueued_at")
        return [row["args"] for row in rows.values_list("args_kwargs", flat=True)]

    return queued


def pytest_terminal_summary(terminalreporter):
    """The API fuzz's seed and time, so that a run can be replayed (FUZZ_SEED) and its cost seen."""
    reports = [
        r
        for outcome in ("passed", "failed")
        for r in terminalreporter.stats.get(outcome, [])
        if "test_api_fuzz.py" in getattr(r, "nodeid", "") and r.when == "call"
    ]
    if reports:
        from tests.config.fuzz_params import EXAMPLES, MODE, SEED

        terminalreporter.write_line(
            f"API fuzz: {len(reports)} operations, {sum(r.duration for r in reports):.0f} s of requests "
            f"(FUZZ_SEED={SEED} FUZZ_EXAMPLES={EXAMPLES} FUZZ_MODE={MODE})"
        )
