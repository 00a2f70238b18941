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
from hangviet.catalog.versions import catalog_version
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


def _page_key(request: HttpRequest, version: int, slug: str, today: datetime.date) -> str:
    """What a product page's content depends on: the catalog version, language, day, site address, slug."""
    parts = [str(version), get_language() or "", today.isoformat(), request.build_absolute_uri("/"), slug]
    return "catalog:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


def _whole_page_key(request: HttpRequest, version: int, today: datetime.date) -> str:
    """The whole page of an anonymous visitor: the same, with the full address (the header's search box
    and the language form's return address read it)."""
    parts = [str(version), get_language() or "", today.isoformat(), request.build_absolute_uri()]
    return "catalog:whole-page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


def _sees_the_common_page(request: HttpRequest) -> bool:
    """An anonymous visitor with no message waiting sees what every other one sees."""
    return not request.user.is_authenticated and not len(get_messages(request))


@require_safe
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A public product; its seller's members may preview a non-public one (with a banner).

    The content of a public product's page (everything but the per-request header, footer, CSRF token
    and CSP nonce) is cached under the catalog version, so any catalog write shows at once; for anonymous
    visitors the whole page is, with this response's CSRF token and CSP nonce put in.
    """
    today = timezone.localdate()
    seconds = settings.CATALOG_CACHE_SECONDS
    if seconds <= 0:
        page, _ = _product_page(request, slug, today)
        return _with_tokens(request, render_to_string("catalog/product_detail.html", {"page": page}, request))
    version = catalog_version()
    whole_key = _whole_page_key(request, version, today) if _sees_the_common_page(request) else None
    html = cache.get(whole_key) if whole_key else None
    if html is None:
        key = _page_key(request, version, slug, today)
        page = cache.get(key)
        if page is None:
            page, is_preview = _product_page(request, slug, today)
            if is_preview:
                return _with_tokens(
                    request, render_to_string("catalog/product_detail.html", {"page": page}, request)
                )
            cache.set(key, page, seconds)
        if whole_key is None:
            return _with_tokens(
                request, render_to_string("catalog/product_detail.html", {"page": page}, request)
            )
        placeholders = {"page": page, "csrf_token": _CSRF_PLACEHOLDER, "csp_nonce": _NONCE_PLACEHOLDER}
        html = render_to_string("catalog/product_detail.html", placeholders, request)
        cache.set(whole_key, html, seconds)
    return _with_tokens(request, html)


def _with_tokens(request: HttpRequest, html: str) -> HttpResponse:
    """The page with this response's own CSRF token (which also sets the CSRF cookie, as {% csrf_token %}
    would) and CSP nonce in place of the stand-ins that the cached parts carry."""
    lazy_nonce = get_nonce(request)  # false until generated: str() generates it
    nonce = "" if lazy_nonce is None else str(lazy_nonce)
    html = html.replace(_CSRF_PLACEHOLDER, get_token(request)).replace(_NONCE_PLACEHOLDER, nonce)
    return HttpResponse(html)


def _product_page(request: HttpRequest, slug: str, today: datetime.date) -> tuple[dict[str, Any], bool]:
    """The page's title, description, JSON-LD data and rendered content; whether it is a preview."""
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
    return page, is_preview


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
