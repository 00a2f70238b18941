"""Public catalog pages: a product (with its schema.org JSON-LD) and a shop with its products."""

import datetime
import hashlib
from html import unescape
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from hangviet.catalog.models import Product, ProductImage
from hangviet.catalog.queries import (
    current_certificate,
    product_reviews,
    public_products,
    related_products,
    shop_rating,
    with_sold_counts,
)
from hangviet.catalog.versions import PAGES, product_key, seller_key, versions
from hangviet.sellers.models import Seller
from hangviet.sellers.permissions import can_manage

SHOP_PAGE_SIZE = 24
SCHEMA = "https://schema.org/"


def plain_text(html: str) -> str:
    """Sanitised description HTML as one line of text (block ends become spaces, entities decoded)."""
    return " ".join(unescape(strip_tags(html.replace(">", "> "))).split())


def gtin_property(gtin: str) -> dict[str, str]:
    """gtin13 for an EAN-13 stored as 14 digits with a leading 0, else gtin14; nothing without a GTIN."""
    if len(gtin) != 14 or not gtin.isdigit():
        return {}
    if gtin.startswith("0"):
        return {"gtin13": gtin[1:]}
    return {"gtin14": gtin}


def product_jsonld(
    request: HttpRequest, product: Product, images: list[ProductImage], rating: Any = None
) -> dict[str, Any]:
    """schema.org Product: the same name, price, stock state, identifiers and rating the page shows (an
    aggregateRating only with at least one visible review: Google refuses one with a count of 0)."""
    url = request.build_absolute_uri(reverse("catalog:product", args=[product.slug]))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "sku": product.sku,
        "url": url,
        "brand": {"@type": "Brand", "name": product.seller.trading_name},
        "offers": {
            "@type": "Offer",
            "price": product.price_vnd,
            "priceCurrency": "VND",
            "availability": SCHEMA + ("InStock" if product.stock > 0 else "OutOfStock"),
            "itemCondition": SCHEMA + "NewCondition",
            "url": url,
            "seller": {"@type": "Organization", "name": product.seller.legal_name},
        },
    }
    if images:
        data["image"] = [request.build_absolute_uri(img.image.url) for img in images]
    if product.description:
        data["description"] = plain_text(product.description)
    data.update(gtin_property(product.gtin))
    if rating is not None and rating.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": rating.average,
            "reviewCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data


# Stand-ins rendered into a cached anonymous page, replaced by each response's own token and nonce.
_CSRF_PLACEHOLDER = "hv-csrf-token-placeholder-7c1e9a"
_NONCE_PLACEHOLDER = "hv-csp-nonce-placeholder-52b4d0"


def _page_key(request: HttpRequest, slug: str, today: datetime.date) -> str:
    """Where a product page's content is cached: language, day, site address, slug (the versions it
    depends on are stored with it and checked on every read)."""
    parts = [get_language() or "", today.isoformat(), request.build_absolute_uri("/"), slug]
    return "catalog:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


def _whole_page_key(request: HttpRequest, today: datetime.date) -> str:
    """The whole page of an anonymous visitor: the same, with the full address (the header's search box
    and the language form's return address read it)."""
    parts = [get_language() or "", today.isoformat(), request.build_absolute_uri()]
    return "catalog:whole-page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


def _page_versions(product_id: int, seller_id: int) -> list[str]:
    """The versions a product page depends on: its product's, its seller's, and what every page shows."""
    return [PAGES, product_key(product_id), seller_key(seller_id)]


def _current(entry: dict[str, Any] | None) -> bool:
    """A cached entry made under versions that are still current (a write to what it shows changes one)."""
    return entry is not None and versions(entry["versions"]) == entry["stamp"]


def _sees_the_common_page(request: HttpRequest) -> bool:
    """An anonymous visitor with no message waiting sees what every other one sees."""
    return not request.user.is_authenticated and not len(get_messages(request))


@require_safe
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A public product; its seller's members may preview a non-public one (with a banner).

    The content of a public product's page (everything but the per-request header, footer, CSRF token
    and CSP nonce) is cached with the versions of that product, its seller and the catalog-wide pages
    (catalog.versions), read before the database: a write to any of them shows at once, while a checkout
    of another product leaves this page cached. For anonymous visitors the whole page is cached, with this
    response's CSRF token and CSP nonce put in. X-Cache says whether the page came from the cache.
    """
    today = timezone.localdate()
    seconds = settings.CATALOG_CACHE_SECONDS
    if seconds <= 0:
        page, _preview, _ids = _product_page(request, slug, today)
        return _render(request, page)
    whole_key = _whole_page_key(request, today) if _sees_the_common_page(request) else None
    key = _page_key(request, slug, today)
    entries = cache.get_many([k for k in (whole_key, key) if k])
    whole = entries.get(whole_key) if whole_key else None
    if whole is not None and _current(whole):
        return _with_tokens(request, whole["html"], "hit")
    content = entries.get(key)
    state = "hit" if _current(content) else "miss"
    if state == "miss":
        ids = Product.objects.filter(slug=slug).values_list("pk", "seller_id").first()
        if ids is None:
            raise Http404
        names = _page_versions(*ids)
        stamp = versions(names)  # before the rows are read: a write meanwhile leaves a stale stamp
        page, is_preview, rendered_ids = _product_page(request, slug, today)
        if is_preview or rendered_ids != ids:  # a preview, or the slug moved meanwhile: never cached
            return _render(request, page)
        content = {"versions": names, "stamp": stamp, "page": page}
        cache.set(key, content, seconds)
    assert content is not None
    if whole_key is None:
        return _render(request, content["page"], state)
    placeholders = {"page": content["page"], "csrf_token": _CSRF_PLACEHOLDER, "csp_nonce": _NONCE_PLACEHOLDER}
    html = render_to_string("catalog/product_detail.html", placeholders, request)
    cache.set(whole_key, {"versions": content["versions"], "stamp": content["stamp"], "html": html}, seconds)
    return _with_tokens(request, html, state)


def _render(request: HttpRequest, page: dict[str, Any], state: str = "miss") -> HttpResponse:
    """The page around its content, rendered for this request."""
    html = render_to_string("catalog/product_detail.html", {"page": page}, request)
    return _with_tokens(request, html, state)


def _with_tokens(request: HttpRequest, html: str, state: str = "miss") -> HttpResponse:
    """The page with this response's own CSRF token (which also sets the CSRF cookie, as {% csrf_token %}
    would) and CSP nonce in place of the stand-ins that the cached parts carry."""
    lazy_nonce = get_nonce(request)  # false until generated: str() generates it
    nonce = "" if lazy_nonce is None else str(lazy_nonce)
    html = html.replace(_CSRF_PLACEHOLDER, get_token(request)).replace(_NONCE_PLACEHOLDER, nonce)
    response = HttpResponse(html)
    response["X-Cache"] = state  # whether the catalog cache answered (bench/mixed.py counts the hit rate)
    return response


def _product_page(
    request: HttpRequest, slug: str, today: datetime.date
) -> tuple[dict[str, Any], bool, tuple[int, int]]:
    """The page's title, description, JSON-LD data and rendered content; whether it is a preview; the
    product's and its seller's ids."""
    product = get_object_or_404(
        Product.objects.select_related(
            "seller__commune", "seller__province", "category__parent", "origin_commune__province"
        ).prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))),
        slug=slug,
    )
    is_preview = not product.is_public
    if is_preview and not can_manage(request.user, product.seller):
        raise Http404
    certificate = current_certificate(product, today)
    images = list(product.images.all())
    related = related_products(product) if not is_preview else []
    prefetch_related_objects(related, "images")
    with_sold_counts([product, *related])  # one query for the product and its related ones
    reviews = product_reviews(product) if not is_preview else None
    rating = reviews["rating"] if reviews else None
    context = {
        "product": product,
        "seller": product.seller,
        "images": images,
        "certificate": certificate,
        "certificate_state": certificate.status_on(today) if certificate else None,
        "is_preview": is_preview,
        "jsonld": product_jsonld(request, product, images, rating),
        "rating": rating,
        "reviews": reviews["reviews"] if reviews else [],
        "related": related,
        # The content is cached and shared: forms in it (the add-to-cart panel) carry the stand-in.
        "csrf_token": _CSRF_PLACEHOLDER,
    }
    page = {
        "title": product.name,
        "description": Truncator(context["jsonld"].get("description") or product.name).chars(160),
        "jsonld": context["jsonld"],
        "content": render_to_string("catalog/_product_content.html", context),
    }
    return page, is_preview, (product.pk, product.seller_id)


@require_safe
def shop_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A verified seller's shop: identity, contact and its public products, paginated."""
    seller = get_object_or_404(Seller.objects.select_related("commune", "province"), slug=slug)
    is_preview = not seller.is_verified
    if is_preview and not can_manage(request.user, seller):
        raise Http404
    products = (
        public_products().filter(seller=seller) if not is_preview else Product.objects.filter(seller=seller)
    )
    products = (
        products.select_related("seller", "category")
        .prefetch_related("images")
        .order_by("-ocop_stars", "-created_at", "pk")
    )
    paginator = Paginator(products, SHOP_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = with_sold_counts(list(page.object_list))
    context = {
        "seller": seller,
        "rating": shop_rating(seller),
        "page": page,
        "ocop_count": products.filter(ocop_stars__gt=0).count() if page.paginator.count else 0,
        "is_preview": is_preview,
    }
    return render(request, "catalog/shop_detail.html", context)
