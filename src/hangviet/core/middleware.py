"""Middleware of the platform's own: rate limits on public endpoints, and 503 while the database is away.

Rate limits are declared once in settings.HANGVIET_RATE_LIMITS; each rule is (method, path regex,
rate "N/S"): the N+1th matching request from one client address within S seconds gets 429 with
Retry-After, before any view runs (a JSON problem under /api/, a short page elsewhere). Views with their
own, finer limits (login per identifier) keep them.
"""

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from hangviet.core import ratelimit
from hangviet.core.problems import API_PREFIX, problem_response

log = logging.getLogger(__name__)


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.rules = [
            (method.upper(), re.compile(pattern), ratelimit.parse_rate(rate), f"{method} {pattern}")
            for method, pattern, rate in getattr(settings, "HANGVIET_RATE_LIMITS", [])
        ]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for method, pattern, rate, name in self.rules:
            matches = request.method == method and pattern.match(request.path_info)
            if matches and not ratelimit.hit(f"{name}|{ratelimit.client_ip(request)}", rate):
                return self._too_many(request, rate.period)
        return self.get_response(request)

    @staticmethod
    def _too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
        detail = _("Bạn gửi quá nhiều yêu cầu; vui lòng thử lại sau ít phút.")
        response: HttpResponse
        if request.path_info.startswith(API_PREFIX):
            response = problem_response(429, "rate_limited", detail)
        else:
            response = render(request, "429.html", status=429)
        response["Retry-After"] = str(retry_after)
        return response


class DatabaseUnavailableMiddleware:
    """A request that finds the database gone (a restart, a failover, a connection dropped, SQLite busy
    past its timeout) is answered 503 with Retry-After, not 500: nothing was written (the request's
    transaction, if any, rolled back with the connection), so a client may simply try again."""

    RETRY_AFTER_SECONDS = 2

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
        detail = _("Hệ thống đang bận trong giây lát; vui lòng thử lại.")
        response: HttpResponse
        if request.path_info.startswith(API_PREFIX):
            response = problem_response(503, "service_unavailable", detail)
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
