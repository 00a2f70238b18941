"""Sellers JSON API: the directory of verified shops and each shop's legal identity (Decree 52 Art. 29)."""

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

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


def _verified() -> QuerySet[Seller]:
    active = Q(products__status="active")
    return (
        Seller.objects.filter(status=Seller.Status.VERIFIED)
        .select_related("province", "commune")
        .annotate(product_count=Count("products", filter=active))
    )


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
    qs = _verified()
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
    seller = get_object_or_404(_verified(), slug=slug)
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
