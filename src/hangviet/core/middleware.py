"""Rate limits on public endpoints, declared once in settings.HANGVIET_RATE_LIMITS.

Each rule is (method, path regex, rate "N/S"): the N+1th matching request from one client address within
S seconds gets 429 with Retry-After, before any view runs (a JSON problem under /api/, a short page
elsewhere). Views with their own, finer limits (login per identifier) keep them.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from hangviet.core import ratelimit
from hangviet.core.problems import API_PREFIX, problem_response


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
            response = HttpResponse(f"<!doctype html><title>429</title><p>{detail}</p>", status=429)
        response["Retry-After"] = str(retry_after)
        return response
