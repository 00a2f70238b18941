"""The JSON API: one NinjaAPI, routers from each app, errors as JSON problems (RFC 9457) mapped once.

Authentication (bearer API tokens and their scopes) lives in hangviet.accounts.auth: the rooms import it
from there, never from here, since this module imports every room's router.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from hangviet.accounts.auth import ANY_SCOPE, InsufficientScope, TokenAuth
from hangviet.core.errors import DomainError, ValidationFailed


class _ScopedSchema(OpenAPISchema):
    """OpenAPI with each token-authenticated operation's scope in its security requirement."""

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        scopes = [
            a.scope for a in operation.auth_callbacks if isinstance(a, TokenAuth) and a.scope != ANY_SCOPE
        ]
        for requirement in security or []:
            if "TokenAuth" in requirement:
                requirement["TokenAuth"] = scopes
        return security


class _API(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _ScopedSchema(self, path_prefix)


api = _API(
    title="HàngViệt API",
    version="1",
    description="API của sàn thương mại điện tử tỉnh cho sản phẩm OCOP và hàng Việt. Lỗi trả về dạng "
    "application/problem+json với `code` ổn định và `errors[].field` chỉ đường dẫn trường.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def problem(
    request: HttpRequest,
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": f"about:blank#{code}",
        "title": code.replace("_", " "),
        "status": status,
        "code": code,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    # RFC 9457 extension members (e.g. "available": 3 for insufficient stock); never the standard ones.
    body.update({k: v for k, v in (extra or {}).items() if k not in body})
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


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
    return problem(request, exc.status_code, "http_error", str(exc))


def _register_routers() -> None:
    from hangviet.accounts.api import router as accounts_router
    from hangviet.catalog.api import router as catalog_router
    from hangviet.core.api import router as core_router
    from hangviet.ocop.api import router as ocop_router
    from hangviet.orders.api import router as orders_router
    from hangviet.promotion.api import router as promotion_router
    from hangviet.sellers.api import router as sellers_router
    from hangviet.trace.api import router as trace_router

    api.add_router("", catalog_router, tags=["catalog"])
    api.add_router("", sellers_router, tags=["sellers"])
    api.add_router("", core_router, tags=["administrative units"])
    api.add_router("", accounts_router, tags=["accounts"])
    api.add_router("", ocop_router, tags=["OCOP"])
    api.add_router("", orders_router, tags=["orders"])
    api.add_router("", trace_router, tags=["traceability"])
    api.add_router("", promotion_router, tags=["trade promotion"])


_register_routers()
