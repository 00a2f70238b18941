"""Sellers JSON API: the directory of verified shops and each shop's legal identity (Decree 52 Art. 29), and
"who am I" for an API token (the user with the shops they work for: accounts may not import sellers)."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from hangviet.accounts.auth import ANY_TOKEN
from hangviet.sellers import queries
from hangviet.sellers.models import Seller

router = Router()

SellerKind = Seller.Kind


class ShopFilterIn(Schema):
    kind: SellerKind | None = None
    province: str | None = Field(None, max_length=2)
    page: int = Field(1, ge=1, le=10000)
    page_size: int = Field(24, ge=1, le=100)


class PlaceOut(Schema):
    code: str
    name: str


class ShopSummaryOut(Schema):
    slug: str
    trading_name: str
    kind: str
    province: PlaceOut
    logo: str | None
    product_count: int


class ShopListOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[ShopSummaryOut]


class AddressOut(Schema):
    street: str
    commune: PlaceOut
    province: PlaceOut
    full: str


class ShopDetailOut(ShopSummaryOut):
    legal_name: str
    tax_code: str
    registration_number: str
    representative: str
    phone: str
    email: str
    address: AddressOut
    description: str
    verified_at: datetime.datetime | None


def _summary(seller: Seller) -> dict[str, Any]:
    return {
        "slug": seller.slug,
        "trading_name": seller.trading_name,
        "kind": seller.kind,
        "province": {"code": seller.province.code, "name": seller.province.name},
        "logo": seller.logo.url if seller.logo else None,
        "product_count": seller.product_count,  # type: ignore[attr-defined]
    }


@router.get("/shops", response=ShopListOut, summary="Verified shops")
def list_shops(request: HttpRequest, filters: Query[ShopFilterIn]) -> dict[str, Any]:
    qs = queries.verified_shops()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.province:
        qs = qs.filter(province_id=filters.province)
    start = (filters.page - 1) * filters.page_size
    count = qs.count()
    items = (
        list(qs.order_by("trading_name", "pk")[start : start + filters.page_size]) if start < count else []
    )
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "items": [_summary(s) for s in items],
    }


@router.get("/shops/{slug}", response=ShopDetailOut, summary="A verified shop and its legal identity")
def get_shop(request: HttpRequest, slug: str) -> dict[str, Any]:
    seller = get_object_or_404(queries.verified_shops(), slug=slug)
    return {
        **_summary(seller),
        "legal_name": seller.legal_name,
        "tax_code": seller.tax_code,
        "registration_number": seller.registration_number,
        "representative": seller.representative,
        "phone": seller.phone,
        "email": seller.email,
        "address": {
            "street": seller.street,
            "commune": {"code": seller.commune.code, "name": seller.commune.name},
            "province": {"code": seller.province.code, "name": seller.province.name},
            "full": seller.address,
        },
        "description": seller.description,
        "verified_at": seller.verified_at,
    }


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


# Tagged and named as when accounts served it, so the OpenAPI document and generated clients stay the same.
@router.get(
    "/me",
    response=MeOut,
    auth=ANY_TOKEN,
    summary="The user the API token belongs to",
    tags=["accounts"],
    operation_id="hangviet_accounts_api_me",
)
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
