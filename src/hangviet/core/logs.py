"""Logs a machine can read: a request id on every record written while a request runs, one JSON object
per line in production, an access line per request, and errors sent to Sentry when SENTRY_DSN is set.

The id is the caller's `X-Request-ID` when it is sane (a proxy's or a client's, so one request can be
followed across systems), else a new one; it is echoed in the response's `X-Request-ID` header, so a
client that reports a failure with that id leads to its log lines (and to its Sentry event).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings import this module (Sentry): no Django import at module level
    from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}")  # what proxies and tracers send

# (request id, method, path) of the request this thread or task is serving; None outside a request.
_current: ContextVar[tuple[str, str, str] | None] = ContextVar("hangviet_request", default=None)

access_log = logging.getLogger("hangviet.request")


def current_request_id() -> str | None:
    current = _current.get()
    return current[0] if current else None


def request_id_from(header: str | None) -> str:
    """The caller's id when it is sane (a letter or digit, then those and `._:=+/-`, at most 128
    characters), else a new one."""
    if header and _SANE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request an id (request.request_id, the log records' request_id, the X-Request-ID
    response header) and writes one access line with its method, path, status and duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set((request_id, request.method or "", request.path))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _current.reset(token)


class RequestContextFilter(logging.Filter):
    """Adds request_id, method and path of the current request (None outside one) to every record.

    Django logs a 4xx after the middleware has returned, with the request on the record: that one's."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        current: tuple[str | None, str | None, str | None] | None = _current.get()
        if current is None and hasattr(request, "request_id"):
            current = (request.request_id, request.method, request.path)  # type: ignore[union-attr]
        request_id, method, path = current or (None, None, None)
        for name, value in (("request_id", request_id), ("method", method), ("path", path)):
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


class TextFormatter(logging.Formatter):
    """`LEVEL logger: message`, prefixed with `[request id]` during a request (development)."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        request_id = getattr(record, "request_id", None)
        return f"[{request_id}] {line}" if request_id else line


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, request_id, method and
    path (null outside a request), status and duration_ms on access lines, the traceback as `exception`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "method": getattr(record, "method", None),
            "path": getattr(record, "path", None),
        }
        for name in ("status", "duration_ms"):
            if (value := getattr(record, name, None)) is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def init_sentry(dsn: str) -> bool:
    """Sends errors to Sentry when sentry-sdk is installed (an optional extra: `pip install
    'hangviet[sentry]'`); False when it is not (the `hangviet.W001` check says so)."""
    try:
        import sentry_sdk
    except ImportError:
        return False
    sentry_sdk.init(dsn=dsn, send_default_pii=False, traces_sample_rate=0.0)
    return True
