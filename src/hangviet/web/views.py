"""Public pages of the marketplace: home, search and browse, policy pages, health check."""

import logging
import math
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hangviet.catalog.models import Category, Product
from hangviet.catalog.queries import public_products, with_sold_counts
from hangviet.catalog.search import SearchResult, search_products
from hangviet.core.templatetags.hv import localized_name
from hangviet.sellers.queries import verified_shops
from hangviet.web.forms import SearchForm

log = logging.getLogger(__name__)

FEATURED_COUNT = 8
SHOP_COUNT = 6


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers and crawlers ask for /favicon.ico whatever the page says: send them to the static icon."""
    return HttpResponsePermanentRedirect(static("web/favicon.ico"))


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok"} when the database answers and pages can render, 503 otherwise (for probes)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    try:
        # Every page links its stylesheet through {% static %}: without the static files' manifest (no
        # collectstatic, or an older one) each page is a 500 while the database answers fine.
        render_to_string("web/_healthz.html")
    except Exception:
        log.warning("healthz: pages cannot render", exc_info=True)
        return JsonResponse(
            {"status": "error", "pages": "cannot render (static files missing or stale)"}, status=503
        )
    return JsonResponse({"status": "ok"})


def with_first_images(products: list[Product]) -> list[Product]:
    """Load every listed product's images in one query (cards show the first one), and its sold count."""
    prefetch_related_objects(products, "images")
    return with_sold_counts(products)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Featured OCOP products (most stars, in stock), the six OCOP groups, some shops."""
    featured = with_first_images(
        list(
            public_products()
            .filter(ocop_stars__gt=0, stock__gt=0)
            .order_by("-ocop_stars", "-created_at")[:FEATURED_COUNT]
        )
    )
    groups = list(Category.objects.filter(parent__isnull=True))
    shops = list(verified_shops().order_by("-product_count", "trading_name")[:SHOP_COUNT])  # type: ignore[misc]
    return render(request, "web/home.html", {"featured": featured, "groups": groups, "shops": shops})


def pagination(result: SearchResult) -> dict[str, Any]:
    """Page numbers to link: the first, the last and two either side of the current one."""
    pages = max(1, math.ceil(result.count / result.page_size)) if result.page_size else 1
    window = sorted({1, pages, *range(max(1, result.page - 2), min(pages, result.page + 2) + 1)})
    return {
        "pages": pages,
        "window": window,
        "previous": result.page - 1 if result.page > 1 else None,
        "next": result.page + 1 if result.page < pages else None,
    }


def category_options(
    categories: list[Category], facet: list[dict[str, Any]], parent: Category | None
) -> list[dict[str, Any]]:
    """The categories to offer as filters, with counts when the search gave them, in the page's language."""
    by_slug = {c.slug: c for c in categories}
    if facet:
        return [
            {
                "slug": row["slug"],
                "name": localized_name(by_slug[row["slug"]]) if row["slug"] in by_slug else row["name"],
                "count": row["count"],
            }
            for row in facet
        ]
    parent_id = parent.pk if parent else None
    return [
        {"slug": c.slug, "name": localized_name(c), "count": None}
        for c in categories
        if c.parent_id == parent_id
    ]


def stars_at_least(facet: list[dict[str, Any]]) -> dict[str, int]:
    """Counts for "3 stars and up" style choices from the per-star facet: {"3": n, "4": n, "5": n}."""
    return {str(n): sum(row["count"] for row in facet if row["stars"] >= n) for n in (3, 4, 5)}


def _results_page(
    request: HttpRequest, categories: list[Category], category: Category | None = None
) -> HttpResponse:
    form = SearchForm(request.GET)
    is_valid = form.is_valid()
    params = form.params(**({"category": category.slug} if category else {}))
    result = search_products(params)
    with_first_images(result.items)
    facets = result.facets or {}
    context = {
        "form": form,
        "params": params,
        "result": result,
        "facets": facets,
        "category": category,
        "category_options": category_options(categories, facets.get("category", []), category),
        "star_counts": stars_at_least(facets.get("stars", [])) if facets.get("stars") is not None else {},
        "paging": pagination(result),
    }
    return render(request, "web/search.html", context, status=200 if is_valid else 400)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Search results with facets, sort and pages; bad parameters give a 400 page with the reasons."""
    return _results_page(request, list(Category.objects.all()))


@require_safe
def browse(request: HttpRequest, category_slug: str) -> HttpResponse:
    """One category (and everything below it), with the same filters as the search."""
    categories = list(Category.objects.all())  # the whole tree is small: one query serves every link
    by_pk = {c.pk: c for c in categories}
    category = next((c for c in categories if c.slug == category_slug), None)
    if category is None:
        raise Http404
    if category.parent_id:
        category.parent = by_pk[category.parent_id]
    return _results_page(request, categories, category)


@require_safe
def terms(request: HttpRequest) -> HttpResponse:
    """The operating rules (quy chế hoạt động, Decree 52/2013 Art. 38)."""
    return render(request, "web/terms.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """The personal-data policy (Law 91/2025/QH15)."""
    return render(request, "web/privacy.html")
