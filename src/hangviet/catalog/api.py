"""Catalog JSON API: product search and details, categories, suggestions, and sellers' product writes."""

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from hangviet.accounts.auth import CATALOG_TOKEN
from hangviet.accounts.models import User
from hangviet.catalog import services, stock
from hangviet.catalog.models import Category, Product, ProductImage
from hangviet.catalog.queries import current_certificate, public_products
from hangviet.catalog.schemas import (
    CategoryOut,
    ProductDetailOut,
    ProductFilterIn,
    ProductIn,
    ProductListOut,
    ProductPatchIn,
    StockAdjustIn,
    StockIn,
    SuggestionOut,
)
from hangviet.catalog.search import SearchParams, search_products, suggest
from hangviet.core.errors import ValidationFailed
from hangviet.core.models import Commune
from hangviet.sellers.permissions import can_manage, member_shop

router = Router()

REQUIRED_FIELDS = ("name", "category", "unit", "price_vnd", "sku", "status")
_IMAGES = Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))


def _image_url(image: ProductImage) -> str:
    return (image.thumbnail or image.image).url


def _summary(product: Product) -> dict[str, Any]:
    images = list(product.images.all())
    commune = product.origin_commune
    return {
        "slug": product.slug,
        "name": product.name,
        "price_vnd": product.price_vnd,
        "unit": product.unit,
        "stock": product.stock,
        "ocop_stars": product.ocop_stars,
        "seller": {"slug": product.seller.slug, "name": product.seller.trading_name},
        "origin": {
            "province_code": commune.province_id if commune else product.seller.province_id,
            "commune_code": commune.code if commune else product.seller.commune_id,
        },
        "url": reverse("catalog:product", kwargs={"slug": product.slug}),
        "image": _image_url(images[0]) if images else None,
    }


def _certificate(product: Product) -> dict[str, Any] | None:
    today = timezone.localdate()
    found = current_certificate(product, today)
    if found is None:
        return None
    return {
        "number": found.number,
        "stars": found.stars,
        "expires_on": found.expires_on,
        "status": found.status_on(today),
    }


def _detail(product: Product) -> dict[str, Any]:
    return {
        **_summary(product),
        "status": product.status,
        "sku": product.sku,
        "description": product.description,
        "net_quantity": product.net_quantity,
        "gtin": product.gtin,
        "category": {"slug": product.category.slug, "name": product.category.name},
        "images": [
            {
                "url": image.image.url,
                "thumbnail": image.thumbnail.url if image.thumbnail else None,
                "width": image.width,
                "height": image.height,
                "alt": image.alt,
            }
            for image in product.images.all()
        ],
        "certificate": _certificate(product),
    }


def _reload(product: Product) -> Product:
    return (
        Product.objects.select_related("seller", "category", "origin_commune")
        .prefetch_related(_IMAGES)
        .get(pk=product.pk)
    )


# --- Public reads --------------------------------------------------------------------------------


@router.get("/products", response=ProductListOut, summary="Search and filter public products")
def list_products(
    request: HttpRequest, response: HttpResponse, filters: Query[ProductFilterIn]
) -> dict[str, Any]:
    low, high = filters.price_min, filters.price_max
    if low is not None and high is not None and low > high:  # would silently find nothing
        raise ValidationFailed(
            [
                {
                    "field": "query.price_max",
                    "code": "price_range_reversed",
                    "message": _("Giá đến phải lớn hơn hoặc bằng giá từ."),
                }
            ]
        )
    result = search_products(SearchParams(**filters.dict()))
    response["X-Cache"] = "hit" if result.from_cache else "miss"  # bench/mixed.py counts the hit rate
    prefetch_related_objects(result.items, _IMAGES)  # the page's images in one query
    return {
        "count": result.count,
        "page": result.page,
        "page_size": result.page_size,
        "items": [_summary(p) for p in result.items],
        "facets": result.facets,
        "approximate": result.approximate,
    }


@router.get("/products/{slug}", response=ProductDetailOut, summary="A public product")
def get_product(request: HttpRequest, slug: str) -> dict[str, Any]:
    product = get_object_or_404(public_products().prefetch_related(_IMAGES), slug=slug)
    return _detail(product)


@router.get("/categories", response=list[CategoryOut], summary="The category tree (OCOP groups first)")
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    nodes: dict[int | None, list[dict[str, Any]]] = {}
    for c in Category.objects.order_by("position", "code"):
        nodes.setdefault(c.parent_id, []).append(
            {"id": c.pk, "code": c.code, "slug": c.slug, "name": c.name, "name_en": c.name_en}
        )

    def tree(parent: int | None) -> list[dict[str, Any]]:
        return [{**node, "children": tree(node["id"])} for node in nodes.get(parent, [])]

    return tree(None)


@router.get("/suggest", response=list[SuggestionOut], summary="Product names and categories as you type")
def get_suggestions(request: HttpRequest, q: str = "") -> list[dict[str, str]]:
    return suggest(q[:200])


# --- Seller writes (bearer token; the user must be a member of the product's seller) ----------------


def _resolve_refs(data: dict[str, Any]) -> dict[str, Any]:
    """Category slug and commune code in the body → the objects the services take."""
    errors = []
    if "category" in data:
        category = Category.objects.filter(slug=data["category"]).first()
        if category is None:
            errors.append(
                {"field": "category", "code": "unknown_category", "message": _("Danh mục không tồn tại.")}
            )
        data["category"] = category
    if "origin_commune" in data:
        code = data["origin_commune"]
        commune = Commune.objects.filter(code=code).first() if code else None
        if code and commune is None:
            errors.append(
                {
                    "field": "origin_commune",
                    "code": "unknown_commune",
                    "message": _("Xã/phường không tồn tại."),
                }
            )
        data["origin_commune"] = commune
    if errors:
        raise ValidationFailed(errors)
    return data


def _actor(request: HttpRequest) -> User:
    """The user the API token belongs to."""
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _product_for_write(request: HttpRequest, slug: str) -> Product:
    """The product named by `slug`: a draft of another seller does not exist for this user (404)."""
    product = Product.objects.select_related("seller").filter(slug=slug).first()
    if product is None or (not product.is_public and not can_manage(_actor(request), product.seller)):
        raise Http404
    return product


@router.post(
    "/sellers/{shop_slug}/products",
    response={201: ProductDetailOut},
    auth=CATALOG_TOKEN,
    summary="A seller member adds a product",
)
def create_product(request: HttpRequest, shop_slug: str, body: ProductIn) -> tuple[int, dict[str, Any]]:
    seller = member_shop(_actor(request), shop_slug)  # another shop's workspace: 404, as the pages
    data = _resolve_refs(body.dict())
    product = services.create_product(actor=_actor(request), seller=seller, **data)
    return 201, _detail(_reload(product))


@router.patch("/products/{slug}", response=ProductDetailOut, auth=CATALOG_TOKEN, summary="Edit a product")
def update_product(request: HttpRequest, slug: str, body: ProductPatchIn) -> dict[str, Any]:
    product = _product_for_write(request, slug)
    changes = _resolve_refs(body.dict(exclude_unset=True))
    nulls = [k for k in REQUIRED_FIELDS if k in changes and changes[k] is None]
    if nulls:
        raise ValidationFailed(
            [{"field": k, "code": "required", "message": _("Trường này là bắt buộc.")} for k in nulls]
        )
    for key in ("description", "net_quantity", "gtin"):
        if key in changes and changes[key] is None:
            changes[key] = ""
    updated = services.update_product(actor=_actor(request), product=product, **changes)
    return _detail(_reload(updated))


@router.put("/products/{slug}/stock", response=ProductDetailOut, auth=CATALOG_TOKEN, summary="Set the stock")
def set_stock(request: HttpRequest, slug: str, body: StockIn) -> dict[str, Any]:
    product = _product_for_write(request, slug)
    updated = stock.set_stock(
        actor=_actor(request),
        product=product,
        stock=body.stock,
        reason=body.reason,
    )
    return _detail(_reload(updated))


@router.post(
    "/products/{slug}/stock/adjust",
    response=ProductDetailOut,
    auth=CATALOG_TOKEN,
    summary="Add or remove stock",
)
def adjust_stock(request: HttpRequest, slug: str, body: StockAdjustIn) -> dict[str, Any]:
    product = _product_for_write(request, slug)
    updated = stock.adjust_stock(
        actor=_actor(request),
        product=product,
        delta=body.delta,
        reason=body.reason,
    )
    return _detail(_reload(updated))
