"""Public reads from a PostgreSQL streaming replica (DATABASE_REPLICA_URL), everything else from the primary.

`ReplicaMiddleware` decides per request: a GET or HEAD on one of `HANGVIET_REPLICA_PATHS` (search,
product, shop and category pages, feeds, the resolver), from a client that has not written anything in the
last `HANGVIET_REPLICA_MAX_LAG_SECONDS`, reads from the replica while it answers and lags less than that.
Any other request, and every write, uses the primary; a write (any other method) sets a short cookie that
keeps the client's reads on the primary, so a seller sees their own change at once. A replica that stops
answering in the middle of a request makes the middleware run the (safe) request again on the primary.
Without DATABASE_REPLICA_URL the middleware does nothing.
"""

import contextvars
import logging
import re
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "hv_primary"
# Models read from the replica even on a public page: catalog content. Sessions, accounts, carts, orders and
# the task queue always come from the primary (a buyer's own data must never be stale).
REPLICA_APPS = frozenset(
    {"catalog", "sellers", "ocop", "trace", "promotion", "syndication", "network", "core", "contenttypes"}
)

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("hv_use_replica", default=False)
_health_lock = threading.Lock()
_health: dict[str, float | bool] = {"checked": 0.0, "ok": False}


def configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Reads of the catalog's models go to the replica while the current request allows it."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _use_replica.get() and model._meta.app_label in REPLICA_APPS:  # type: ignore[attr-defined]
            return REPLICA
        return "default"

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


def lag_seconds() -> float:
    """How far the replica is behind the primary (0 when it has replayed all it received)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
            "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
        )
        return float(cursor.fetchone()[0])


def replica_usable() -> bool:
    """Whether the replica answers and lags less than allowed: asked at most every
    HANGVIET_REPLICA_CHECK_SECONDS per process."""
    now = time.monotonic()
    if now - float(_health["checked"]) < settings.HANGVIET_REPLICA_CHECK_SECONDS:
        return bool(_health["ok"])
    with _health_lock:
        if now - float(_health["checked"]) < settings.HANGVIET_REPLICA_CHECK_SECONDS:
            return bool(_health["ok"])
        try:
            lag = lag_seconds()
            ok = lag <= settings.HANGVIET_REPLICA_MAX_LAG_SECONDS
            if not ok:
                log.warning("replica lags %.1f s: public reads go to the primary", lag)
        except (OperationalError, InterfaceError):
            log.warning("replica unavailable: public reads go to the primary")
            connections[REPLICA].close()  # a broken connection is not reused at the next check
            ok = False
        _health.update(checked=time.monotonic(), ok=ok)
        return ok


def mark_down() -> None:
    """Public reads go to the primary until the next check; the broken connection is dropped."""
    _health.update(checked=time.monotonic(), ok=False)
    connections[REPLICA].close()


@cache
def _public_paths(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def may_read_replica(request: HttpRequest) -> bool:
    """A safe request for a public page, from a client that has not just written."""
    return (
        request.method in ("GET", "HEAD")
        and PIN_COOKIE not in request.COOKIES
        and bool(_public_paths(tuple(settings.HANGVIET_REPLICA_PATHS)).match(request.path_info))
    )


class ReplicaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            return self.get_response(request)
        use = may_read_replica(request) and replica_usable()
        token = _use_replica.set(use)
        request.hv_read_replica = use  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            # The client's next reads come from the primary for as long as the replica may lag.
            max_age = max(1, int(settings.HANGVIET_REPLICA_MAX_LAG_SECONDS) + 1)
            response.set_cookie(PIN_COOKIE, "1", max_age=max_age, httponly=True, samesite="Lax")
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The replica went away during a public read: run the request again on the primary."""
        if not getattr(request, "hv_read_replica", False) or not isinstance(
            exception, OperationalError | InterfaceError
        ):
            return None
        log.warning("replica failed during %s: answered from the primary", request.path)
        mark_down()
        request.hv_read_replica = False  # type: ignore[attr-defined]
        token = _use_replica.set(False)
        try:
            return self.get_response(request)
        finally:
            _use_replica.reset(token)
