"""API authentication: bearer tokens (ApiToken) and the scope each authenticated operation needs.

Every operation that takes a token declares its scope once, where it is routed:

    @router.patch("/products/{slug}", auth=CATALOG_TOKEN)     # = TokenAuth(Scope.CATALOG)

A valid token without that scope gets 403 `insufficient_scope` naming the scope (RFC 6750:
`WWW-Authenticate: Bearer error="insufficient_scope", scope="catalog"`); a missing, unknown or revoked
token gets 401. The request then carries `request.auth` (the token's user) and `request.api_token`.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from hangviet.accounts.models import ApiToken
from hangviet.core.errors import DomainError

Scope = ApiToken.Scope
ANY_SCOPE = "any"  # for operations about the token itself (who am I): any valid token may call them


class InsufficientScope(DomainError):
    code = "insufficient_scope"
    status = 403
    message = _("Khoá API này không có phạm vi cần cho thao tác này.")

    def __init__(self, scope: str) -> None:
        super().__init__(
            _("Khoá API này không có phạm vi “%(scope)s” cần cho thao tác này.") % {"scope": scope},
            scope=scope,
        )
        self.scope = scope


class TokenAuth(HttpBearer):
    """Bearer API token holding `scope` (an ApiToken.Scope, or ANY_SCOPE): required, so none is forgotten."""

    def __init__(self, scope: str) -> None:
        if scope != ANY_SCOPE and scope not in Scope.values:
            raise ValueError(f"Unknown API token scope {scope!r}; one of {[*Scope.values, ANY_SCOPE]}.")
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        if self.scope != ANY_SCOPE and self.scope not in found.scopes:
            raise InsufficientScope(self.scope)
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


# One per scope, for the routers: `auth=CATALOG_TOKEN`.
READ_TOKEN = TokenAuth(Scope.READ)
CATALOG_TOKEN = TokenAuth(Scope.CATALOG)
ORDERS_TOKEN = TokenAuth(Scope.ORDERS)
TRACE_TOKEN = TokenAuth(Scope.TRACE)
ANY_TOKEN = TokenAuth(ANY_SCOPE)
