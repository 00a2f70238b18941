"""The JSON API: one NinjaAPI, routers from each app, errors as JSON problems (RFC 9457) mapped once.

Authentication (bearer API tokens and their scopes) lives in hangviet.accounts.auth: the rooms import it
from there, never from here, since this module imports every room's router.
"""

import re
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from hangviet.accounts.auth import ANY_SCOPE, InsufficientScope, TokenAuth
from hangviet.core.errors import DomainError, ValidationFailed
from hangviet.core.problems import (
    PROBLEM_ERROR_SCHEMA,
    PROBLEM_JSON,
    PROBLEM_SCHEMA,
    ObjectBodyParser,
    problem_response,
)

# The problems each kind of operation can answer, derived from what the operation declares (see
# `_ContractSchema.problem_statuses`); the codes named are the stable ones of docs/api.md.
PROBLEM_RESPONSES = {
    400: "Refused at the edge: a control character in the path, a query parameter, a header or the body "
    "(`invalid_characters`), a number no database holds (`invalid_number`), JSON nested too deep "
    "(`nesting_too_deep`), too many fields or a malformed body; a body that is not JSON (`invalid_json`); "
    "or, for EPCIS, a document the standard refuses (`epcis_invalid`).",
    401: "No valid API token (`unauthenticated`, with `WWW-Authenticate: Bearer`), or a bad signature.",
    403: "The token lacks the operation's scope (`insufficient_scope`, `scope` names it) or its user may "
    "not do this (`permission_denied`).",
    404: "Nothing at this path for this caller (`not_found`, or a finer code such as `unit_not_found`).",
    409: "The request breaks a rule of the platform and changed nothing (`insufficient_stock`, "
    "`invalid_transition`, `cart_checked_out`, `out_of_stock`, `price_changed`, …).",
    413: "The body is larger than its bound (`body_too_large`).",
    422: "Malformed input (`validation_error`; `errors[].field` is the path, `errors[].code` says why).",
    429: "Too many requests from this address (`rate_limited`); `Retry-After` says when to try again.",
    503: "The database is away for a moment (a restart, a failover): nothing was changed "
    "(`service_unavailable`); try again after `Retry-After` seconds.",
}
_WRITES = {"post", "put", "patch", "delete"}
# A parameter schema that accepts any text: no request can fail its validation.
_ANY_TEXT_KEYS = {"type", "title", "description", "default", "examples"}


def _accepts_any_text(parameter: dict[str, Any]) -> bool:
    schema = parameter.get("schema", {})
    return schema.get("type") == "string" and set(schema) <= _ANY_TEXT_KEYS


class _ContractSchema(OpenAPISchema):
    """The OpenAPI document as a contract a client (and schemathesis) can hold the API to:

    - every operation lists the problems it can answer (`PROBLEM_RESPONSES`), each as the one `Problem`
      schema under application/problem+json, derived from what the operation declares: every operation
      can meet the edge (400) and a database restart (503, core.middleware.DatabaseUnavailableMiddleware);
      a token → 401, and 403 when the token needs a scope; path parameters → 404; a body → 413; a body or
      a parameter that can fail validation → 422; a write → 409 (domain rules); a path limited in
      settings.HANGVIET_RATE_LIMITS → 429; and any error status the handler names in its `response={…}`
      or `openapi_extra["responses"]` (the webhook's 401 for a bad signature);
    - each token-authenticated operation's security requirement names its scope;
    - a parameter's examples are an OpenAPI map of Example Objects (a field's JSON-Schema list is not);
    - two different schemas may not share a component name (one would silently replace the other).
    """

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        details: dict[str, Any] = super().operation_details(operation)
        responses: dict[Any, Any] = details["responses"]
        # A response content given in openapi_extra replaces ninja's default media type (EPCIS answers
        # application/ld+json), rather than adding to it.
        extra_responses = {int(k): v for k, v in (operation.openapi_extra or {}).get("responses", {}).items()}
        for status, extra in extra_responses.items():
            if "content" in extra:
                responses.setdefault(status, {"description": HTTPStatus(status).phrase})["content"] = extra[
                    "content"
                ]
        token_auth = any(isinstance(a, TokenAuth) for a in operation.auth_callbacks)
        for status in self.problem_statuses(operation, details):
            responses.pop(str(status), None)
            responses[status] = self.problem_response(
                status, extra_responses.get(status, {}).get("description")
            )
            if status == 401 and token_auth:
                responses[status]["headers"] = {
                    "WWW-Authenticate": {
                        "description": "`Bearer`",
                        "schema": {"type": "string"},
                        "required": True,
                    }
                }
        details["responses"] = dict(sorted(responses.items(), key=lambda item: int(item[0])))
        return details

    def problem_statuses(self, operation: Operation, details: dict[str, Any]) -> set[int]:
        statuses = {400, 503} | {int(s) for s in details["responses"] if int(s) >= 400}
        tokens = [a for a in operation.auth_callbacks if isinstance(a, TokenAuth)]
        if tokens:
            statuses.add(401)
        if any(a.scope != ANY_SCOPE for a in tokens):
            statuses.add(403)
        parameters = details.get("parameters", [])
        if any(p["in"] == "path" for p in parameters):
            statuses.add(404)
        if "requestBody" in details:
            statuses |= {413, 422}
        if any((p["in"] != "path" and p.get("required")) or not _accepts_any_text(p) for p in parameters):
            statuses.add(422)
        if _WRITES & {m.lower() for m in operation.methods}:
            statuses.add(409)
        return statuses

    @staticmethod
    def problem_response(status: int, description: str | None = None) -> dict[str, Any]:
        response: dict[str, Any] = {
            "description": description or PROBLEM_RESPONSES.get(status, HTTPStatus(status).phrase),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        if status in {429, 503}:
            response["headers"] = {
                "Retry-After": {"description": "seconds", "schema": {"type": "string"}, "required": True}
            }
        return response

    def get_paths(self) -> dict[str, Any]:
        paths: dict[str, Any] = super().get_paths()
        limited = [(m.lower(), re.compile(p)) for m, p, _rate in settings.HANGVIET_RATE_LIMITS]
        for path, operations in paths.items():
            for method, details in operations.items():
                if any(m == method and pattern.match(path) for m, pattern in limited):
                    details["responses"][429] = self.problem_response(429)
                    details["responses"] = dict(sorted(details["responses"].items(), key=lambda i: int(i[0])))
        return paths

    def get_components(self) -> dict[str, Any]:
        components: dict[str, Any] = super().get_components()
        self.add_schema_definitions({"Problem": PROBLEM_SCHEMA, "ProblemError": PROBLEM_ERROR_SCHEMA})
        return components

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        scopes = [
            str(a.scope)
            for a in operation.auth_callbacks
            if isinstance(a, TokenAuth) and a.scope != ANY_SCOPE
        ]
        for requirement in security or []:
            if "TokenAuth" in requirement:
                requirement["TokenAuth"] = scopes
        return security

    def _extract_parameters(self, model: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._extract_parameters(model)
        for parameter in parameters:
            if isinstance(parameter.get("examples"), list):  # OAS 3.1 §4.8.12.1: a map of Example Objects
                parameter["examples"] = {
                    f"example{i}": {"value": value} for i, value in enumerate(parameter["examples"], 1)
                }
        return parameters

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if self.schemas.get(name, definition) != definition:
                shapes = [sorted(d.get("properties", {})) for d in (self.schemas[name], definition)]
                raise ImproperlyConfigured(
                    f"Two API schemas are named {name!r}, with the fields {shapes[0]} and {shapes[1]}: one "
                    "would replace the other in the OpenAPI document; rename one."
                )
        super().add_schema_definitions(definitions)


class _API(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _ContractSchema(self, path_prefix)


class _Docs(Swagger):
    """Swagger UI from our own static files, in a page that says its language (ninja's has no `lang`)."""

    template = "core/api_docs.html"


api = _API(
    title="HàngViệt API",
    docs=_Docs(),
    version="1",
    description="API của sàn thương mại điện tử tỉnh cho sản phẩm OCOP và hàng Việt. Lỗi trả về dạng "
    "application/problem+json với `code` ổn định và `errors[].field` chỉ đường dẫn trường.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=ObjectBodyParser(),
)


def problem(
    request: HttpRequest,
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return problem_response(status, code, detail, errors, extra)


def _loc_to_field(loc: tuple[Any, ...] | list[Any]) -> str:
    """ninja's error location as a field path: ("query", "page") → "query.page"; for a body, ninja also
    names the handler's parameter (("body", "body", "price_vnd")), which the client never sees: dropped."""
    parts = [str(part) for part in loc]
    if len(parts) >= 3 and parts[0] == "body":
        del parts[1]
    return ".".join(parts)


@api.exception_handler(NinjaValidationError)
def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {
            "field": _loc_to_field(e.get("loc", ())),
            "code": str(e.get("type", "invalid")),
            "message": str(e.get("msg")),
        }
        for e in exc.errors
    ]
    return problem(request, 422, "validation_error", "Tham số hoặc dữ liệu không hợp lệ.", errors)


def _request_field(request: HttpRequest, field: str | None) -> str:
    """A service's field name as the client's field path: "price_vnd" → "body.price_vnd" (or "query.…")."""
    where = "body" if request.method in {"POST", "PUT", "PATCH"} else "query"
    if not field or field == "__all__":
        return where
    return field if field.split(".", 1)[0] in {"body", "query", "path", "header"} else f"{where}.{field}"


@api.exception_handler(ValidationFailed)
def _validation_failed(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    errors = [{**e, "field": _request_field(request, e.get("field"))} for e in exc.errors]
    return problem(request, exc.status, exc.code, exc.message, errors)


@api.exception_handler(DjangoValidationError)
def _django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {
                "field": _request_field(request, field),
                "code": e.code or "invalid",
                "message": " ".join(e.messages),
            }
            for field, errs in exc.error_dict.items()
            for e in errs
        ]
    else:
        errors = [
            {
                "field": _request_field(request, None),
                "code": e.code or "invalid",
                "message": " ".join(e.messages),
            }
            for e in exc.error_list
        ]
    return problem(request, 422, "validation_error", "Dữ liệu không hợp lệ.", errors)


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    message = str(exc.message)
    errors = (
        [{"field": _request_field(request, exc.field), "code": exc.code, "message": message}]
        if exc.field
        else None
    )
    return problem(request, exc.status, exc.code, message, errors, exc.details)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "not_found", "Không tìm thấy.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(
        request, 403, "permission_denied", str(exc) or "Bạn không có quyền thực hiện thao tác này."
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(request, 401, "unauthenticated", "Cần khoá API hợp lệ (Authorization: Bearer …).")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(InsufficientScope)
def _insufficient_scope(request: HttpRequest, exc: InsufficientScope) -> HttpResponse:
    """A valid token without the operation's scope (RFC 6750 §3.1)."""
    response = problem(request, exc.status, exc.code, str(exc.message), extra=exc.details)
    response["WWW-Authenticate"] = f'Bearer error="insufficient_scope", scope="{exc.scope}"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, DomainError):  # ninja wraps what its body parser raises (ObjectBodyParser)
        return api.on_exception(request, exc.__cause__)
    return problem(request, exc.status_code, "http_error", str(exc))


def _register_routers() -> None:
    from hangviet.catalog.api import router as catalog_router
    from hangviet.core.api import router as core_router
    from hangviet.ocop.api import router as ocop_router
    from hangviet.orders.api import router as orders_router
    from hangviet.promotion.api import router as promotion_router
    from hangviet.reports.api import router as reports_router
    from hangviet.sellers.api import router as sellers_router
    from hangviet.trace.api import router as trace_router

    api.add_router("", catalog_router, tags=["catalog"])
    api.add_router("", sellers_router, tags=["sellers"])
    api.add_router("", core_router, tags=["administrative units"])
    api.add_router("", ocop_router, tags=["OCOP"])
    api.add_router("", orders_router, tags=["orders"])
    api.add_router("", trace_router, tags=["traceability"])
    api.add_router("", promotion_router, tags=["trade promotion"])
    api.add_router("", reports_router, tags=["indicators"])


_register_routers()
