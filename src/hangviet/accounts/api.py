"""Accounts API: who am I, and what may this token do (for integrators checking their token)."""

from django.http import HttpRequest
from ninja import Router, Schema

from hangviet.accounts import queries
from hangviet.accounts.auth import ANY_TOKEN

router = Router()


class MembershipOut(Schema):
    seller: str  # the seller's slug
    role: str  # "owner" or "staff"


class MeOut(Schema):
    id: int
    email: str | None
    phone: str | None
    full_name: str
    is_officer: bool
    memberships: list[MembershipOut]
    scopes: list[str]  # what the token may do: "read", "catalog", "orders", "trace"


@router.get("/me", response=MeOut, auth=ANY_TOKEN, summary="The user the API token belongs to")
def me(request: HttpRequest) -> MeOut:
    user = request.auth  # type: ignore[attr-defined]
    return MeOut(
        id=user.pk,
        email=user.email,
        phone=user.phone,
        full_name=user.full_name,
        is_officer=user.is_officer,
        memberships=[MembershipOut(seller=m.seller.slug, role=m.role) for m in queries.memberships_of(user)],
        scopes=request.api_token.scope_values(),  # type: ignore[attr-defined]
    )
