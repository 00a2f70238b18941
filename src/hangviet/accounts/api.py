"""Accounts API: who am I (for integrators checking their token)."""

from django.http import HttpRequest
from ninja import Router, Schema

from hangviet.accounts import queries
from hangviet.config.api import token_auth

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


@router.get("/me", response=MeOut, auth=token_auth, summary="The user the API token belongs to")
def me(request: HttpRequest) -> MeOut:
    user = request.auth  # type: ignore[attr-defined]
    return MeOut(
        id=user.pk,
        email=user.email,
        phone=user.phone,
        full_name=user.full_name,
        is_officer=user.is_officer,
        memberships=[MembershipOut(seller=m.seller.slug, role=m.role) for m in queries.memberships_of(user)],
    )
