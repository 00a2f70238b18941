"""Syndication API: the national marketplaces HàngViệt knows, and where a shop also sells."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from hangviet.sellers.models import Seller
from hangviet.syndication.marketplaces import load_marketplaces
from hangviet.syndication.queries import shop_marketplaces

router = Router()


class MarketplaceOut(Schema):
    code: str = Field(examples=["tiki"])
    name: str = Field(examples=["Tiki"])
    domains: list[str] = Field(examples=[["tiki.vn"]])
    exports: list[str] = Field(description="Spreadsheet formats a seller can export for it (may be empty)")


class ShopMarketplaceOut(Schema):
    code: str = Field(examples=["tiki"])
    name: str = Field(examples=["Tiki"])
    url: str = Field(examples=["https://tiki.vn/cua-hang/htx-mat-hoa-dua"])


@router.get("/marketplaces", response=list[MarketplaceOut], summary="Các sàn thương mại điện tử quốc gia")
def marketplaces(request: HttpRequest) -> list[MarketplaceOut]:
    return [
        MarketplaceOut(
            code=code,
            name=m.name,
            domains=list(m.domains),
            exports=list(m.export.formats) if m.export else [],
        )
        for code, m in load_marketplaces().items()
    ]


@router.get(
    "/shops/{slug}/marketplaces", response=list[ShopMarketplaceOut], summary="Gian hàng cũng bán trên sàn nào"
)
def shop_elsewhere(request: HttpRequest, slug: str) -> list[ShopMarketplaceOut]:
    seller = get_object_or_404(Seller, slug=slug, status=Seller.Status.VERIFIED)
    return [ShopMarketplaceOut(code=m.code, name=m.name, url=m.url) for m in shop_marketplaces(seller)]
