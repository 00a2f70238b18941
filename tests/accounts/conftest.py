from types import SimpleNamespace

import pytest
from django.core.cache import cache

from hangviet.core import ratelimit


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _one_rate_window(monkeypatch):
    """Every count of a test falls in one rate window: a test running across a window's end would see its
    counts start again (counters are per window), and pass or fail with the clock."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_000.0))
