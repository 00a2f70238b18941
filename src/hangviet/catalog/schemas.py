"""Input and output shapes of the catalog API (money is integer VND)."""

import datetime
from typing import Literal, get_args

from ninja import Field, Schema

from hangviet.catalog.models import Category, Product, StockMove
from hangviet.catalog.search import SORTS
from hangviet.core import limits
from hangviet.core.schemas import BodyIn
from hangviet.sellers.models import Seller

SortName = Literal["relevance", "price_asc", "price_desc", "newest", "stars"]
SellerKind = Literal["enterprise", "cooperative", "household", "individual"]
UnitName = Literal[
    "chai", "hũ", "gói", "kg", "hộp", "túi", "lon", "cái", "bộ", "lít", "bó", "chậu", "vé", "khay", "đòn",
    "trái", "tuýp",
]  # fmt: skip
StatusName = Literal["draft", "active", "archived"]

assert set(get_args(SortName)) == set(SORTS)
assert set(get_args(SellerKind)) == set(Seller.Kind.values)
assert set(get_args(StatusName)) == set(Product.Status.values)


class ProductFilterIn(Schema):
    q: str = Field("", max_length=200)
    category: str | None = Field(None, max_length=limits.max_length(Category, "slug"))
    min_stars: int | None = Field(None, ge=1, le=5)
    province: str | None = Field(None, max_length=2)
    commune: str | None = Field(None, max_length=5)
    price_min: int | None = Field(None, ge=0, le=limits.PRICE_MAX_VND)
    price_max: int | None = Field(None, ge=0, le=limits.PRICE_MAX_VND)
    in_stock: bool | None = None
    seller_kind: SellerKind | None = None
    sort: SortName = "relevance"
    page: int = Field(1, ge=1, le=10000)
    page_size: int = Field(24, ge=1, le=100)


class SellerRefOut(Schema):
    slug: str
    name: str


class OriginOut(Schema):
    province_code: str | None
    commune_code: str | None


class ProductSummaryOut(Schema):
    slug: str
    name: str
    price_vnd: int
    unit: str
    stock: int
    ocop_stars: int
    seller: SellerRefOut
    origin: OriginOut
    url: str
    image: str | None


class CategoryFacetOut(Schema):
    slug: str
    name: str
    count: int


class StarsFacetOut(Schema):
    stars: int
    count: int


class ProvinceFacetOut(Schema):
    code: str
    name: str
    count: int


class FacetsOut(Schema):
    category: list[CategoryFacetOut]
    stars: list[StarsFacetOut]
    province: list[ProvinceFacetOut]


class ProductListOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProductSummaryOut]
    facets: FacetsOut
    approximate: bool = Field(
        False,
        description="No product matches every word of `q`: these are its most relevant look-alikes "
        "(one-letter typos, then any word), at most one page of them.",
    )


class ImageOut(Schema):
    url: str
    thumbnail: str | None
    width: int
    height: int
    alt: str


class CategoryRefOut(Schema):
    slug: str
    name: str


class ProductCertificateOut(Schema):
    """A product's current OCOP certificate in brief (the full record is ocop's CertificateOut)."""

    number: str
    stars: int
    expires_on: datetime.date
    status: str  # "valid" or "expiring" (≤ 30 days left)


class ProductDetailOut(ProductSummaryOut):
    status: str
    sku: str
    description: str
    net_quantity: str
    gtin: str
    category: CategoryRefOut
    images: list[ImageOut]
    certificate: ProductCertificateOut | None


class CategoryOut(Schema):
    code: str
    slug: str
    name: str
    name_en: str
    children: list["CategoryOut"]


class SuggestionOut(Schema):
    type: Literal["product", "category"]
    name: str
    slug: str


class ProductIn(BodyIn):
    name: str = Field(..., min_length=1, max_length=limits.max_length(Product, "name"))
    category: str = Field(
        ..., max_length=limits.max_length(Category, "slug"), description="slug of the category"
    )
    unit: UnitName
    price_vnd: int = Field(..., gt=0, le=limits.PRICE_MAX_VND)
    sku: str = Field(..., min_length=1, max_length=limits.max_length(Product, "sku"))
    description: str = Field("", max_length=20000)
    net_quantity: str = Field("", max_length=limits.max_length(Product, "net_quantity"))
    gtin: str = Field("", max_length=limits.max_length(Product, "gtin"))
    origin_commune: str | None = Field(None, max_length=5, description="commune code")
    status: StatusName = "draft"
    stock: int = Field(0, ge=0, le=limits.STOCK_MAX)


class ProductPatchIn(BodyIn):
    name: str | None = Field(None, min_length=1, max_length=limits.max_length(Product, "name"))
    category: str | None = Field(None, max_length=limits.max_length(Category, "slug"))
    unit: UnitName | None = None
    price_vnd: int | None = Field(None, gt=0, le=limits.PRICE_MAX_VND)
    sku: str | None = Field(None, min_length=1, max_length=limits.max_length(Product, "sku"))
    description: str | None = Field(None, max_length=20000)
    net_quantity: str | None = Field(None, max_length=limits.max_length(Product, "net_quantity"))
    gtin: str | None = Field(None, max_length=limits.max_length(Product, "gtin"))
    origin_commune: str | None = Field(None, max_length=5)
    status: StatusName | None = None


class StockIn(BodyIn):
    stock: int = Field(..., ge=0, le=limits.STOCK_MAX)
    reason: str = Field(..., min_length=1, max_length=limits.max_length(StockMove, "reason"))


class StockAdjustIn(BodyIn):
    delta: int = Field(..., ge=-limits.QUANTITY_MAX, le=limits.QUANTITY_MAX)
    reason: str = Field(..., min_length=1, max_length=limits.max_length(StockMove, "reason"))
