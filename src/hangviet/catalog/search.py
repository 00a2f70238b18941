"""Product search. INTERFACE STUB: the search work replaces the body, keeping these signatures."""

from dataclasses import dataclass, field
from typing import Any

from hangviet.catalog.models import Product
from hangviet.catalog.queries import public_products
from hangviet.core.text import fold

SORTS = ("relevance", "price_asc", "price_desc", "newest", "stars")


@dataclass
class SearchParams:
    q: str = ""
    category: str | None = None  # category slug; matches the category and its descendants
    min_stars: int | None = None
    province: str | None = None  # province code
    commune: str | None = None  # commune code
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool | None = None
    seller_kind: str | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 24


@dataclass
class SearchResult:
    count: int
    items: list[Product]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 24


def search_products(params: SearchParams) -> SearchResult:
    qs = public_products()
    if params.q:
        qs = qs.filter(name_folded__contains=fold(params.q))
    start = (params.page - 1) * params.page_size
    return SearchResult(
        qs.count(), list(qs[start : start + params.page_size]), {}, params.page, params.page_size
    )


def suggest(q: str, limit: int = 10) -> list[dict[str, str]]:
    return [
        {"name": p.name, "slug": p.slug}
        for p in public_products().filter(name_folded__startswith=fold(q))[:limit]
    ]
