"""Periodic tasks: enqueue each task of settings.HANGVIET_PERIODIC_TASKS once per interval.

Django Tasks has no scheduler; this small loop (run by `hangviet worker` beside the task worker) enqueues
a task at most once per time slot. The database decides: the scheduler inserts a row (task, slot) under a
unique constraint and enqueues in the same transaction, so of several schedulers (one per `hangviet
worker`, on one machine or several) exactly one wins each slot, whatever the cache; a failed enqueue rolls
the row back and the next tick tries again.
"""

import logging
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from hangviet.core.models import PeriodicSlot

log = logging.getLogger(__name__)


def enqueue_due(now: float | None = None) -> list[str]:
    """Enqueue every periodic task whose current slot has not been enqueued yet; return their paths."""
    now = time.time() if now is None else now
    enqueued = []
    for path, interval in getattr(settings, "HANGVIET_PERIODIC_TASKS", {}).items():
        slot = int(now // interval)
        if PeriodicSlot.objects.filter(task=path, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                PeriodicSlot.objects.create(task=path, slot=slot)
                import_string(path).enqueue()
        except IntegrityError:
            continue  # another scheduler took this slot
        PeriodicSlot.objects.filter(task=path, slot__lt=slot - 1).delete()
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
