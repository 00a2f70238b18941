"""RFC 9457 problem details: the one shape of every error under /api/, and the middleware that keeps it so.

Every refusal of the API is a problem (`Content-Type: application/problem+json`): the handlers' errors
(config/api.py maps them), the edge's (core/edge.py), the rate limits' (core/middleware.py) and, through
`ApiProblemMiddleware`, whatever else Django answers under /api/ (an unknown path, a method the path does
not take, a server fault). `PROBLEM_SCHEMA` is the JSON Schema the OpenAPI document gives them all.
"""

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.parser import Parser

from hangviet.core.errors import DomainError, ValidationFailed

API_PREFIX = "/api/"
PROBLEM_JSON = "application/problem+json"

# Members of the problem (RFC 9457 §3.1 and the platform's `code`), then the extension members some codes
# add (§3.2); a client ignores the ones it does not know.
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem: `code` is stable (see docs/api.md), `detail` is for people.",
    "type": "object",
    "required": ["type", "title", "status", "code", "detail"],
    "properties": {
        "type": {"type": "string", "description": "`about:blank#<code>`"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": {"type": "string", "description": "stable, e.g. `validation_error`, `not_found`"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "one entry per field at fault",
            "items": {"$ref": "#/components/schemas/ProblemError"},
        },
        "scope": {"type": "string", "description": "`insufficient_scope`: the scope the token lacks"},
        "available": {"type": "integer", "description": "`insufficient_stock`: units in stock"},
        "checkout": {"type": "string", "description": "`cart_checked_out`: the checkout the cart made"},
        "orders": {
            "type": "array",
            "items": {"type": "string"},
            "description": "`cart_checked_out`: the codes of its orders",
        },
        "candidates": {
            "type": "array",
            "items": {"type": "object"},
            "description": "`ambiguous_unit`: the units that match",
        },
    },
    "additionalProperties": True,
}
PROBLEM_ERROR_SCHEMA: dict[str, Any] = {
    "title": "ProblemError",
    "type": "object",
    "required": ["field", "code", "message"],
    "properties": {
        "field": {
            "type": "string",
            "description": "where: `path`, `query.page`, `header.Idempotency-Key`, `body.items.0.product`",
        },
        "code": {"type": "string", "description": "why, stable: `int_parsing`, `less_than_equal`, …"},
        "message": {"type": "string"},
    },
    "additionalProperties": True,
}


def problem_body(
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"about:blank#{code}",
        "title": code.replace("_", " "),
        "status": status,
        "code": code,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    # Extension members (e.g. "available": 3 for insufficient stock); never the standard ones.
    body.update({k: v for k, v in (extra or {}).items() if k not in body})
    return body


def problem_response(
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
) -> JsonResponse:
    return JsonResponse(
        problem_body(status, code, detail, errors, extra), status=status, content_type=PROBLEM_JSON
    )


# What Django itself answers under /api/ outside the handlers, as problems.
_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    500: "server_error",
}
# Headers of the original answer a client still needs (405's Allow above all).
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")


def _detail(status: int) -> str:
    if status == 404:
        return _("Không có địa chỉ API này.")
    if status == 405:
        return _("Địa chỉ API này không nhận phương thức này.")
    if status >= 500:
        return _("Máy chủ gặp lỗi; lỗi đã được ghi lại.")
    return _("Yêu cầu không được chấp nhận.")


class ApiProblemMiddleware:
    """Under /api/, an error that is not yet a problem (Django's 404 page of an unknown path, the 405 of a
    method the path does not take, a 500 page, a CSRF 403) is answered as one; pages keep their HTML."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith(API_PREFIX)
            or response.get("Content-Type", "").split(";")[0].strip() == PROBLEM_JSON
        ):
            return response
        status = response.status_code
        problem = problem_response(status, _CODES.get(status, "http_error"), _detail(status))
        for header in _KEPT_HEADERS:
            if header in response:
                problem[header] = response[header]
        return problem


class MalformedJson(DomainError):
    code = "invalid_json"
    status = 400
    message = "JSON không hợp lệ."


class ObjectBodyParser(Parser):
    """The JSON body of every API operation is an object. ninja's Schema reads any value by attribute, so
    without this an array, a number or `null` sent to an operation whose fields are all optional (a PATCH)
    was read as an empty object and answered 200. Malformed JSON is 400 `invalid_json`; JSON that is not
    an object, 422 with `errors[0].code` `object_required`."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body)
        except ValueError:
            raise MalformedJson(_("Nội dung gửi lên không phải JSON hợp lệ."), field="body") from None
        if not isinstance(data, dict):
            message = _("Nội dung gửi lên phải là một đối tượng JSON ({…}).")
            raise ValidationFailed([{"field": "body", "code": "object_required", "message": message}])
        return data
