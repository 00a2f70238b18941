"""Periodic tasks: enqueue each task of settings.HANGVIET_PERIODIC_TASKS once per interval.

Django Tasks has no scheduler; this small loop (run by `hangviet worker` beside the task worker) enqueues
a task at most once per time slot, using an atomic cache.add so two schedulers never double-enqueue.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


def enqueue_due(now: float | None = None) -> list[str]:
    """Enqueue every periodic task whose current slot has not been enqueued yet; return their paths."""
    now = time.time() if now is None else now
    enqueued = []
    for path, interval in getattr(settings, "HANGVIET_PERIODIC_TASKS", {}).items():
        slot = int(now // interval)
        if cache.add(f"hangviet:periodic:{path}:{slot}", 1, timeout=interval * 2):
            import_string(path).enqueue()
            enqueued.append(path)
    return enqueued


def run_forever(tick: float = 30.0) -> None:
    while True:
        try:
            for path in enqueue_due():
                log.info("enqueued periodic task %s", path)
        except Exception:  # the loop must survive a passing database or cache error
            log.exception("periodic scheduler tick failed")
        time.sleep(tick)
